import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  InvalidCredentialsError,
  MalformedResponseError,
  NotFoundError,
  ServiceUnavailableError,
} from '../../../src/common/errors/index.js';
import {
  OpenStackConnection,
  keystoneAuthBody,
  keystoneV3Root,
  type OpenStackConnectionOptions,
} from '../../../src/common/openstack/index.js';
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

/** Authenticates and returns the body of the token request. */
async function tokenBody(options: OpenStackConnectionOptions, user = 'alice', key = 'correct horse'): Promise<unknown> {
  const mock = new MockTransport();
  const route = tokenRoute(mock);
  await connect(mock, options, user, key).authenticate();
  expect(route.requests).toHaveLength(1);
  return route.requests[0]!.json();
}

describe('Keystone v3 token request bodies', () => {
  it('sends a user name with its domain and a project scope by name, both in the Default domain unless told', async () => {
    expect(await tokenBody({ projectName: 'demo' })).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', domain: { name: 'Default' }, password: 'correct horse' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
  });

  it('uses domainName for both the user and the project, and the specific domain options over it', async () => {
    expect(await tokenBody({ projectName: 'demo', domainName: 'corp' })).toMatchObject({
      auth: {
        identity: { password: { user: { domain: { name: 'corp' } } } },
        scope: { project: { domain: { name: 'corp' } } },
      },
    });
    expect(await tokenBody({ projectName: 'demo', domainName: 'corp', userDomainId: 'u-dom', projectDomainName: 'p-dom' })).toMatchObject({
      auth: {
        identity: { password: { user: { domain: { id: 'u-dom' } } } },
        scope: { project: { name: 'demo', domain: { name: 'p-dom' } } },
      },
    });
  });

  it('scopes to a project id, and identifies the user by id with userIdType id', async () => {
    expect(await tokenBody({ projectId: '0c2ff3d1', userIdType: 'id' }, 'user-uuid')).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { id: 'user-uuid', password: 'correct horse' } } },
        scope: { project: { id: '0c2ff3d1' } },
      },
    });
  });

  it('accepts tenantName as the old name of projectName', async () => {
    expect(await tokenBody({ tenantName: 'legacy' })).toMatchObject({
      auth: { scope: { project: { name: 'legacy', domain: { name: 'Default' } } } },
    });
  });

  it('sends no scope when no project is given (Keystone then uses the default project)', async () => {
    const body = (await tokenBody({})) as { auth: Record<string, unknown> };
    expect(body.auth).not.toHaveProperty('scope');
  });

  it('sends an application credential by id with its secret and no scope', async () => {
    expect(await tokenBody({ authVersion: '3.x_appcred' }, 'aa11bb22cc33dd44', 'app-secret-value')).toEqual({
      auth: {
        identity: { methods: ['application_credential'], application_credential: { id: 'aa11bb22cc33dd44', secret: 'app-secret-value' } },
      },
    });
  });

  it('sends an application credential by name with its owning user', async () => {
    expect(
      await tokenBody({ authVersion: '3.x_appcred', userIdType: 'name', appCredentialUserName: 'alice', userDomainName: 'corp' }, 'ci-runner', 'app-secret-value'),
    ).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'ci-runner', user: { name: 'alice', domain: { name: 'corp' } }, secret: 'app-secret-value' },
        },
      },
    });
    expect(await tokenBody({ authVersion: '3.x_appcred', userIdType: 'name', appCredentialUserId: 'uid-1' }, 'ci-runner', 'app-secret-value')).toMatchObject({
      auth: { identity: { application_credential: { name: 'ci-runner', user: { id: 'uid-1' } } } },
    });
  });

  it('builds the same bodies with keystoneAuthBody directly', () => {
    expect(keystoneAuthBody({ method: 'application_credential', id: 'x', secret: 'y' })).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'x', secret: 'y' } } },
    });
  });
});

