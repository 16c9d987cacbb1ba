import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { namedCheckzone, namedCheckzoneMissing } from '../drivers/dns/named-checkzone.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runExample(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 60_000, env: { ...process.env, NUBES_DEBUG: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('examples/dns.ts', () => {
  it('runs as a process, printing the records, the typed refusals and a BIND zone named-checkzone loads', async () => {
    const { code, stdout, stderr } = await runExample('examples/dns.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('zone example.com (id example.com)');
    expect(stdout).toMatch(/www\.example\.com\.\s+600 CNAME example\.com\n/);
    expect(stdout).toMatch(/example\.com\.\s+3600 MX\s+10 mail\.example\.com\n/);
    expect(stdout).toContain('refused: InvalidArgumentError (NUBES_ERR_INVALID_ARGUMENT)');
    expect(stdout).toContain('refused: ZoneAlreadyExistsError (NUBES_ERR_ZONE_EXISTS)');
    const zone = stdout.split('--- BIND zone file ---\n')[1] ?? '';
    expect(zone).toMatch(/^\$ORIGIN example\.com\.\n/);
    if (!namedCheckzoneMissing) {
      const result = await namedCheckzone('example.com', zone);
      expect(result.exitCode).toBe(0);
      expect(result.complaints).toEqual([]);
    }
  });
});
