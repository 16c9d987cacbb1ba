/**
 * Small helpers every bench shares: sizes, the generated upload source, labels, medians,
 * compiling nubes, and running one measurement in a fresh `node` process.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One mebibyte. */
export const MiB = 1024 * 1024;

const CHUNK = Buffer.alloc(MiB, 0x5a);

/** A stream of `size` bytes made of one reused 1 MiB chunk (no allocation per chunk). */
export function generated(size: number): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: MiB,
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const n = Math.min(MiB, size - sent);
      sent += n;
      this.push(n === MiB ? CHUNK : CHUNK.subarray(0, n));
    },
  });
}

/** `256 MiB`, `1 GiB`. */
export function label(size: number): string {
  return size >= 1024 * MiB ? `${size / (1024 * MiB)} GiB` : `${size / MiB} MiB`;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Compiles src/ to JavaScript in a temporary directory inside the repository (so
 * node_modules resolve; `.tmp/` is ignored by git), and returns that directory.
 */
export async function compileNubes(prefix = 'bench-build-'): Promise<string> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const out = mkdtempSync(join(ROOT, '.tmp', prefix));
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out, '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'],
      { cwd: ROOT },
      (err, stdout) => (err ? reject(new Error(`tsc failed: ${stdout}`)) : resolve()),
    );
  });
  return out;
}

/**
 * `BENCH_CPU_PROF=<dir>`: the `node` flags that make a measured process write a V8 CPU
 * profile named `<name>-<time>.cpuprofile` there; none when the variable is unset.
 */
export function cpuProfileArgs(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name.replace(/[^\w.-]/g, '-')}-${Date.now()}.cpuprofile`] : [];
}

/** Options of {@link runNodeChild}. */
export interface NodeChildOptions {
  /** Working directory (where the script's imports resolve). */
  cwd: string;
  /** Names the measurement in errors and in its CPU profile file. */
  name: string;
  /** Run with `--expose-gc` (the script may call `gc()` before measuring). */
  exposeGc?: boolean;
  /** Killed after this many ms (default ten minutes: a 1 GiB case takes seconds, so it hung). */
  timeoutMs?: number;
}

/**
 * Runs `script` (an ES module, as source) in a fresh `node` process with `spec` as JSON
 * in `NUBES_BENCH_SPEC` and only `PATH` from this environment, and resolves with the JSON
 * it prints; rejects with the tail of its stderr when it fails.
 */
export function runNodeChild<T>(script: string, spec: unknown, options: NodeChildOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const flags = [...cpuProfileArgs(options.name), ...(options.exposeGc ? ['--expose-gc'] : []), '--input-type=module', '-e', script];
    const child = spawn(process.execPath, flags, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', NUBES_BENCH_SPEC: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`bench child ${options.name} failed (${code ?? signal}): ${err.slice(-2000)}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}