describe('Keystone auth URL', () => {
  it.each([
    ['https://ks:5000', 'https://ks:5000/v3'],
    ['https://ks:5000/', 'https://ks:5000/v3'],
    ['https://ks:5000/v3', 'https://ks:5000/v3'],
    ['https://ks:5000/v3/', 'https://ks:5000/v3'],
    ['https://host/identity', 'https://host/identity/v3'],
    ['https://host/identity/v3/auth/tokens', 'https://host/identity/v3'],
    ['https://ks:5000/v2.0', 'https://ks:5000/v3'],
  ])('normalises %s to %s', (input, expected) => {
    expect(keystoneV3Root(input)).toBe(expected);
  });

  it('posts the token request to <root>/v3/auth/tokens as JSON', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock);
    await connect(mock, { authUrl: 'https://keystone.example.com:5000/v3/' }).authenticate();
    const req = route.requests[0]!;
    expect(req.url.href).toBe('https://keystone.example.com:5000/v3/auth/tokens');
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-auth-token']).toBeUndefined();
  });

  it('sends the token request through the same proxy resolver as every request', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock);
    mock.on('GET', '/v2.1/servers', { json: { servers: [] } });
    const conn = connect(mock, { proxyUrl: 'http://proxy.corp:3128' });
    await conn.request('/servers');
    expect(route.requests[0]!.proxy?.origin).toBe('http://proxy.corp:3128');
    expect(mock.lastRequest!.proxy?.origin).toBe('http://proxy.corp:3128');
  });

  it('defaults the identity URL to the connection url when authUrl is absent', async () => {
    const mock = new MockTransport();
    const route = tokenRoute(mock);
    await new OpenStackConnection('alice', 'pw-12345', { url: 'https://keystone.example.com:5000/identity', transport: mock, env: {} }).authenticate();
    expect(route.requests[0]!.url.pathname).toBe('/identity/v3/auth/tokens');
  });
});

