import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidCredentialsError, NotFoundError } from '../../../src/common/errors/index.js';
import { OpenStackConnection, type OpenStackConnectionOptions } from '../../../src/common/openstack/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { keystoneFixture, tokenRoute } from './helpers.js';

const AUTH_URL = 'https://keystone.example.com:5000';

function connect(mock: MockTransport, options: OpenStackConnectionOptions = {}, user = 'alice', key = 'correct horse'): OpenStackConnection {
  return new OpenStackConnection(user, key, {
    authUrl: AUTH_URL,
    serviceType: 'compute',
    transport: mock,
    env: {},
    retry: false,
    ...options,
  });
}

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('OpenStackConnection: endpoints', () => {
  it('sends relative actions to the catalog endpoint with X-Auth-Token, keeping the query', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { tokens: ['tok-abc-123'] });
    mock.on('GET', '/v2.1/servers/detail', { json: { servers: [] } }, { host: 'nova.example.com' });
    const res = await connect(mock).request('/servers/detail', { params: { limit: 2 } });
    expect(res.object).toEqual({ servers: [] });
    const sent = mock.lastRequest!;
    expect(sent.url.href).toBe('https://nova.example.com:8774/v2.1/servers/detail?limit=2');
    expect(sent.headers['x-auth-token']).toBe('tok-abc-123');
  });

  it('uses the configured interface and region', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { fixture: 'token-multi-region.json' });
    mock.on('GET', '/v2.1/flavors', { json: { flavors: [] } });
    await connect(mock, { region: 'RegionTwo' }).request('/flavors');
    expect(mock.lastRequest!.url.host).toBe('nova.r2.example.com:8774');
    await connect(mock, { region: 'RegionOne', interface: 'internal' }).request('/flavors');
    expect(mock.lastRequest!.url.href).toBe('http://nova.r1.internal:8774/v2.1/flavors');
  });

  it('fails with the available regions when the catalog has several and no region is set', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { fixture: 'token-multi-region.json' });
    const err = await connect(mock).request('/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('region');
    expect((err as Error).message).toContain('RegionOne, RegionTwo');
    expect(mock.requests).toHaveLength(1); // the token call only
  });

  it('routes a request to another catalog service with context.service', async () => {
    const mock = new MockTransport();
    tokenRoute(mock);
    mock.on('GET', /\/volumes\/detail$/, { json: { volumes: [] } });
    const conn = connect(mock);
    await conn.request('/volumes/detail', { context: { service: ['volumev3', 'block-storage'] } });
    expect(mock.lastRequest!.url.href).toBe('https://cinder.example.com:8776/v3/0c2ff3d1e4b84f8a9bb2d3b1f6a7c8d9/volumes/detail');
    expect(await conn.serviceUrl('object-store')).toBe('https://swift.example.com/v1/AUTH_0c2ff3d1e4b84f8a9bb2d3b1f6a7c8d9');
  });

  it('sends absolute URLs as they are, with the token', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { tokens: ['tok-abs-999'] });
    mock.on('GET', '/v2.1/servers', { json: {} }, { host: 'nova.example.com' });
    await connect(mock).request('https://nova.example.com:8774/v2.1/servers?marker=x');
    expect(mock.lastRequest!.url.href).toBe('https://nova.example.com:8774/v2.1/servers?marker=x');
    expect(mock.lastRequest!.headers['x-auth-token']).toBe('tok-abs-999');
  });

  it('prefers endpointOverride and endpointOverrides to the catalog', async () => {
    const mock = new MockTransport();
    tokenRoute(mock);
    mock.on('GET', /.*/, { json: {} });
    const conn = connect(mock, { endpointOverride: 'http://127.0.0.1:8774/v2.1/', endpointOverrides: { image: 'http://127.0.0.1:9292' } });
    await conn.request('/servers');
    expect(mock.lastRequest!.url.href).toBe('http://127.0.0.1:8774/v2.1/servers');
    await conn.request('/v2/images', { context: { service: 'image' } });
    expect(mock.lastRequest!.url.href).toBe('http://127.0.0.1:9292/v2/images');
  });

  it('strips the auth URL path from relative actions before moving them to the service', async () => {
    const mock = new MockTransport();
    tokenRoute(mock);
    mock.on('GET', /.*/, { json: {} });
    await connect(mock, { authUrl: 'https://keystone.example.com:5000/identity/v3' }).request('/servers');
    expect(mock.lastRequest!.url.href).toBe('https://nova.example.com:8774/v2.1/servers');
  });

  it('explains that an unscoped token has no catalog', async () => {
    const mock = new MockTransport();
    mock.on('POST', '/v3/auth/tokens', { status: 201, headers: { 'x-subject-token': 'tok-unscoped' }, json: { token: { expires_at: '2030-01-01T00:00:00Z' } } });
    const err = await connect(mock).request('/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toContain('no service catalog');
  });
});

