import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AADSTS_HINTS,
  ArmConnection,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  resolveAzureCredential,
} from '../../../src/common/azure/index.js';
import { InvalidArgumentError, InvalidCredentialsError, type TokenCredential } from '../../../src/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { startFakeAzure, type FakeAzure } from './fake-azure.js';

const TENANT = '72f988bf-0000-4000-8000-000000000000';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'Zx8Q~very.secret+value/with=specials';
const SCOPE = 'https://management.azure.com/.default';

let ca: TestCa;
let pemPath: string;
let fake: FakeAzure;
const dir = mkdtempSync(join(tmpdir(), 'nubes-entra-'));

beforeAll(async () => {
  ca = makeTestCa('entra-client');
  pemPath = join(dir, 'sp.pem');
  writeFileSync(pemPath, `${ca.key}\n${ca.cert}`);
  fake = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, certificate: ca.cert }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-ms-request-id', 'req-arm-1');
    res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
  });
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(ca.dir, { recursive: true, force: true });
});

function arm(credential: TokenCredential, extra: Record<string, unknown> = {}): ArmConnection {
  return new ArmConnection(credential, { url: fake.url, env: {}, retry: false, ...extra });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error,
  );
}

describe('ClientSecretCredential against a fake v2.0 token endpoint', () => {
  it('posts the client-credentials form and sends the token to ARM as a bearer token', async () => {
    const credential = new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: fake.url });
    const conn = arm(credential);
    const res = await conn.request<{ auth: string }>('/subscriptions');
    const call = fake.seen.find((s) => s.method === 'POST' && s.url === `/${TENANT}/oauth2/v2.0/token`)!;
    const form = new URLSearchParams(call.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: CLIENT, client_secret: SECRET, scope: SCOPE });
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.headers.authorization).toBeUndefined();
    expect(res.object.auth).toBe(`Bearer ${fake.tokens.at(-1)}`);
    expect(fake.problems).toEqual([]);
    await conn.close();
  });

  it.each([
    ['a wrong secret', { clientSecret: 'wrong-secret-value' }, 'AADSTS7000215'],
    ['a wrong tenant', { tenantId: 'contoso.onmicrosoft.com' }, 'AADSTS90002'],
    ['an unknown client', { clientId: '99999999-2222-4333-8444-555555555555' }, 'AADSTS700016'],
  ])('maps %s to an InvalidCredentialsError carrying the AADSTS code and what to check', async (_name, change, code) => {
    const credential = new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: fake.url, ...change });
    const conn = arm(credential);
    const err = await failure(conn.request('/subscriptions'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as InvalidCredentialsError).providerCode).toBe(code);
    expect(err.message).toContain(AADSTS_HINTS[code]!);
    expect(err.message).not.toContain('Trace ID');
    for (const form of [SECRET, encodeURIComponent(SECRET), 'wrong-secret-value']) expect(err.message).not.toContain(form);
    await conn.close();
  });

  it('maps a scope without /.default to AADSTS1002012', async () => {
    const credential = new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: fake.url });
    const conn = arm(credential, { scope: 'https://management.azure.com/' });
    const err = (await failure(conn.request('/subscriptions'))) as InvalidCredentialsError;
    expect(err.providerCode).toBe('AADSTS1002012');
    expect(err.message).toContain('/.default');
    await conn.close();
  });

  it('redacts the secret in raw, URL-encoded, form-encoded and base64 forms from an error body that echoes it', async () => {
    const credential = new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
    // A broken endpoint echoing what it got, in every encoding.
    const mock = new MockTransport().on('POST', `/${TENANT}/oauth2/v2.0/token`, (r) => ({
      status: 400,
      json: { error: 'invalid_request', error_description: `AADSTS900144: bad body ${r.text} ${Buffer.from(SECRET).toString('base64')} ${SECRET}` },
    }));
    const conn = new ArmConnection(credential, { transport: mock, env: {}, retry: false });
    const err = await failure(conn.request('/subscriptions'));
    expect((err as InvalidCredentialsError).providerCode).toBe('AADSTS900144');
    for (const form of [SECRET, encodeURIComponent(SECRET), new URLSearchParams({ v: SECRET }).toString().slice(2), Buffer.from(SECRET).toString('base64')]) {
      expect(err.message).not.toContain(form);
    }
  });

  it('keeps the secret and token out of inspect output and the NUBES_DEBUG log', async () => {
    const log = join(dir, 'debug-secret.log');
    const credential = resolveAzureCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: fake.url }, {});
    const conn = arm(credential, { debug: log });
    await conn.request('/subscriptions');
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('credential chain: explicit options: client-secret');
    expect(text).toContain('/oauth2/v2.0/token');
    const token = fake.tokens.at(-1)!;
    for (const form of [SECRET, encodeURIComponent(SECRET), new URLSearchParams({ v: SECRET }).toString().slice(2), Buffer.from(SECRET).toString('base64'), token]) {
      expect(text).not.toContain(form);
      expect(inspect(conn, { depth: 8 })).not.toContain(form);
      expect(inspect(credential, { depth: 8 })).not.toContain(form);
    }
    await conn.close();
  });

  it('rejects a plain-http authority that is not loopback, naming the option', () => {
    expect(() => new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: 'http://login.example.com' })).toThrow(InvalidArgumentError);
    const err = (() => {
      try {
        new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: ' ' });
      } catch (e) {
        return e as InvalidArgumentError;
      }
      return undefined;
    })();
    expect(err?.option).toBe('clientSecret');
  });
});

