import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/proxy.ts', () => {
  it('prints each proxy decision, with precedence, NO_PROXY and a redacted password', async () => {
    // A proxy in the machine's environment must not change the output: the example sets its own.
    const r = await runExample('proxy', { HTTPS_PROXY: 'http://machine-proxy.invalid:1', NO_PROXY: '*' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const line = (start: string, url: string): string | undefined => lines.find((l) => l.startsWith(start) && l.includes(url));
    expect(line('   the EC2 API', 'ec2.eu-west-1.amazonaws.com')).toContain('via http://proxy.corp.example:3128 (from the HTTPS_PROXY environment variable)');
    expect(line('   a NO_PROXY domain suffix', 'metadata.internal.example')).toContain('direct (NO_PROXY)');
    expect(line('   a NO_PROXY CIDR range', '10.1.2.3')).toContain('direct (NO_PROXY)');
    expect(r.stdout).toContain('via http://alice:[REDACTED]@proxy2.corp.example:8080 (from connection.setHttpProxy())');
    expect(r.stdout).toContain('proxyUrl "proxy.corp.example:3128" -> http://proxy.corp.example:3128 (from the proxyUrl option)');
    expect(r.stdout).toContain('after setHttpProxy(null) with trustEnv false -> trustEnv is false');
    expect(r.stdout).toMatch(/NUBES_ERR_INVALID_ARGUMENT: Invalid proxy URL "socks5:\/\/bob:\[REDACTED\]@proxy\.corp\.example:1080" from connection\.setHttpProxy\(\)/);
    expect(r.stdout).not.toMatch(/s3cret-pw|hunter2|machine-proxy/);
  });
});
