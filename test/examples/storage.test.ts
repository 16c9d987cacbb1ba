import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('examples/storage.ts', () => {
  it('runs as a process: creates, uploads with progress, lists, downloads and cleans up', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'examples/storage.ts'], { cwd: root, timeout: 60_000 }, (err, out, errOut) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut }),
      );
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('created container reports');
    expect(stdout).toContain('uploaded 1024 KiB');
    expect(stdout).toContain('stored 2026/q3/summary.txt: 1048576 bytes, md5 1b26e27a0376434371fc86d0ebf86de2');
    expect(stdout).toContain('listed prefix 2026/q3/');
    expect(stdout).toContain('downloaded 1048576 bytes, metadata {"author":"ada"}');
    expect(stdout.trim().endsWith('cleaned up')).toBe(true);
  });
});
