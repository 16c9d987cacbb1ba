/**
 * `npm run bench`: runs every benchmark and prints ratios against a baseline measured
 * in the same run (absolute numbers depend on the machine; ratios much less).
 *
 * Sizes can be tuned with BENCH_ROUNDS, BENCH_SEQUENTIAL, BENCH_CONCURRENT and
 * BENCH_STARTUP_ROUNDS. `BENCH_ONLY=connection`, `BENCH_ONLY=startup` or
 * `BENCH_ONLY=storage` runs one of them (storage takes about 90 s: it builds nubes,
 * starts its own Swift and moves 256 MiB and 1 GiB; startup builds nubes and starts
 * ~100 node processes).
 */
import { benchConnection, formatResults } from './connection.js';
import { benchBundles, benchStartup, formatStartupRows } from './startup.js';
import { formatStorageRows, runStorageBench } from './storage.js';

function sized(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(value)})`);
  return n;
}

const options = {
  log: (line: string): void => console.log(line),
  ...(sized('BENCH_ROUNDS') !== undefined ? { rounds: sized('BENCH_ROUNDS')! } : {}),
  ...(sized('BENCH_SEQUENTIAL') !== undefined ? { sequential: sized('BENCH_SEQUENTIAL')! } : {}),
  ...(sized('BENCH_CONCURRENT') !== undefined ? { concurrent: sized('BENCH_CONCURRENT')! } : {}),
};

const only = process.env.BENCH_ONLY;
const BENCHES = ['connection', 'startup', 'storage', 'libcloud'];
if (only !== undefined && !BENCHES.includes(only)) {
  throw new Error(`BENCH_ONLY must be one of ${BENCHES.join(', ')} (got ${JSON.stringify(only)})`);
}
if (only === undefined || only === 'connection') {
  console.log(`nubes connection bench (node ${process.version}, ${process.platform}/${process.arch})`);
  const results = await benchConnection(options);
  console.log('\nmedian over rounds (ratio = nubes / baseline, target >= 0.8x):');
  console.log(formatResults(results));
}
if (only === undefined || only === 'startup') {
  const { execFileSync } = await import('node:child_process');
  execFileSync('npm', ['run', 'build'], { cwd: new URL('../', import.meta.url), stdio: 'ignore' });
  console.log('\ncold start, median of fresh processes (ratio = time / bare `node -e \'\'`, same run), and esbuild bundle sizes:');
  console.log(formatStartupRows(await benchStartup(sized('BENCH_STARTUP_ROUNDS') ?? 15), await benchBundles()));
}
if (only === undefined || only === 'storage') {
  console.log('\nstorage (ratio = nubes / raw Node, same server; targets ratio >= 0.70, peak RSS < 100 MiB at 1 GiB):');
  console.log(formatStorageRows(await runStorageBench({ log: (line) => console.log(line) })));
}
if (only === undefined || only === 'libcloud') {
  const { formatLibcloudRows, libcloudOptionsFromEnv, runLibcloudBench } = await import('./libcloud.js');
  console.log('\nagainst Apache Libcloud 3.4.1, same servers and disk, medians (ratio = nubes / libcloud; issue 19 target >= 1.2):');
  console.log(formatLibcloudRows(await runLibcloudBench({ ...libcloudOptionsFromEnv(), ...(options.rounds !== undefined ? { rounds: options.rounds } : {}), log: (line) => console.log(line) })));
}
