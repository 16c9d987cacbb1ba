import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARM_API_VERSIONS, ArmConnection, armOperationState } from '../../../src/common/azure/index.js';
import {
  InvalidArgumentError,
  InvalidCredentialsError,
  NotFoundError,
  OperationFailedError,
  RateLimitError,
  type AccessToken,
  type TokenCredential,
} from '../../../src/index.js';
import { MockTransport } from '../../../src/testing/index.js';

const FIXTURES = 'test/fixtures/compute/azure';
const SUB = '00000000-1111-4222-8333-444444444444';
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

class StaticCredential implements TokenCredential {
  readonly kind = 'static';
  calls = 0;
  async getToken(): Promise<AccessToken> {
    this.calls++;
    return { token: `arm-token-${this.calls}-abcdef`, expiresAt: Date.now() + 3_600_000 };
  }
}

function setup(mock: MockTransport, extra: Record<string, unknown> = {}) {
  const credential = new StaticCredential();
  const conn = new ArmConnection(credential, { transport: mock, env: {}, retry: false, ...extra });
  return { conn, credential };
}

describe('ArmConnection paging', () => {
  it('follows nextLink verbatim, with the pinned api-version on the first page only', async () => {
    const mock = new MockTransport()
      .on('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, { json: fixture('vms-page-2.json') }, { query: { $skiptoken: 'ZmFrZS1za2lwdG9rZW4tMg' } })
      .on('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, { json: fixture('vms-page-1.json') });
    const { conn } = setup(mock);
    const names: string[] = [];
    for await (const vm of conn.iterate<{ name: string }>(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, 'Microsoft.Compute/virtualMachines', { params: { statusOnly: 'true' } })) {
      names.push(vm.name);
    }
    expect(names).toEqual(['web-1', 'batch-7', 'db-1']);
    const [first, second] = mock.requests;
    expect(first!.query).toEqual({ 'api-version': ARM_API_VERSIONS['Microsoft.Compute/virtualMachines'], statusOnly: 'true' });
    expect(second!.url.href).toBe((fixture('vms-page-1.json') as { nextLink: string }).nextLink.replace(':443', ''));
    expect(second!.headers.authorization).toBe('Bearer arm-token-1-abcdef');
  });

  it('sends the bearer token to a nextLink only when its host is the ARM host', async () => {
    const mock = new MockTransport()
      .on('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, { json: fixture('vms-page-elsewhere.json') }, { host: 'management.azure.com' })
      .on('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, (r) => ({ json: { value: [{ name: String(r.headers.authorization ?? 'no token') }] } }), {
        host: 'westeurope.tracking.example.net',
      });
    const { conn } = setup(mock);
    const seen: string[] = [];
    for await (const vm of conn.iterate<{ name: string }>(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, 'Microsoft.Compute/virtualMachines')) seen.push(vm.name);
    expect(seen).toEqual(['no token']);
    expect(mock.requests[0]!.headers.authorization).toBe('Bearer arm-token-1-abcdef');
    expect(mock.requests[1]!.url.host).toBe('westeurope.tracking.example.net');
    expect(mock.requests[1]!.headers.authorization).toBeUndefined();
  });
});

describe('ArmConnection errors', () => {
  it('maps {"error":{code,message}} with the code as providerCode and x-ms-request-id as requestId', async () => {
    const mock = new MockTransport().on('GET', '/x', { status: 404, json: fixture('error-not-found.json'), headers: { 'x-ms-request-id': 'c0ffee00-0000-4000-8000-000000000001' } });
    const { conn } = setup(mock);
    const err = (await conn.request('/x').catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.providerCode).toBe('ResourceNotFound');
    expect(err.requestId).toBe('c0ffee00-0000-4000-8000-000000000001');
    expect(err.message).toContain("ResourceNotFound: The Resource 'Microsoft.Compute/virtualMachines/ghost'");
  });

  it('retries a 429 per the retry policy, honouring Retry-After', async () => {
    const mock = new MockTransport()
      .on('GET', '/x', { status: 429, json: fixture('throttled-429.json'), headers: { 'retry-after': '1' } }, { times: 1 })
      .on('GET', '/x', { json: { ok: true } });
    const { conn } = setup(mock, { retry: { retries: 2, minDelay: 1, maxDelay: 10 } });
    expect((await conn.request('/x')).object).toEqual({ ok: true });
    expect(mock.requestsTo('GET', '/x')).toHaveLength(2);

    const once = new MockTransport().on('GET', '/x', { status: 429, json: fixture('throttled-429.json'), headers: { 'retry-after': '17' } });
    const err = (await setup(once).conn.request('/x').catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(17);
    expect(err.providerCode).toBe('TooManyRequests');
  });

  it('treats RetryableErrorDueToAnotherOperation as throttling whatever the status, and retries it', async () => {
    const mock = new MockTransport()
      .on('PUT', '/nic', { status: 409, json: fixture('retryable-another-operation.json') }, { times: 1 })
      .on('PUT', '/nic', { json: { name: 'web-1-nic' } });
    const { conn } = setup(mock, { retry: { retries: 2, minDelay: 1, maxDelay: 10 } });
    expect((await conn.request('/nic', { method: 'PUT', data: {} })).object).toEqual({ name: 'web-1-nic' });
    expect(mock.requestsTo('PUT', '/nic')).toHaveLength(2);
  });

  it('gets a new token on a 401 but not on a 403 AuthorizationFailed (a missing role)', async () => {
    const mock = new MockTransport()
      .on('GET', '/denied', { status: 403, json: fixture('error-authorization-failed.json') })
      .on('GET', '/expired', (r) => (r.headers.authorization === 'Bearer arm-token-1-abcdef' ? { status: 401, json: { error: { code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' } } } : { json: { ok: true } }));
    const { conn, credential } = setup(mock);
    const err = (await conn.request('/denied').catch((e: unknown) => e)) as InvalidCredentialsError;
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.providerCode).toBe('AuthorizationFailed');
    expect(credential.calls).toBe(1);
    expect((await conn.request('/expired')).object).toEqual({ ok: true });
    expect(credential.calls).toBe(2);
  });
});

describe('ArmConnection api-versions', () => {
  it('pins one version per resource type, overridable, and names a bad override', async () => {
    const mock = new MockTransport().on('GET', '/d', { json: {} });
    const { conn } = setup(mock, { apiVersions: { 'Microsoft.Compute/disks': '2023-10-02' } });
    await conn.arm('/d', 'Microsoft.Compute/disks');
    expect(mock.requests[0]!.query['api-version']).toBe('2023-10-02');
    expect(conn.apiVersion('Microsoft.Compute/virtualMachines')).toBe(ARM_API_VERSIONS['Microsoft.Compute/virtualMachines']);
    expect(() => setup(mock, { apiVersions: { 'Microsoft.Bogus/things': '2020-01-01' } })).toThrow(InvalidArgumentError);
    expect(() => setup(mock, { apiVersions: { 'Microsoft.Compute/disks': 'latest' } })).toThrow(/apiVersions/);
  });
});

describe('ArmConnection long-running operations', () => {
  const vm = `/subscriptions/${SUB}/resourceGroups/nubes-rg/providers/Microsoft.Compute/virtualMachines/web-2`;
  const asyncUrl = `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.Compute/locations/westeurope/operations/2b3f4e5a-0000-4000-8000-00000000a001?p=x&api-version=2024-07-01`;

  it('201 → InProgress → Succeeded through Azure-AsyncOperation, then GETs the resource', async () => {
    const mock = new MockTransport().on('PUT', vm, {
      status: 201,
      json: { name: 'web-2', properties: { provisioningState: 'Creating' } },
      headers: { 'azure-asyncoperation': asyncUrl, 'retry-after': '0' },
    });
    let polls = 0;
    mock.on('GET', /\/operations\//, () => ({ json: fixture(++polls < 3 ? 'async-op-inprogress.json' : 'async-op-succeeded.json'), headers: { 'retry-after': '0' } }));
    mock.on('GET', vm, { json: { name: 'web-2', properties: { provisioningState: 'Succeeded' } } });
    const { conn } = setup(mock);
    const result = await conn.send<{ properties: { provisioningState: string } }>('PUT', vm, 'Microsoft.Compute/virtualMachines', { location: 'westeurope' }, { interval: 1 });
    expect(result?.properties.provisioningState).toBe('Succeeded');
    expect(polls).toBe(3);
    expect(mock.requestsTo('GET', vm)).toHaveLength(1);
  });

  it('201 → InProgress → Failed is an OperationFailedError with ARM code and message', async () => {
    const mock = new MockTransport().on('PUT', vm, { status: 201, json: {}, headers: { 'azure-asyncoperation': asyncUrl } });
    let polls = 0;
    mock.on('GET', /\/operations\//, () => ({ json: fixture(++polls < 2 ? 'async-op-inprogress.json' : 'async-op-failed.json') }));
    const { conn } = setup(mock);
    const err = (await conn.send('PUT', vm, 'Microsoft.Compute/virtualMachines', {}, { interval: 1 }).catch((e: unknown) => e)) as OperationFailedError;
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.providerCode).toBe('OSProvisioningTimedOut');
    expect(err.message).toContain("OS Provisioning for VM 'web-2' did not finish");
  });

  it('uses Location when there is no Azure-AsyncOperation: 202 until done', async () => {
    const location = `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.Compute/locations/westeurope/operations/abc?monitor=true&api-version=2024-07-01`;
    const mock = new MockTransport().on('POST', `${vm}/deallocate`, { status: 202, headers: { location, 'retry-after': '0' } });
    let polls = 0;
    mock.on('GET', /\/operations\/abc/, () => (++polls < 3 ? { status: 202, headers: { location, 'retry-after': '0' } } : { status: 200, body: '' }));
    const { conn } = setup(mock);
    await conn.send('POST', `${vm}/deallocate`, 'Microsoft.Compute/virtualMachines', undefined, { interval: 1 });
    expect(polls).toBe(3);
    expect(mock.requests.at(-1)!.headers.authorization).toBe('Bearer arm-token-1-abcdef');
  });

  it('sends extra headers (If-Match) with the initial request, and GETs the resource of a synchronous PUT', async () => {
    const zone = `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/dnsZones/example.com/A/www`;
    const mock = new MockTransport()
      .on('PUT', zone, (r) => (r.headers['if-match'] === '"etag-1"' ? { json: { name: 'www', etag: 'etag-2' } } : { status: 412, json: { error: { code: 'PreconditionFailed', message: 'etag mismatch' } } }))
      .on('GET', zone, { json: { name: 'www', etag: 'etag-2' } });
    const { conn } = setup(mock);
    const result = await conn.send<{ etag: string }>('PUT', zone, 'Microsoft.Network/dnsZones', { properties: {} }, { headers: { 'If-Match': '"etag-1"' } });
    expect(result?.etag).toBe('etag-2');
    expect(mock.requestsTo('PUT', zone)[0]!.query['api-version']).toBe('2018-05-01');
  });

  it('reports Retry-After of a status check to the poller', () => {
    expect(armOperationState(fixture('async-op-inprogress.json'), 'op', 'azure', 7)).toEqual({ done: false, state: 'InProgress', retryAfter: 7 });
    expect(armOperationState(fixture('async-op-succeeded.json'), 'op', 'azure', undefined)).toEqual({ done: true, value: undefined });
    expect(() => armOperationState({ status: 'Canceled' }, 'op', 'azure', undefined)).toThrow(OperationFailedError);
  });
});
