/**
 * BearerTokenConnection: the one connection of the static-token providers
 * (DigitalOcean, Linode, Vultr). The token goes to the API's own host only, never with
 * `context: { auth: false }`, and never shows in errors.
 */
import { describe, expect, it } from 'vitest';
import { BearerTokenConnection, InvalidArgumentError, type ConnectionOptions } from '../../src/index.js';
import { DigitalOceanConnection } from '../../src/common/digitalocean/index.js';
import { LinodeConnection } from '../../src/common/linode/index.js';
import { VultrConnection } from '../../src/common/vultr/index.js';
import { MockTransport } from '../../src/testing/index.js';

const TOKEN = 'acme-token-0123456789-secret';

class AcmeConnection extends BearerTokenConnection {
  constructor(token: string, options: ConnectionOptions = {}) {
    super(token, { host: 'api.acme.example', prefix: '/v1' }, options);
  }
}

describe('BearerTokenConnection', () => {
  it('prefixes relative actions and sends the token and accept header to its host', async () => {
    const mock = new MockTransport().on('GET', '/v1/things', { json: { ok: true } });
    await new AcmeConnection(TOKEN, { transport: mock, env: {} }).request('/things');
    const req = mock.requests[0]!;
    expect(req.url.href).toBe('https://api.acme.example/v1/things');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('application/json');
  });

  it('sends the token to the host a url option points at (a mock), with the prefix', async () => {
    const mock = new MockTransport().on('GET', '/v1/things', { json: {} });
    await new AcmeConnection(TOKEN, { transport: mock, env: {}, url: 'http://127.0.0.1:9999' }).request('/things');
    expect(mock.requests[0]!.url.href).toBe('http://127.0.0.1:9999/v1/things');
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('never sends the token to an absolute URL on another host', async () => {
    const mock = new MockTransport().on('GET', '/download', { body: 'x' });
    await new AcmeConnection(TOKEN, { transport: mock, env: {} }).request('https://cdn.other.example/download');
    expect(mock.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends no token with context { auth: false }', async () => {
    const mock = new MockTransport().on('GET', '/v1/public', { json: {} });
    await new AcmeConnection(TOKEN, { transport: mock, env: {} }).request('/public', { context: { auth: false } });
    expect(mock.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('refuses a missing token before any request', () => {
    expect(() => new AcmeConnection('', { env: {} })).toThrow(InvalidArgumentError);
  });

  it('is the base of the DigitalOcean, Linode and Vultr connections', () => {
    for (const C of [DigitalOceanConnection, LinodeConnection, VultrConnection]) {
      expect(new C(TOKEN, { env: {} })).toBeInstanceOf(BearerTokenConnection);
    }
  });

  it('redacts the token from an error that quotes it', async () => {
    const mock = new MockTransport().on('GET', '/v1/things', { status: 400, body: `bad token ${TOKEN}` });
    const err = await new AcmeConnection(TOKEN, { transport: mock, env: {}, retry: false }).request('/things').catch((e: unknown) => e);
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });
});
