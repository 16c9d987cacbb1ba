import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection, JsonResponse } from '../../src/index.js';
import { redactJsonSecrets } from '../../src/common/redact.js';
import { MockTransport } from '../../src/testing/index.js';

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}

describe('debug output: secret JSON fields in bodies', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('redacts the string values of secret fields, keeping the rest', () => {
    expect(redactJsonSecrets('{"server":{"id":"abc","adminPass":"Gen3rated\\"x"},"name":"n"}')).toBe(
      '{"server":{"id":"abc","adminPass":"[REDACTED]"},"name":"n"}',
    );
    expect(redactJsonSecrets('{"keypair": {"private_key": "-----BEGIN RSA PRIVATE KEY-----\\nMII..."}}')).toBe('{"keypair": {"private_key": "[REDACTED]"}}');
    expect(redactJsonSecrets('{"password":"pw","token":{"expires_at":"x"}}')).toBe('{"password":"[REDACTED]","token":{"expires_at":"x"}}');
    expect(redactJsonSecrets('{"name":"password","Password":"P"}')).toBe('{"name":"password","Password":"[REDACTED]"}');
  });

  it('keeps a password the provider generated out of the debug log, even past the truncation limit', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nubes-debug-body-'));
    const log = join(dir, 'debug.log');
    const mock = new MockTransport()
      .on('POST', '/servers', { status: 202, json: { server: { id: 's1', adminPass: 'Gen3rated-Pa55word' } } })
      .on('GET', '/long', { json: { padding: 'x'.repeat(4051), private_key: 'PRIVATE-KEY-MATERIAL-0123456789' } });
    const conn = new JsonConnection({ url: 'https://api.example.com', transport: mock, env: {}, debug: log });
    await conn.request('/servers', { method: 'POST', data: { server: { name: 'n', adminPass: 'Chosen-pw' } } });
    await conn.request('/long');
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('"adminPass":"[REDACTED]"');
    expect(text).not.toContain('Gen3rated-Pa55word');
    expect(text).not.toContain('Chosen-pw');
    expect(text).not.toContain('PRIVATE-KEY');
    expect(text).toContain('more bytes>');
  });
});
