import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { inspect } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connection, ConnectionUserAndKey, JsonResponse } from '../../src/index.js';
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

class BasicConnection extends ConnectionUserAndKey {
  protected override responseCls = JsonResponse;
  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return { ...headers, authorization: `Basic ${Buffer.from(`${this.userId}:${this.key}`).toString('base64')}` };
  }
}

describe('base64-encoded secrets in provider error bodies (issue 12)', () => {
  const KEY = 'k3y-Secret-Value!';
  const PROXY_PASSWORD = 'pr0xy-Pass-Word';
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const b64url = (s: string): string => Buffer.from(s).toString('base64url');
  /**
   * The secret quoted as a provider might: base64 or base64url, whole or embedded after
   * 0, 1 or 2 other bytes (the three base64 alignments) and followed by 0 to 2 more.
   */
  const encodings = (secret: string): string[] =>
    ['', 'x', 'xy'].flatMap((before) => ['', '?', '?>'].flatMap((after) => [b64(before + secret + after), b64url(before + secret + after)]));

  async function failWith(body: string, debug: string) {
    const mock = new MockTransport().on('GET', '/x', { status: 400, json: { message: body } });
    const c = new BasicConnection('user-id', KEY, {
      url: 'https://api.example.com',
      transport: mock,
      env: {},
      debug,
      proxyUrl: `http://alice:${PROXY_PASSWORD}@127.0.0.1:3128`,
    });
    return c.request('/x').then(
      () => new Error('expected the request to fail'),
      (e: unknown) => e as Error,
    );
  }

  it('hides base64 and base64url forms at every alignment from the message, stack, inspect and the NUBES_DEBUG log', async () => {
    const quoted = [...encodings(KEY), ...encodings(`user-id:${KEY}`), ...encodings(`alice:${PROXY_PASSWORD}`)];
    const file = join(mkdtempSync(join(tmpdir(), 'nubes-debug-')), 'debug.log');
    // The body quotes each encoding between ordinary words.
    const err = await failWith(quoted.map((q) => `saw ${q} here`).join('; '), file);
    expect(err.name).toBe('BadRequestError');
    const log = readFileSync(file, 'utf8');
    for (const text of [err.message, err.stack ?? '', inspect(err, { depth: 10 }), log]) {
      const seen = [...text.matchAll(/saw (\S*) here/g)].map((m) => m[1]!);
      expect(seen.length).toBeGreaterThanOrEqual(quoted.length);
      for (const shown of seen) {
        // Only the edge characters that also encode the neighbouring bytes (and padding) may remain.
        expect(shown).toContain('[REDACTED]');
        expect(shown.replace("[REDACTED]", "").length, shown).toBeLessThanOrEqual(10);
      }
    }
  });
});
