import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connection, JsonResponse } from '../../src/index.js';
import { describeBody, redactJsonSecrets } from '../../src/connection/debug.js';
import { MockTransport } from '../../src/testing/index.js';

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}

describe('debug output redacts secret-named JSON values', () => {
  it('hides passwords, secrets, tokens and private keys by member name', () => {
    const body = JSON.stringify({
      id: 'i-1',
      default_password: 'v5{Xq$7RmT!d2Lw9',
      adminPass: 'Op3nSt@ck',
      root_pass: 'r00t"quoted',
      client_secret: 'cs-123',
      access_token: 'at-456',
      token: 'tok-789',
      private_key: '-----BEGIN',
      next_page_token: 'page-2',
      token_type: 'Bearer',
      label: 'password',
    });
    const out = redactJsonSecrets(body);
    for (const secret of ['v5{Xq', 'Op3nSt@ck', 'r00t', 'cs-123', 'at-456', 'tok-789', 'BEGIN']) expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toMatchObject({ id: 'i-1', default_password: '[REDACTED]', next_page_token: 'page-2', token_type: 'Bearer', label: 'password' });
  });

  it('redacts before truncating a long body', () => {
    const body = `{"pad":"${'x'.repeat(4080)}","password":"hunter2-hunter2"}`;
    expect(describeBody(body)).not.toContain('hunter2');
  });

  it('keeps a password a provider returns out of the NUBES_DEBUG file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nubes-debug-')), 'debug.log');
    const mock = new MockTransport().on('POST', '/servers', { status: 202, json: { server: { id: 's1', adminPass: 'Gener4ted-Pw' } } });
    const conn = new JsonConnection({ url: 'https://api.example.com', transport: mock, env: {}, debug: file });
    const res = await conn.request<{ server: { adminPass: string } }>('/servers', { method: 'POST', data: { name: 'a', password: 'Given-Pw-123' } });
    expect(res.object.server.adminPass).toBe('Gener4ted-Pw');
    const log = readFileSync(file, 'utf8');
    expect(log).toContain('"adminPass":"[REDACTED]"');
    expect(log).not.toContain('Gener4ted-Pw');
    expect(log).not.toContain('Given-Pw-123');
  });
});