describe('ClientCertificateCredential', () => {
  it('signs an RS256 assertion the endpoint verifies with the certificate, x5t = openssl SHA-1 thumbprint', async () => {
    const credential = new ClientCertificateCredential({ tenantId: TENANT, clientId: CLIENT, certificatePath: pemPath, authorityHost: fake.url });
    // An independent thumbprint: openssl's, hex → base64url.
    const hex = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha1', '-in', ca.certPath], { encoding: 'utf8' }).split('=')[1]!.trim().replace(/:/g, '');
    expect(credential.x5t).toBe(Buffer.from(hex, 'hex').toString('base64url'));
    const conn = arm(credential);
    const res = await conn.request<{ auth: string }>('/subscriptions');
    expect(res.object.auth).toBe(`Bearer ${fake.tokens.at(-1)}`);
    const call = fake.seen.filter((s) => s.method === 'POST').at(-1)!;
    const form = new URLSearchParams(call.body);
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.has('client_secret')).toBe(false);
    expect(fake.problems).toEqual([]);
    // The assertion is a secret too.
    expect(inspect(conn, { depth: 8 })).not.toContain(form.get('client_assertion')!);
    await conn.close();
  });

  it('is refused (AADSTS700027) when the certificate is not the registered one', async () => {
    const other = makeTestCa('entra-other');
    try {
      const credential = new ClientCertificateCredential({ tenantId: TENANT, clientId: CLIENT, certificate: `${other.key}\n${other.cert}`, authorityHost: fake.url });
      const conn = arm(credential);
      const err = (await failure(conn.request('/subscriptions'))) as InvalidCredentialsError;
      expect(err).toBeInstanceOf(InvalidCredentialsError);
      expect(err.providerCode).toBe('AADSTS700027');
      expect(err.message).toContain('certificate');
      await conn.close();
    } finally {
      rmSync(other.dir, { recursive: true, force: true });
    }
  });

  it('names the option for a file without a key, or a certificate that does not match the key', () => {
    const certOnly = join(dir, 'cert-only.pem');
    writeFileSync(certOnly, ca.cert);
    expect(() => new ClientCertificateCredential({ tenantId: TENANT, clientId: CLIENT, certificatePath: certOnly })).toThrow(/certificatePath must be PEM/);
    expect(() => new ClientCertificateCredential({ tenantId: TENANT, clientId: CLIENT, certificatePath: join(dir, 'missing.pem') })).toThrow(InvalidArgumentError);
    expect(() => new ClientCertificateCredential({ tenantId: TENANT, clientId: CLIENT, certificate: `${ca.key}\n${ca.caCert}` })).toThrow(/no certificate in the file matches/);
  });
});

