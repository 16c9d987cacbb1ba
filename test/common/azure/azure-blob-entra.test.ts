/**
 * AzureBlobConnection signed in with Microsoft Entra ID: the bearer token (scope
 * https://storage.azure.com/.default, or the `scope` option) goes only to the storage
 * account's host, with an `x-ms-version` that accepts OAuth; a 401 renews it once; the
 * token request goes through this connection (its transport); no token or secret in
 * errors or inspect output. The Azure Blobs driver takes the same credential options as
 * the ARM drivers.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AZURE_BLOB_API_VERSION, AZURE_STORAGE_SCOPE, AzureBlobConnection } from '../../../src/common/azure/index.js';
import { InvalidArgumentError, InvalidCredentialsError, NotSupportedError } from '../../../src/common/errors/index.js';
import type { AccessToken, TokenCredential } from '../../../src/index.js';
import { AzureBlobsStorageDriver } from '../../../src/drivers/storage/azure-blobs/index.js';
import { MockTransport } from '../../../src/testing/index.js';

class CountingCredential implements TokenCredential {
  readonly kind = 'counting';
  readonly scopes: string[][] = [];
  async getToken(scopes: readonly string[]): Promise<AccessToken> {
    this.scopes.push([...scopes]);
    return { token: `entra-token-${this.scopes.length}-abcdefgh`, expiresAt: Date.now() + 3_600_000 };
  }
}

const LIST = '<?xml version="1.0" encoding="utf-8"?><EnumerationResults><Containers /></EnumerationResults>';

describe('AzureBlobConnection with an Entra ID credential', () => {
  it('sends Bearer <token> for the storage scope to the account host, with an OAuth-capable x-ms-version, and no Shared Key', async () => {
    const mock = new MockTransport().on('GET', '/', { xml: LIST });
    const credential = new CountingCredential();
    const conn = new AzureBlobConnection('myaccount', credential, { transport: mock, env: {} });
    expect(conn.authType).toBe('entra');
    await conn.request('/', { params: { comp: 'list' } });
    await conn.request('/', { params: { comp: 'list' } });
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(['Bearer entra-token-1-abcdefgh', 'Bearer entra-token-1-abcdefgh']);
    expect(mock.requests[0]!.url.host).toBe('myaccount.blob.core.windows.net');
    expect(AZURE_BLOB_API_VERSION >= '2017-11-09').toBe(true);
    expect(mock.requests[0]!.headers['x-ms-version']).toBe(AZURE_BLOB_API_VERSION);
    expect(credential.scopes).toEqual([[AZURE_STORAGE_SCOPE]]);
  });

  it('never sends the token to another host (an absolute URL elsewhere)', async () => {
    const mock = new MockTransport().on('GET', '/elsewhere', { body: 'ok' });
    const conn = new AzureBlobConnection('myaccount', new CountingCredential(), { transport: mock, env: {} });
    await conn.request('https://other.example/elsewhere');
    expect(mock.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('takes the account\'s own resource as scope, and refuses a scope without /.default', async () => {
    const mock = new MockTransport().on('GET', '/', { xml: LIST });
    const credential = new CountingCredential();
    const conn = new AzureBlobConnection('myaccount', credential, { transport: mock, env: {}, scope: 'https://myaccount.blob.core.windows.net/.default' });
    await conn.request('/', { params: { comp: 'list' } });
    expect(credential.scopes).toEqual([['https://myaccount.blob.core.windows.net/.default']]);
    expect(() => new AzureBlobConnection('myaccount', credential, { scope: 'https://storage.azure.com' })).toThrow(InvalidArgumentError);
  });

  it('renews the token once on a 401, then fails with InvalidCredentialsError naming no token', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/', { status: 401, headers: { 'x-ms-error-code': 'InvalidAuthenticationInfo', 'content-type': 'application/xml' }, xml: '<?xml version="1.0"?><Error><Code>InvalidAuthenticationInfo</Code><Message>Lifetime validation failed. The token is expired.</Message></Error>' }, { times: 1 });
    mock.on('GET', '/', { xml: LIST });
    const credential = new CountingCredential();
    const conn = new AzureBlobConnection('myaccount', credential, { transport: mock, env: {}, retry: false });
    await conn.request('/', { params: { comp: 'list' } });
    expect(mock.requests.map((r) => r.headers.authorization)).toEqual(['Bearer entra-token-1-abcdefgh', 'Bearer entra-token-2-abcdefgh']);

    const always = new MockTransport().on('GET', '/', { status: 401, headers: { 'x-ms-error-code': 'InvalidAuthenticationInfo' }, body: '' });
    const c2 = new CountingCredential();
    const conn2 = new AzureBlobConnection('myaccount', c2, { transport: always, env: {}, retry: false });
    const err = await conn2.request('/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(always.requests).toHaveLength(2);
    expect(`${String(err)} ${JSON.stringify(err)} ${inspect(conn2, { depth: 5 })}`).not.toMatch(/entra-token-/);
  });

  it('cannot sign a SAS (no account key): NotSupportedError', () => {
    const conn = new AzureBlobConnection('myaccount', new CountingCredential(), { env: {} });
    expect(() => conn.blobSasUrl('c', 'b', { permissions: 'r', expiresOn: new Date(Date.now() + 60_000) })).toThrow(NotSupportedError);
  });
});

describe('AzureBlobsStorageDriver with Entra ID options', () => {
  it('uses the account key or SAS when given, Entra ID otherwise (credentials, client secret)', async () => {
    const mock = new MockTransport().on('GET', '/', { xml: LIST });
    const credential = new CountingCredential();
    const entra = new AzureBlobsStorageDriver('myaccount', undefined, { credentials: credential, transport: mock, env: {} });
    expect(entra.connection.authType).toBe('entra');
    await entra.listContainers();
    expect(mock.requests[0]!.headers.authorization).toBe('Bearer entra-token-1-abcdefgh');
    const keyed = new AzureBlobsStorageDriver('myaccount', 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==', { clientId: 'app', env: {} });
    expect(keyed.connection.authType).toBe('sharedKey');
  });

  it('fetches the token through the driver\'s own connection (its transport), and no secret shows in inspect', async () => {
    const SECRET = 'blob~client.secret+value';
    const mock = new MockTransport();
    mock.on('POST', '/contoso.onmicrosoft.com/oauth2/v2.0/token', (req) => {
      const form = new URLSearchParams(req.text);
      expect(form.get('scope')).toBe(AZURE_STORAGE_SCOPE);
      expect(form.get('client_secret')).toBe(SECRET);
      return { json: { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ0eXAi.storage-token-xyz.sig' } };
    });
    mock.on('GET', '/', { xml: LIST });
    const driver = new AzureBlobsStorageDriver('myaccount', undefined, { tenantId: 'contoso.onmicrosoft.com', clientId: 'app-id', clientSecret: SECRET, transport: mock, env: {} });
    await driver.listContainers();
    expect(mock.requests.map((r) => `${r.method} ${r.url.host}`)).toEqual(['POST login.microsoftonline.com', 'GET myaccount.blob.core.windows.net']);
    expect(mock.requests[1]!.headers.authorization).toBe('Bearer eyJ0eXAi.storage-token-xyz.sig');
    expect(inspect(driver, { depth: 6 })).not.toContain(SECRET);
    expect(inspect(driver, { depth: 6 })).not.toContain('storage-token-xyz');
  });

  it('an AADSTS error of the token endpoint is typed, without the secret', async () => {
    const SECRET = 'wrong~secret';
    const mock = new MockTransport().on('POST', '/t1/oauth2/v2.0/token', {
      status: 401,
      json: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] },
    });
    const driver = new AzureBlobsStorageDriver('myaccount', undefined, { tenantId: 't1', clientId: 'app-id', clientSecret: SECRET, transport: mock, env: {}, retry: false });
    const err = await driver.listContainers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err).toMatchObject({ providerCode: 'AADSTS7000215' });
    expect(`${String(err)} ${JSON.stringify(err)}`).not.toContain(SECRET);
  });

  it('without key, SAS or Entra options: InvalidArgumentError naming credential', () => {
    expect(() => new AzureBlobsStorageDriver('myaccount', undefined, { env: {} })).toThrow(expect.objectContaining({ option: 'credential' }));
    expect(() => new AzureBlobsStorageDriver('myaccount', '', { env: {} })).toThrow(InvalidArgumentError);
  });
});