describe('OpenStackConnection: token lifecycle', () => {
  it('reuses one token for many requests', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock);
    mock.on('GET', /\/v2\.1\//, { json: {} });
    const conn = connect(mock);
    await conn.request('/servers');
    await conn.request('/flavors');
    await conn.request('/os-keypairs');
    expect(route.requests).toHaveLength(1);
    expect(new Set(mock.requests.slice(1).map((r) => r.headers['x-auth-token']))).toEqual(new Set(['tok-1-gAAAAABlongkeystonetoken']));
  });

  it('refreshes the token the refresh margin before it expires, not earlier', async () => {
    const clock = manualClock();
    const mock = new MockTransport();
    const route = tokenRoute(mock, { tokens: ['tok-first', 'tok-second'] }); // one-hour lifetime
    mock.on('GET', /\/v2\.1\//, { json: {} });
    const conn = connect(mock, { clock: clock.now, tokenRefreshMargin: 120_000 });
    await conn.request('/servers');
    clock.advance(3_600_000 - 120_001); // just before the margin
    await conn.request('/servers');
    expect(route.requests).toHaveLength(1);
    clock.advance(1); // at the margin
    await conn.request('/servers');
    expect(route.requests).toHaveLength(2);
    expect(mock.lastRequest!.headers['x-auth-token']).toBe('tok-second');
  });

  it('caps the margin at half the lifetime of a short-lived token', async () => {
    const clock = manualClock();
    const mock = new MockTransport();
    // A one-minute token with the default five-minute margin.
    const route = tokenRoute(mock, { issuedAt: '2030-01-01T11:00:00Z', expiresAt: '2030-01-01T11:01:00Z' });
    mock.on('GET', /\/v2\.1\//, { json: {} });
    const conn = connect(mock, { clock: clock.now });
    await conn.request('/servers');
    await conn.request('/servers');
    expect(route.requests).toHaveLength(1);
    clock.advance(30_000);
    await conn.request('/servers');
    expect(route.requests).toHaveLength(2);
  });

  it('shares one token request among concurrent requests', async () => {
    const mock = new MockTransport();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let tokenCalls = 0;
    mock.on('POST', '/v3/auth/tokens', async () => {
      tokenCalls++;
      await gate;
      return { status: 201, headers: { 'x-subject-token': `tok-shared-${tokenCalls}` }, json: keystoneFixture('token-single-region.json') };
    });
    mock.on('GET', /\/v2\.1\//, { json: {} });
    const conn = connect(mock);
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => conn.request(`/servers/${i}`)));
    await new Promise((r) => setTimeout(r, 20));
    release();
    await all;
    expect(tokenCalls).toBe(1);
    expect(mock.requests.filter((r) => r.headers['x-auth-token'] === 'tok-shared-1')).toHaveLength(8);
  });

  it('shares one refresh among concurrent requests once the token is expiring', async () => {
    const clock = manualClock();
    const mock = new MockTransport();
    const route = tokenRoute(mock, { tokens: ['tok-old', 'tok-new', 'tok-extra'] });
    mock.on('GET', /\/v2\.1\//, { json: {} });
    const conn = connect(mock, { clock: clock.now });
    await conn.request('/servers');
    clock.advance(3_600_000);
    await Promise.all(Array.from({ length: 5 }, () => conn.request('/servers')));
    expect(route.requests).toHaveLength(2);
    expect(mock.requests.slice(-5).every((r) => r.headers['x-auth-token'] === 'tok-new')).toBe(true);
  });

  it('authenticates again after a token request failed', async () => {
    const mock = new MockTransport();
    mock.on('POST', '/v3/auth/tokens', { status: 503, body: 'keystone down' }, { times: 1 });
    const route = tokenRoute(mock);
    mock.on('GET', /\/v2\.1\//, { json: {} });
    const conn = connect(mock);
    await expect(conn.request('/servers')).rejects.toThrow(/keystone down/);
    await conn.request('/servers');
    expect(route.requests).toHaveLength(1);
  });
});

describe('OpenStackConnection: 401 from a service', () => {
  it('authenticates once more and repeats the request with the new token', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock, { tokens: ['tok-revoked', 'tok-fresh'] });
    mock.on('GET', '/v2.1/servers', { status: 401, body: 'Authentication required' }, { times: 1 });
    mock.on('GET', '/v2.1/servers', { json: { servers: [{ id: 'a' }] } });
    const res = await connect(mock).request('/servers');
    expect(res.object).toEqual({ servers: [{ id: 'a' }] });
    expect(route.requests).toHaveLength(2);
    const servers = mock.requests.filter((r) => r.path === '/v2.1/servers');
    expect(servers.map((r) => r.headers['x-auth-token'])).toEqual(['tok-revoked', 'tok-fresh']);
  });

  it('repeats a POST with its JSON body after the new token', async () => {
    const mock = new MockTransport();
    tokenRoute(mock);
    mock.on('POST', '/v2.1/servers', { status: 401, body: '' }, { times: 1 });
    mock.on('POST', '/v2.1/servers', { status: 202, json: { server: { id: 'new' } } });
    await connect(mock).request('/servers', { method: 'POST', data: { server: { name: 'n1' } } });
    const posts = mock.requests.filter((r) => r.path === '/v2.1/servers');
    expect(posts.map((r) => r.json())).toEqual([{ server: { name: 'n1' } }, { server: { name: 'n1' } }]);
  });

  it('fails with InvalidCredentialsError when the fresh token is rejected too, after exactly one re-authentication', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock);
    mock.on('GET', '/v2.1/servers', { status: 401, json: { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } } });
    const err = await connect(mock).request('/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as InvalidCredentialsError).statusCode).toBe(401);
    expect(route.requests).toHaveLength(2);
    expect(mock.requests.filter((r) => r.path === '/v2.1/servers')).toHaveLength(2);
  });

  it('does not replay a streamed body, but the next request uses a new token', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock, { tokens: ['tok-one', 'tok-two'] });
    mock.on('PUT', /\/v1\//, { status: 401, body: '' }, { times: 1 });
    mock.on('PUT', /\/v1\//, { status: 201, body: '' });
    const conn = connect(mock, { serviceType: 'object-store' });
    await expect(conn.request('/c/o', { method: 'PUT', data: Readable.from([Buffer.from('bytes')]) })).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(mock.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    await conn.request('/c/o', { method: 'PUT', data: Readable.from([Buffer.from('bytes')]) });
    expect(route.requests).toHaveLength(2);
    expect(mock.lastRequest!.headers['x-auth-token']).toBe('tok-two');
  });

  it('does not re-authenticate on a 403 (a permission problem, not a stale token)', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock);
    mock.on('GET', '/v2.1/servers', { status: 403, json: { forbidden: { message: "Policy doesn't allow os_compute_api:servers:index to be performed.", code: 403 } } });
    const err = await connect(mock).request('/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain("Policy doesn't allow");
    expect(route.requests).toHaveLength(1);
  });
});

