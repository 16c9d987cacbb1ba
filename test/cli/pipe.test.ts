/**
 * `nubes storage cp obj - | head`: the reader closing the pipe early ends the command
 * quietly, as it does for cat, instead of an EPIPE stack trace and exit 1.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { MAIN_TS, nubes, ROOT, TSX } from './helpers.js';

describe('a download to a pipe whose reader goes away', () => {
  it('exits 0 with nothing on stderr', async () => {
    const env = { NUBES_DATA_DIR: tempDir('cli-pipe') };
    expect((await nubes(['storage', 'mb', 'pipes'], { env })).code).toBe(0);
    const big = Buffer.alloc(8 * 1024 * 1024, 120);
    expect((await nubes(['storage', 'cp', '-', 'pipes/big.bin'], { env, stdin: big })).code).toBe(0);

    const child = spawn(process.execPath, ['--import', TSX, MAIN_TS, 'storage', 'cp', 'pipes/big.bin', '-'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // What `head -c 10` does: read a little, then close its end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
