/**
 * Small helpers every bench shares: sizes, the generated upload source, labels and medians.
 */
import { execFile } from 'node:child_process';
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
