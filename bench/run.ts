/**
 * `npm run bench`: runs every benchmark and prints ratios against a baseline measured
 * in the same run (absolute numbers depend on the machine; ratios much less).
 *
 * Sizes can be tuned with BENCH_ROUNDS, BENCH_SEQUENTIAL, BENCH_CONCURRENT and
 * BENCH_STARTUP_ROUNDS. `BENCH_ONLY=connection`, `BENCH_ONLY=startup`,
 * `BENCH_ONLY=storage` or `BENCH_ONLY=sdk` runs one of them (storage takes about 90 s: it
 * builds nubes, starts its own Swift and moves 256 MiB and 1 GiB; startup builds nubes
 * and starts ~100 node processes).
 *
 * `body` (bench/body.ts, about three minutes) prints what one 256 MiB HTTP body costs the
 * client by client (Python's http.client, Node sockets with one reused or fresh buffers,
 * node:http, undici, nubes), on one origin: the floor under every stream download. Once
 * for the first body of a fresh process, once for a second body in the same process
 * (`BENCH_BODY_MIB` changes the size; needs `npm run build`).
 *
 * `sdk` (bench/sdk.ts) compares nubes with the official SDKs (`@aws-sdk/client-s3` +
 * `@aws-sdk/lib-storage` on Swift's S3 API, `@azure/storage-blob` on Azurite), which are
 * not dependencies of nubes: install them once with `npm run bench:setup`. With defaults it
 * takes about 15 minutes here (3 rounds, 256 MiB and 1 GiB, 5,000 objects listed, 2,000
 * HEADs); BENCH_ROUNDS, BENCH_SIZES (MiB, comma-separated), BENCH_LIST_OBJECTS,
 * BENCH_HEADS, BENCH_SDK_TARGETS (`s3,azure,stub`) and BENCH_SDK_OPS
 * (`upload,download,list,head`) shrink it; BENCH_CPU_PROF=<dir> profiles every measured
 * process. E.g.
 * `BENCH_ONLY=sdk BENCH_ROUNDS=1 BENCH_SIZES=32 BENCH_LIST_OBJECTS=500 BENCH_HEADS=200 npm run bench`.
 * The full run skips it (with a note) when bench/sdk is not installed.
 */
import { benchConnection, formatResults } from './connection.js';
import { benchBundles, benchStartup, formatStartupRows } from './startup.js';
import { formatSdkRows, requireSdks, runSdkBench, sdkOptionsFromEnv } from './sdk.js';
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
const BENCHES = ['connection', 'body', 'startup', 'storage', 'local', 'sdk', 'libcloud'];
if (only !== undefined && !BENCHES.includes(only)) {
  throw new Error(`BENCH_ONLY must be one of ${BENCHES.join(', ')} (got ${JSON.stringify(only)})`);
}
if (only === undefined || only === 'connection') {
  console.log(`nubes connection bench (node ${process.version}, ${process.platform}/${process.arch})`);
  const results = await benchConnection(options);
  console.log('\nmedian over rounds (ratio = nubes / baseline, target >= 0.9x, issue 19):');
  console.log(formatResults(results));
}
if (only === undefined || only === 'body') {
  const { formatBodyRows, runBodyBench } = await import('./body.js');
  const mib = sized('BENCH_BODY_MIB');
  for (const [reads, what] of [[1, 'the first body a fresh process reads'], [2, 'a second body, read after a first in the same process']] as const) {
    console.log(`\none HTTP download body of ${mib ?? 256} MiB, by client, same loopback origin: ${what} (a fresh process each, medians; the floor under every stream download):`);
    console.log(formatBodyRows(await runBodyBench({ ...(options.rounds !== undefined ? { rounds: options.rounds } : {}), ...(mib !== undefined ? { mib } : {}), reads, log: (line) => console.log(line) })));
  }
}
if (only === undefined || only === 'startup') {
  const { execFileSync } = await import('node:child_process');
  execFileSync('npm', ['run', 'build'], { cwd: new URL('../', import.meta.url), stdio: 'ignore' });
  console.log('\ncold start, median of fresh processes (ratio = time / bare `node -e \'\'`, same run), and esbuild bundle sizes:');
  console.log(formatStartupRows(await benchStartup(sized('BENCH_STARTUP_ROUNDS') ?? 15), await benchBundles()));
}
if (only === undefined || only === 'storage') {
  console.log('\nstorage (ratio = nubes / raw Node, same server; targets ratio >= 0.70, peak RSS growth over the idle process <= 48 MiB):');
  console.log(formatStorageRows(await runStorageBench({ log: (line) => console.log(line) })));
}
if (only === undefined || only === 'local') {
  const { formatLocalRows, runLocalBench } = await import('./local.js');
  console.log('\nLocal storage against cp / dd / raw fs on the same disk (medians of fresh processes; listing in seconds):');
  console.log(formatLocalRows(await runLocalBench({ log: (line) => console.log(line) })));
}
if (only === undefined || only === 'sdk') {
  let installed = true;
  try {
    requireSdks();
  } catch (err) {
    if (only === 'sdk') throw err;
    installed = false;
    console.log(`\nSDK comparison skipped: ${(err as Error).message}`);
  }
  if (installed) {
    console.log('\nnubes against the official SDKs, same servers, same run (medians; ratio = nubes / them, higher is better; RSS growth over the idle process and CPU per op, lower is better):');
    console.log(formatSdkRows(await runSdkBench({ ...sdkOptionsFromEnv(), log: (line) => console.log(line) })));
  }
}
if (only === undefined || only === 'libcloud') {
  const { formatLibcloudRows, libcloudOptionsFromEnv, runLibcloudBench } = await import('./libcloud.js');
  console.log('\nagainst Apache Libcloud 3.4.1, same servers and disk, medians (ratio = nubes / libcloud; issue 19 target >= 1.2):');
  console.log(formatLibcloudRows(await runLibcloudBench({ ...libcloudOptionsFromEnv(), ...(options.rounds !== undefined ? { rounds: options.rounds } : {}), log: (line) => console.log(line) })));
}
