import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OAuthConnection } from '../../../src/common/oauth/oauth-connection.js';
import { TokenCache, type AccessToken, type TokenCredential } from '../../../src/common/oauth/token-credential.js';
import { JsonResponse, type Connection } from '../../../src/index.js';
import { MockTransport } from '../../../src/testing/index.js';

/** A credential that exchanges at a mock token endpoint through the connection it is given. */
class EndpointCredential implements TokenCredential {
  readonly kind = 'test';
  calls = 0;
  constructor(readonly lifetimeMs = 3_600_000, readonly clock: () => number = Date.now) {}
  async getToken(scopes: readonly string[], connection: Connection): Promise<AccessToken> {
    this.calls++;
    const res = await connection.request<{ access_token: string }>('https://login.example/token', {
      method: 'POST',
      data: { scope: scopes.join(' ') },
      context: { auth: false },
    });
    return { token: res.object.access_token, expiresAt: this.clock() + this.lifetimeMs };
  }
}

class ApiConnection extends OAuthConnection {
  protected override responseCls = JsonResponse;
}

function setup(lifetimeMs?: number, clock?: () => number) {
  let n = 0;
  const mock = new MockTransport()
    .on('POST', '/token', () => ({ json: { access_token: `tok-${++n}-secretvalue` } }), { host: 'login.example' })
    .on('GET', '/v1/things', (r) => ({ status: r.headers.authorization === 'Bearer tok-1-secretvalue' && n > 1 ? 401 : 200, json: { auth: r.headers.authorization ?? null } }), { host: 'api.example' })
    .on('GET', '/elsewhere', (r) => ({ json: { auth: r.headers.authorization ?? null } }), { host: 'other.example' });
  const credential = new EndpointCredential(lifetimeMs, clock);
  const cache = new TokenCache(credential, clock ? { clock } : {});
  const conn = new ApiConnection(cache, ['scope-a'], { host: 'api.example', transport: mock, env: {}, retry: false });
  return { mock, credential, conn, cache, bump: () => n++ };
}

describe('OAuthConnection', () => {
  it('gets the token through its own connection, once, and sends it as a bearer token', async () => {
    const { mock, credential, conn } = setup();
    const [a, b] = await Promise.all([conn.request('/v1/things'), conn.request('/v1/things')]);
    expect(a.object).toEqual({ auth: 'Bearer tok-1-secretvalue' });
    expect(b.object).toEqual({ auth: 'Bearer tok-1-secretvalue' });
    expect(credential.calls).toBe(1); // single flight
    const tokenCall = mock.requestsTo('POST', '/token')[0]!;
    expect(tokenCall.headers.authorization).toBeUndefined();
    expect(tokenCall.url.host).toBe('login.example');
  });

  it('never sends the token to another host (a nextLink or polling URL elsewhere)', async () => {
    const { conn } = setup();
    await conn.request('/v1/things');
    const res = await conn.request('https://other.example/elsewhere');
    expect(res.object).toEqual({ auth: null });
  });

  it('refreshes ahead of expiry, not on every request', async () => {
    let now = 1_000_000;
    const { credential, conn } = setup(3_600_000, () => now);
    await conn.request('/v1/things');
    now += 3_600_000 - 6 * 60_000; // 6 minutes before expiry: still fresh
    await conn.accessToken();
    expect(credential.calls).toBe(1);
    now += 2 * 60_000; // 4 minutes before expiry: inside the 5-minute margin
    await conn.accessToken();
    expect(credential.calls).toBe(2);
  });

  it('on a 401, drops the token it sent and retries once with a fresh one', async () => {
    const { mock, credential, conn, cache, bump } = setup();
    await conn.accessToken(); // tok-1
    bump(); // the API now rejects tok-1
    const res = await conn.request('/v1/things');
    expect(res.object).toEqual({ auth: 'Bearer tok-3-secretvalue' });
    expect(credential.calls).toBe(2);
    expect(mock.requestsTo('GET', '/v1/things')).toHaveLength(2);
    expect(cache.credential).toBe(credential);
  });

  it('redacts the tokens it obtained from errors and inspect output', async () => {
    const mock = new MockTransport()
      .on('POST', '/token', { json: { access_token: 'ya29.very-secret-token' } })
      .on('GET', '/v1/fail', { status: 400, json: { message: 'bad token ya29.very-secret-token' } });
    const conn = new ApiConnection(new EndpointCredential(), ['s'], { host: 'api.example', transport: mock, env: {}, retry: false });
    const err = await conn.request('/v1/fail').catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).not.toContain('ya29.very-secret-token');
    expect(inspect(conn, { depth: 5 })).not.toContain('ya29.very-secret-token');
  });
});
