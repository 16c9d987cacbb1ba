/**
 * Startup and bundle size: what importing nubes costs a program that uses one area, and a
 * bundle that needs one error class.
 *
 * - Cold start: a fresh `node` process per measurement, against a bare `node -e ''` in the
 *   same run (interleaved rounds, median of each), on nubes compiled to JavaScript and
 *   imported by package name (`import('nubes/compute')`) from a project whose
 *   node_modules/nubes links to this repository, as an installed copy is. Targets: an area
 *   entry ≤ 1.5× bare node; `nubes --version` ≤ 2×. For information, the same rounds also
 *   measure CPU time (user + system, all threads) of each case in a separate fresh process
 *   that reports `process.cpuUsage()` at exit: on a busy machine (other programs on the
 *   same cores) wall time stretches unevenly, CPU time much less, so the two ratios side by
 *   side tell a slow import from a noisy run. Two more cases, for information, add a
 *   process's first request to a loopback server: undici's own `request`, and nubes'
 *   `Connection.request` (undici's modules load on the first request, not at import).
 * - Bundle size: esbuild (minified, ESM, platform node) of `import { NubesError } from
 *   'nubes'` (target < 5 KB: `"sideEffects": false` lets the bundler drop every module the
 *   program does not use) and, for information, of `import { getDriver } from 'nubes/compute'`.
 *
 * Run alone: `node --import tsx bench/startup.ts` (after `npm run build`); or through
 * `npm run bench`. BENCH_STARTUP_ROUNDS sets the number of rounds (default 15).
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { median } from './common.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Cold-start targets, as ratios to a bare `node -e ''`. */
export const STARTUP_TARGETS = { area: 1.5, version: 2 } as const;
/** Bundle-size target for `import { NubesError } from 'nubes'`, in bytes. */
export const ERROR_BUNDLE_TARGET = 5 * 1024;

/** One measured case. */
export interface StartupRow {
  /** What was run. */
  name: string;
  /** Median wall time of a fresh process, in milliseconds. */
  medianMs: number;
  /** Median divided by the bare node median. */
  ratio: number;
  /** Median CPU time (user + system) of a fresh process, in milliseconds. */
  cpuMs: number;
  /** CPU median divided by the bare node CPU median. */
  cpuRatio: number;
  /** The target ratio, when there is one. */
  target?: number;
}

/** A bundle measured with esbuild. */
export interface BundleRow {
  /** The program bundled. */
  source: string;
  /** Minified bytes. */
  bytes: number;
  /** The target in bytes, when there is one. */
  target?: number;
}


/** A project whose node_modules/nubes links to this repository, as an installed copy. */
function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nubes-startup-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'nubes'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'startup-bench', private: true, type: 'module' }));
  return dir;
}

/**
 * The environment of every measured process: PATH only, as in the other benches. Variables
 * such as NODE_EXTRA_CA_CERTS or NODE_OPTIONS change what node does at start (a CA bundle
 * read at every start cost ~50 ms here), which would move the baseline between machines.
 */
const CHILD_ENV = { PATH: process.env.PATH ?? '' };

async function timed(args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  await run(process.execPath, args, { cwd, env: CHILD_ENV });
  return performance.now() - started;
}

/** The file a CPU-time run preloads: it prints the process's CPU time when it exits. */
const CPU_PROBE = 'cpu-probe.cjs';

/** CPU time (user + system, ms) of a fresh process running `args`, which it reports at exit. */
async function cpuTime(args: string[], cwd: string): Promise<number> {
  const { stderr } = await run(process.execPath, ['--require', join(cwd, CPU_PROBE), ...args], { cwd, env: CHILD_ENV });
  const reported = /nubes-bench-cpu (\d+)/.exec(stderr);
  if (!reported) throw new Error(`no CPU time reported by node ${args.join(' ')}: ${stderr}`);
  return Number(reported[1]) / 1000;
}

