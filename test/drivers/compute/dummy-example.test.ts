import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('examples/compute.ts', () => {
  it('runs as a process and prints the nodes it created on the Dummy provider', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/compute.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      timeout: 60_000,
    });
    expect(stdout.trim().split('\n')).toEqual([
      'size small (1 vCPU, 1024 MiB), image Ubuntu 24.04 LTS, location Dummy East 1 (Virginia)',
      'created web-1=pending, web-2=pending',
      'running: true',
      'node-1\tweb-1\trunning\t203.0.113.1\t10.0.0.1',
      'node-2\tweb-2\trunning\t203.0.113.2\t10.0.0.2',
      'after destroy: web-1',
    ]);
  });
});
