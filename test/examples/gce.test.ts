import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/gce.ts', () => {
  it('lists every zone with a key file, reports the unreachable zone, proxies the token exchange and not the metadata server', async () => {
    const r = await runExample('gce');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('project example-project (from the key file)');
    expect(r.stdout).toContain('warning: UNREACHABLE zones/asia-east1-a');
    expect(r.stdout).toContain('4567890123456789012\teurope-west1-b/web-1\trunning\t34.76.10.20');
    expect(r.stdout).toContain('3000000000000000001\tus-central1-a/batch-1\tstopped\t-');
    expect(r.stdout).toContain('token exchange: https://oauth2.googleapis.com via http://proxy.corp.example:3128');
    expect(r.stdout).toContain('metadata server: 169.254.169.254 via no proxy (direct)');
    expect(r.stdout).not.toContain('ya29.');
  });
});