describe('Keystone token responses', () => {
  it('reads the token from X-Subject-Token and the catalog, project and user from the body', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { tokens: ['gAAAAAB-the-token'] });
    const auth = await connect(mock, { clock: () => 1_000_000 }).authenticate();
    expect(auth.token).toBe('gAAAAAB-the-token');
    expect(auth.projectId).toBe('0c2ff3d1e4b84f8a9bb2d3b1f6a7c8d9');
    expect(auth.userId).toBe('5f9d2c1e8a7b4c3d9e0f1a2b3c4d5e6f');
    expect(auth.catalog?.serviceTypes).toEqual(['block-storage', 'compute', 'object-store']);
    // One hour of lifetime (issued_at → expires_at), applied to the local clock.
    expect(auth.obtainedAt).toBe(1_000_000);
    expect(auth.expiresAt).toBe(1_000_000 + 3_600_000);
  });

  it('takes expires_at as an absolute time when issued_at is absent', async () => {
    const mock = new MockTransport();
    tokenRoute(mock, { issuedAt: null, expiresAt: '2030-01-01T12:00:00.123456Z' });
    const auth = await connect(mock).authenticate();
    expect(auth.expiresAt).toBe(Date.parse('2030-01-01T12:00:00.123Z'));
  });

  it('maps a 401 to InvalidCredentialsError with Keystone message and the user, and does not retry it', async () => {
    const mock = new MockTransport().on('POST', '/v3/auth/tokens', { status: 401, json: keystoneFixture('error-401.json') });
    const err = await connect(mock).authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('The request you have made requires authentication.');
    expect((err as Error).message).toContain('user "alice"');
    expect((err as InvalidCredentialsError).statusCode).toBe(401);
    expect(mock.requests).toHaveLength(1);
  });

  it('maps a 401 on the token call of a service request to InvalidCredentialsError without a second token request', async () => {
    const mock = new MockTransport().on('POST', '/v3/auth/tokens', { status: 401, json: keystoneFixture('error-401.json') });
    const err = await connect(mock).request('/servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(mock.requests.map((r) => r.path)).toEqual(['/v3/auth/tokens']);
  });

  it('maps a 403 to InvalidCredentialsError with Keystone message', async () => {
    const mock = new MockTransport().on('POST', '/v3/auth/tokens', { status: 403, json: keystoneFixture('error-403.json') });
    const err = await connect(mock, { projectName: 'demo' }).authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toMatch(/not authorized.*identity:get_project/);
    expect((err as InvalidCredentialsError).statusCode).toBe(403);
  });

  it('maps a 404 to NotFoundError that points at authUrl', async () => {
    const mock = new MockTransport().on('POST', /.*/, { status: 404, body: '<html><h1>Not Found</h1></html>' });
    const err = await connect(mock, { authUrl: 'https://keystone.example.com:5000/wrong' }).authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toContain('https://keystone.example.com:5000/wrong/v3/auth/tokens');
    expect((err as Error).message).toContain('Check authUrl');
  });

  it('passes a Keystone outage through as ServiceUnavailableError', async () => {
    const mock = new MockTransport().on('POST', '/v3/auth/tokens', { status: 503, body: 'down' });
    await expect(connect(mock).authenticate()).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('refuses a token response without X-Subject-Token', async () => {
    const mock = new MockTransport().on('POST', '/v3/auth/tokens', { status: 201, json: keystoneFixture('token-single-region.json') });
    const err = await connect(mock).authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain('X-Subject-Token');
  });

  it('refuses a token response whose body is not a token', async () => {
    const mock = new MockTransport().on('POST', '/v3/auth/tokens', { status: 201, headers: { 'x-subject-token': 'tok-abcdef' }, json: { versions: [] } });
    await expect(connect(mock).authenticate()).rejects.toBeInstanceOf(MalformedResponseError);
  });
});

describe('OpenStack option validation (before any request)', () => {
  const mock = new MockTransport();
  it.each<[string, OpenStackConnectionOptions, string]>([
    ['projectName and tenantName differ', { projectName: 'a', tenantName: 'b' }, 'tenantName'],
    ['project by name and id', { projectName: 'a', projectId: 'b' }, 'projectId'],
    ['an unsupported auth version', { authVersion: '2.0' as never }, 'authVersion'],
    ['an unknown interface', { interface: 'private' as never }, 'interface'],
    ['a user domain by name and id', { userDomainName: 'a', userDomainId: 'b' }, 'userDomainName'],
    ['an empty project name', { projectName: '' }, 'projectName'],
    ['a negative refresh margin', { tokenRefreshMargin: -1 }, 'tokenRefreshMargin'],
    ['an endpoint override that is not http', { endpointOverride: 'ftp://x' }, 'endpointOverride'],
    ['an auth URL that is not a URL', { authUrl: 'keystone' }, 'authUrl'],
    ['an application credential by name without its user', { authVersion: '3.x_appcred', userIdType: 'name' }, 'appCredentialUserName'],
    ['an application credential by id with a user', { authVersion: '3.x_appcred', appCredentialUserName: 'alice' }, 'appCredentialUserName'],
  ])('refuses %s, naming the option', (_what, options, option) => {
    const make = (): OpenStackConnection => connect(mock, options);
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow(expect.objectContaining({ option }));
    expect(mock.requests).toHaveLength(0);
  });

  it('refuses a TempAuth user that is not account:user', () => {
    expect(() => connect(mock, { authVersion: '1.0' }, 'tester')).toThrow(/account:user/);
  });

  it('requires authUrl when neither url nor host is given', () => {
    expect(() => new OpenStackConnection('alice', 'pw-12345', { transport: mock, env: {} })).toThrow(/authUrl is required/);
  });

  it('still refuses unknown connection options', () => {
    expect(() => connect(mock, { bogus: 1 } as never)).toThrow(/Unknown option "bogus"/);
  });
});