/** Runs the cold-start cases, interleaved, `rounds` times each. */
export async function benchStartup(rounds = 15): Promise<StartupRow[]> {
  const cwd = consumerProject();
  writeFileSync(
    join(cwd, CPU_PROBE),
    "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('nubes-bench-cpu ' + (u.user + u.system) + '\\n'); });\n",
  );
  // The first request of a process: undici's modules load then, not at import.
  const server: Server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const undiciEntry = pathToFileURL(join(ROOT, 'node_modules', 'undici', 'index.js')).href;
  try {
    const cases: Array<{ name: string; args: string[]; target?: number }> = [
      { name: "node -e ''", args: ['-e', ''] },
      ...['compute', 'storage', 'dns', 'loadbalancer'].map((area) => ({
        name: `import('nubes/${area}')`,
        args: ['--input-type=module', '-e', `await import('nubes/${area}')`],
        target: STARTUP_TARGETS.area,
      })),
      { name: "import('nubes')", args: ['--input-type=module', '-e', "await import('nubes')"] },
      { name: 'nubes --version', args: [join(cwd, 'node_modules', 'nubes', 'dist', 'cli', 'main.js'), '--version'], target: STARTUP_TARGETS.version },
      {
        name: "import('undici') + 1 request",
        args: ['--input-type=module', '-e', `const { request } = await import('${undiciEntry}'); await (await request('${url}/')).body.text(); process.exit(0);`],
      },
      {
        name: "import('nubes') + 1 request",
        args: ['--input-type=module', '-e', `const { Connection } = await import('nubes'); await new Connection({ url: '${url}', env: {} }).request('/'); process.exit(0);`],
      },
    ];
    const times = cases.map(() => [] as number[]);
    const cpu = cases.map(() => [] as number[]);
    // One warm-up round fills the file system cache; it is not counted.
    for (const c of cases) await timed(c.args, cwd);
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        times[i]!.push(await timed(c.args, cwd));
        cpu[i]!.push(await cpuTime(c.args, cwd));
      }
    }
    const bare = median(times[0]!);
    const bareCpu = median(cpu[0]!);
    return cases.map((c, i) => {
      const medianMs = median(times[i]!);
      const cpuMs = median(cpu[i]!);
      return { name: c.name, medianMs, ratio: medianMs / bare, cpuMs, cpuRatio: cpuMs / bareCpu, ...(c.target !== undefined ? { target: c.target } : {}) };
    });
  } finally {
    server.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Bundles small programs that import nubes with esbuild and returns their sizes. */
export async function benchBundles(): Promise<BundleRow[]> {
  const cwd = consumerProject();
  try {
    const sources: Array<{ source: string; target?: number }> = [
      { source: "import { NubesError } from 'nubes'; console.log(NubesError);", target: ERROR_BUNDLE_TARGET },
      { source: "import { getDriver } from 'nubes/compute'; console.log(getDriver);" },
    ];
    const rows: BundleRow[] = [];
    for (const { source, target } of sources) {
      const result = await build({
        stdin: { contents: source, resolveDir: cwd, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'node',
        write: false,
        logLevel: 'silent',
      });
      rows.push({ source, bytes: result.outputFiles[0]!.contents.byteLength, ...(target !== undefined ? { target } : {}) });
    }
    return rows;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The rows as a table, each with its verdict against the target. */
export function formatStartupRows(rows: StartupRow[], bundles: BundleRow[]): string {
  const lines = rows.map(
    (r) =>
      `  ${r.name.padEnd(31)} ${r.medianMs.toFixed(0).padStart(6)} ms  ${r.ratio.toFixed(2)}x` +
      (r.target !== undefined ? `  (target <= ${r.target}x: ${r.ratio <= r.target ? 'ok' : 'MISSED'})` : '').padEnd(30) +
      `  cpu ${r.cpuMs.toFixed(0).padStart(4)} ms  ${r.cpuRatio.toFixed(2)}x`,
  );
  for (const b of bundles) {
    lines.push(
      `  bundle ${JSON.stringify(b.source)}: ${(b.bytes / 1024).toFixed(1)} KB` +
        (b.target !== undefined ? `  (target < ${b.target / 1024} KB: ${b.bytes < b.target ? 'ok' : 'MISSED'})` : ''),
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run('npm', ['run', 'build'], { cwd: ROOT });
  const rounds = Number(process.env.BENCH_STARTUP_ROUNDS ?? 15);
  console.log(formatStartupRows(await benchStartup(rounds), await benchBundles()));
}