describe('OpenStackConnection: Swift TempAuth', () => {
  const TEMPAUTH = 'http://127.0.0.1:8080/auth/v1.0';
  const tempauth = (mock: MockTransport, options: OpenStackConnectionOptions = {}): OpenStackConnection =>
    new OpenStackConnection('test:tester', 'testing-key', { authUrl: TEMPAUTH, authVersion: '1.0', transport: mock, env: {}, retry: false, ...options });

  it('gets a token with X-Auth-User and X-Auth-Key and uses the storage URL', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/auth/v1.0', {
      headers: { 'x-storage-url': 'http://127.0.0.1:8080/v1/AUTH_test', 'x-auth-token': 'AUTH_tk0123456789', 'x-auth-token-expires': '86399' },
    });
    mock.on('PUT', '/v1/AUTH_test/photos', { status: 201 });
    const conn = tempauth(mock);
    await conn.request('/photos', { method: 'PUT' });
    const [auth, put] = mock.requests;
    expect(auth!.headers['x-auth-user']).toBe('test:tester');
    expect(auth!.headers['x-auth-key']).toBe('testing-key');
    expect(auth!.headers['x-auth-token']).toBeUndefined();
    expect(put!.url.href).toBe('http://127.0.0.1:8080/v1/AUTH_test/photos');
    expect(put!.headers['x-auth-token']).toBe('AUTH_tk0123456789');
    expect(conn.auth!.expiresAt! - conn.auth!.obtainedAt).toBe(86_399_000);
  });

  it('appends /auth/v1.0 to a bare auth URL', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/auth/v1.0', { headers: { 'x-storage-url': 'http://127.0.0.1:8080/v1/AUTH_test', 'x-auth-token': 'AUTH_tk0123456789' } });
    await tempauth(mock, { authUrl: 'http://127.0.0.1:8080' }).authenticate();
    expect(mock.requests[0]!.url.href).toBe('http://127.0.0.1:8080/auth/v1.0');
  });

  it('re-authenticates once on a 401 from the storage URL', async () => {
    const mock = new MockTransport();
    let n = 0;
    mock.on('GET', '/auth/v1.0', () => ({ headers: { 'x-storage-url': 'http://127.0.0.1:8080/v1/AUTH_test', 'x-auth-token': `AUTH_tk${++n}xxxxxxxx` } }));
    mock.on('GET', '/v1/AUTH_test', { status: 401, body: '<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document you requested.</p></html>' }, { times: 1 });
    mock.on('GET', '/v1/AUTH_test', { json: [] });
    const conn = tempauth(mock);
    await conn.request('/', { params: { format: 'json' } });
    expect(n).toBe(2);
  });

  it('maps rejected TempAuth credentials to InvalidCredentialsError naming the user, never the key', async () => {
    const mock = new MockTransport().on('GET', '/auth/v1.0', { status: 401, body: '<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized.</p></html>' });
    const err = await tempauth(mock).request('/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('user "test:tester"');
    expect((err as Error).message).toContain('Unauthorized');
    expect((err as Error).message).not.toContain('testing-key');
  });

  it('maps a 404 on the auth URL to NotFoundError', async () => {
    const mock = new MockTransport().on('GET', /.*/, { status: 404, body: 'Not Found' });
    await expect(tempauth(mock, { authUrl: 'http://127.0.0.1:8080/nope' }).authenticate()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('uses endpointOverride instead of the storage URL', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/auth/v1.0', { headers: { 'x-storage-url': 'http://internal:8080/v1/AUTH_test', 'x-auth-token': 'AUTH_tk0123456789' } });
    mock.on('HEAD', /.*/, { status: 204 });
    await tempauth(mock, { endpointOverride: 'http://127.0.0.1:8080/v1/AUTH_test' }).request('/c', { method: 'HEAD' });
    expect(mock.lastRequest!.url.href).toBe('http://127.0.0.1:8080/v1/AUTH_test/c');
  });
});

describe('OpenStackConnection: secrets stay out of errors and debug output', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('redacts the password (even JSON-escaped) and the token from the debug log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nubes-os-debug-'));
    const log = join(dir, 'debug.log');
    const password = 'pa"ss\\w0rd-Secret';
    const mock = new MockTransport();
    tokenRoute(mock, { tokens: ['gAAAAAB-secret-token-value'] });
    mock.on('GET', '/v2.1/servers', { status: 401, body: 'echo gAAAAAB-secret-token-value' }, { times: 1 });
    mock.on('GET', '/v2.1/servers', { json: { servers: [] } });
    const conn = connect(mock, { debug: log }, 'alice', password);
    await conn.request('/servers');
    const text = readFileSync(log, 'utf8');
    // The log really holds the token request and the service request.
    expect(text).toContain('/v3/auth/tokens');
    expect(text).toContain('"password":"[REDACTED]"');
    expect(text).toContain('x-auth-token: [REDACTED]');
    expect(text).toContain('x-subject-token: [REDACTED]');
    expect(text).not.toContain('pa"ss');
    expect(text).not.toContain('pa\\"ss');
    expect(text).not.toContain('secret-token-value');
  });

  it('redacts an application credential secret from the debug log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nubes-os-debug-'));
    const log = join(dir, 'debug.log');
    const mock = new MockTransport();
    tokenRoute(mock);
    await connect(mock, { debug: log, authVersion: '3.x_appcred' }, 'aa11bb22', 'app-cred-SECRET-42').authenticate();
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('application_credential');
    expect(text).not.toContain('app-cred-SECRET-42');
  });

  it('redacts the TempAuth key and token from the debug log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nubes-os-debug-'));
    const log = join(dir, 'debug.log');
    const mock = new MockTransport();
    mock.on('GET', '/auth/v1.0', { headers: { 'x-storage-url': 'http://127.0.0.1:8080/v1/AUTH_test', 'x-auth-token': 'AUTH_tk-SECRET-token', 'x-storage-token': 'AUTH_tk-SECRET-token' } });
    mock.on('GET', '/v1/AUTH_test', { json: [] });
    const conn = new OpenStackConnection('test:tester', 'tempauth-KEY-secret', {
      authUrl: 'http://127.0.0.1:8080',
      authVersion: '1.0',
      transport: mock,
      env: {},
      debug: log,
    });
    await conn.request('/');
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('x-auth-user: test:tester');
    expect(text).not.toContain('tempauth-KEY-secret');
    expect(text).not.toContain('SECRET-token');
  });

  it('keeps the token out of an error whose body echoes it', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { tokens: ['gAAAAAB-echoed-token'] });
    mock.on('GET', '/v2.1/servers', { status: 400, json: { badRequest: { message: 'bad token gAAAAAB-echoed-token for password correct horse', code: 400 } } });
    const err = await connect(mock).request('/servers').catch((e: unknown) => e);
    expect((err as Error).message).toContain('bad token [REDACTED] for password [REDACTED]');
  });
});

describe('OpenStackConnection: retries of the token call', () => {
  it('retries an unreachable identity service once per attempt of the request, not in a nested loop', async () => {
    const { NetworkError } = await import('../../../src/common/errors/index.js');
    const mock = new MockTransport();
    let calls = 0;
    mock.on('POST', '/v3/auth/tokens', () => {
      calls++;
      throw new NetworkError('connect ECONNREFUSED 192.0.2.5:5000');
    });
    const conn = connect(mock, { retry: { retries: 2, minDelay: 1, maxDelay: 1 } });
    await expect(conn.request('/servers')).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(3);
  });

  it('retries the token call by the connection policy when authenticating directly', async () => {
    const { NetworkError } = await import('../../../src/common/errors/index.js');
    const mock = new MockTransport();
    let calls = 0;
    mock.on('POST', '/v3/auth/tokens', () => {
      calls++;
      throw new NetworkError('connect ECONNREFUSED 192.0.2.5:5000');
    });
    await expect(connect(mock, { retry: { retries: 2, minDelay: 1, maxDelay: 1 } }).authenticate()).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(3);
  });
});