describe('ManagedIdentityCredential (IMDS)', () => {
  it('asks IMDS with Metadata: true and the resource, directly even with HTTP_PROXY set', async () => {
    const mock = new MockTransport()
      .on('GET', '/metadata/identity/oauth2/token', (r) => ({
        status: r.headers.metadata === 'true' ? 200 : 400,
        json: { access_token: 'imds-secret-token-1', expires_in: '3599', expires_on: String(Math.floor(Date.now() / 1000) + 3599), token_type: 'Bearer' },
      }))
      .on('GET', '/subscriptions', (r) => ({ json: { auth: r.headers.authorization ?? null } }), { host: 'management.azure.com' });
    const conn = new ArmConnection(new ManagedIdentityCredential({}, {}), { transport: mock, env: { HTTP_PROXY: 'http://proxy.corp:3128', HTTPS_PROXY: 'http://proxy.corp:3128' }, retry: false });
    const res = await conn.request<{ auth: string }>('/subscriptions');
    expect(res.object.auth).toBe('Bearer imds-secret-token-1');
    const imds = mock.requestsTo('GET', '/metadata/identity/oauth2/token')[0]!;
    expect(imds.url.origin).toBe('http://169.254.169.254');
    expect(imds.query).toMatchObject({ 'api-version': '2018-02-01', resource: 'https://management.azure.com/' });
    expect(imds.proxy).toBeNull(); // never through the proxy
    expect(mock.requestsTo('GET', '/subscriptions')[0]!.proxy).not.toBeNull(); // ARM calls are
  });

  it('reads the IMDS override from NUBES_AZURE_IMDS_ENDPOINT and works against the loopback fake', async () => {
    const credential = resolveAzureCredential({ credentials: 'managed-identity' }, { NUBES_AZURE_IMDS_ENDPOINT: fake.url });
    const conn = arm(credential);
    const res = await conn.request<{ auth: string }>('/subscriptions');
    expect(res.object.auth).toMatch(/^Bearer imds-token-/);
    expect(fake.seen.filter((s) => s.url.startsWith('/metadata/')).at(-1)!.headers.metadata).toBe('true');
    await conn.close();
  });

  it('says managed identity is unavailable, and how to configure a service principal, when IMDS cannot be reached', async () => {
    const credential = new ManagedIdentityCredential({ imdsEndpoint: 'http://127.0.0.1:9', timeout: 500 });
    const conn = arm(credential);
    const err = await failure(conn.request('/subscriptions'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).toContain('AZURE_CLIENT_SECRET');
    await conn.close();
  });
});

describe('resolveAzureCredential (the chain)', () => {
  it('prefers explicit options, then the environment, then managed identity', () => {
    const env = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'env-secret-value' };
    expect(resolveAzureCredential({ tenantId: TENANT, clientId: CLIENT, certificatePath: pemPath }, env).kind).toBe('client-certificate');
    expect(resolveAzureCredential({}, env).kind).toBe('client-secret');
    expect(resolveAzureCredential({}, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_CERTIFICATE_PATH: pemPath }).kind).toBe('client-certificate');
    expect(resolveAzureCredential({}, {}).kind).toBe('managed-identity');
    expect(resolveAzureCredential({ credentials: 'managed-identity' }, env).kind).toBe('managed-identity');
  });

  it('names the missing variable of a half-configured environment instead of falling through', () => {
    const err = (() => {
      try {
        resolveAzureCredential({}, { AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's3cret-value' });
      } catch (e) {
        return e as InvalidArgumentError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err?.option).toBe('AZURE_TENANT_ID');
    expect(err?.message).not.toContain('s3cret-value');
    expect(() => resolveAzureCredential({ clientSecret: 'x-secret' }, {})).toThrow(/tenantId is required/);
    expect(() => resolveAzureCredential({ credentials: 'bogus' as never }, {})).toThrow(InvalidArgumentError);
  });

  it('refuses a wrong-typed option by name, whichever step would read it, without echoing it', () => {
    const cases: [string, unknown][] = [
      ['clientId', 42],
      ['clientSecret', { value: 'hidden-secret-value' }],
      ['certificatePath', 7],
      ['certificatePassword', 7],
      ['managedIdentityClientId', {}],
      ['authorityHost', 1],
      ['imdsEndpoint', 'not a url'],
      ['imdsEndpoint', 'ftp://169.254.169.254'],
    ];
    for (const [option, value] of cases) {
      let err: unknown;
      try {
        // Explicit client secret wins the chain: the wrong option is still refused.
        resolveAzureCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, [option]: value }, {});
      } catch (e) {
        err = e;
      }
      expect(err, `${option}: ${String(value)}`).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe(option);
      expect((err as InvalidArgumentError).message).not.toContain('hidden-secret-value');
    }
  });

  it('reports each step in the NUBES_DEBUG log when the environment is used', async () => {
    const log = join(dir, 'debug-chain.log');
    const credential = resolveAzureCredential({}, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: SECRET, AZURE_AUTHORITY_HOST: fake.url });
    const conn = arm(credential, { debug: log });
    await conn.request('/subscriptions');
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('credential chain: explicit options: no clientSecret or certificatePath given');
    expect(text).toContain('credential chain: environment: client-secret from AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(encodeURIComponent(SECRET));
    await conn.close();
  });
});
