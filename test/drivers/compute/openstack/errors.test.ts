/**
 * How the driver reports failures: credentials, permissions, missing servers, bad
 * requests, rate limits, outages, malformed answers — and never a secret.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidArgumentError,
  InvalidCredentialsError,
  MalformedResponseError,
  NodeDoesNotExistError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../../src/common/errors/index.js';
import { NodeAuthPassword } from '../../../../src/drivers/compute/index.js';
import { HOST, PASSWORD, sentTo, setup, TOKEN, TWO_REGIONS } from './setup.js';

describe('OpenStack compute driver: errors', () => {
  it('maps a Keystone 401 to InvalidCredentialsError before any Nova call, naming the user but not the password', async () => {
    const { mock, driver } = setup(
      {},
      {
        password: 'wrong-Password-1',
        token: { status: 401, json: { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } } },
      },
    );
    const err = await driver.listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('The request you have made requires authentication.');
    expect((err as Error).message).toContain('user "alice"');
    expect((err as Error).message).not.toContain('wrong-Password-1');
    expect(sentTo(mock, HOST.nova)).toHaveLength(0);
  });

  it('re-authenticates once on a Nova 401, then repeats the call', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { status: 401, json: { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } } }, { times: 1 });
    mock.on('GET', '/v2.1/servers/detail', { json: { servers: [] } });
    expect(await driver.listNodes()).toEqual([]);
    expect(mock.requests.filter((r) => r.path === '/v3/auth/tokens')).toHaveLength(2);
  });

  it('fails with InvalidCredentialsError when Nova keeps answering 401', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { status: 401, body: 'Authentication required' });
    await expect(driver.listNodes()).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(mock.requests.filter((r) => r.path === '/v3/auth/tokens')).toHaveLength(2);
  });

  it('maps a 403 with Nova message to InvalidCredentialsError, without re-authenticating', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers', { status: 403, fixture: 'error-quota.json' });
    const err = await driver.createNode({ name: 'n', size: '2', image: 'i' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('Quota exceeded for cores');
    expect(mock.requests.filter((r) => r.path === '/v3/auth/tokens')).toHaveLength(1);
  });

  it('maps itemNotFound on a server to NodeDoesNotExistError, and elsewhere to NotFoundError', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', /\/v2\.1\/servers\//, { status: 404, fixture: 'error-item-not-found.json' });
    mock.on('GET', '/v2.1/flavors/detail', { status: 404, json: { itemNotFound: { message: 'The resource could not be found.', code: 404 } } });
    await expect(driver.destroyNode('0b7d4a1e-5c9f-4f2a-9d3e-000000000000')).rejects.toBeInstanceOf(NodeDoesNotExistError);
    const err = await driver.listSizes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).not.toBeInstanceOf(NodeDoesNotExistError);
  });

  it('maps a 400 badRequest to BadRequestError with Nova message', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers', { status: 400, fixture: 'error-bad-request.json' });
    const err = await driver.createNode({ name: 'n', size: '1', image: 'big' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toContain("Flavor's disk is too small for requested image");
    expect((err as BadRequestError).statusCode).toBe(400);
  });

  it('maps 413 overLimit with retryAfter to RateLimitError carrying retryAfter', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { status: 413, fixture: 'error-over-limit.json' });
    const err = await driver.listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(7);
  });

  it('maps a 429 with Retry-After to RateLimitError and retries it when retries are on', async () => {
    const { mock, driver } = setup({ retry: { retries: 1, minDelay: 1, maxDelay: 1 } });
    mock.on('GET', '/v2.1/servers/detail', { status: 429, headers: { 'retry-after': '0' }, json: { overLimit: { message: 'Rate limit exceeded', code: 429 } } }, { times: 1 });
    mock.on('GET', '/v2.1/servers/detail', { json: { servers: [] } });
    expect(await driver.listNodes()).toEqual([]);
    expect(sentTo(mock, HOST.nova)).toHaveLength(2);
    const { mock: m2, driver: d2 } = setup();
    m2.on('GET', '/v2.1/servers/detail', { status: 429, headers: { 'retry-after': '30' }, body: '' });
    const err = await d2.listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(30);
  });

  it('maps a 500 computeFault to ServiceUnavailableError with the message', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/os-availability-zone', { status: 500, fixture: 'error-compute-fault.json' });
    const err = await driver.listLocations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as Error).message).toContain('Unexpected API Error.');
    expect((err as ProviderError).providerCode).toBe('computeFault');
  });

  it('fails with MalformedResponseError when a listing lacks its key', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { json: { server: [] } });
    const err = await driver.listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain('"servers"');
  });

  it('fails with the catalog regions when the cloud has several and no region is set', async () => {
    const { mock, driver } = setup({}, { token: TWO_REGIONS });
    const err = await driver.listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('region');
    expect((err as Error).message).toContain('RegionOne, RegionTwo');
    expect(mock.requests).toHaveLength(1);

    const { mock: mock2, driver: two } = setup({ region: 'RegionTwo' }, { token: TWO_REGIONS });
    mock2.on('GET', '/v2.1/servers/detail', { json: { servers: [] } });
    await two.listNodes();
    expect(mock2.lastRequest!.url.host).toBe('nova.two');
  });

  it('keeps the password, token and passwords sent or generated out of the debug log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-nova-debug-'));
    try {
      const log = join(dir, 'debug.log');
      const { mock, driver } = setup({ debug: log });
      mock.on('POST', '/v2.1/servers', { status: 202, fixture: 'server-create.json' });
      mock.on('GET', /\/v2\.1\/servers\//, { fixture: 'server-build.json' });
      await driver.createNode({ name: 'n', size: '2', image: 'i', auth: new NodeAuthPassword('Chosen-Pa55word') });
      await driver.getNode('3e0a7d4b-8f2c-4c5d-8a6b-4d5e6f708192');
      mock.on('POST', '/v2.1/os-keypairs', { fixture: 'keypair-generated.json' });
      await driver.createKeyPair('generated');
      const text = readFileSync(log, 'utf8');
      expect(text).toContain('/v3/auth/tokens');
      expect(text).toContain('/v2.1/servers');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('Chosen-Pa55word');
      // Generated by Nova, in a response body the debug log writes before the driver sees it.
      expect(text).not.toContain('Gen3rated-Pa55word');
      expect(text).not.toContain('Nova+Generated+Key+Material');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
