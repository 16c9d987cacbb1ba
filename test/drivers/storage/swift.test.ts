/**
 * The Swift driver against responses written from the Object Storage API reference and
 * Swift's middleware docs (test/fixtures/storage/swift/), one MockTransport per test.
 * Token calls (TempAuth, Keystone v3) go through the same mock transport as everything
 * else.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidArgumentError,
  InvalidContainerNameError,
  InvalidCredentialsError,
  MalformedResponseError,
  NubesError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/common/errors/index.js';
import {
  Container,
  getDriver,
  OpenStackSwiftStorageDriver,
  Provider,
  STORAGE_METHODS,
  StorageDriver,
  StorageObject,
  type SwiftDriverOptions,
} from '../../../src/drivers/storage/index.js';
import { deleteManifestSegments } from '../../../src/drivers/storage/swift/previous-segments.js';
import { MockTransport, type MockReply, type RecordedRequest } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { md5, readAll } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/storage/swift');
const AUTH_URL = 'https://swift.example.com/auth/v1.0';
const STORAGE = 'https://swift.example.com/v1/AUTH_test';
const KEY = 'tempauth-key-do-not-leak';
const FAST_RETRY = { retries: 2, minDelay: 1, maxDelay: 2 };

/** TempAuth on the mock: each call hands out a new token (`AUTH_tk1...`, `AUTH_tk2...`). */
function tempAuth(mock: MockTransport): RecordedRequest[] {
  const calls: RecordedRequest[] = [];
  mock.on(
    'GET',
    '/auth/v1.0',
    (req) => {
      calls.push(req);
      return {
        status: 200,
        headers: {
          'x-auth-token': `AUTH_tk${calls.length}0123456789abcdef0123456789ab`,
          'x-storage-token': `AUTH_tk${calls.length}0123456789abcdef0123456789ab`,
          'x-auth-token-expires': '86399',
          'x-storage-url': STORAGE,
          'x-trans-id': 'tx-auth',
        },
      };
    },
    { host: 'swift.example.com' },
  );
  return calls;
}

function setup(options: SwiftDriverOptions = {}): { mock: MockTransport; driver: OpenStackSwiftStorageDriver; auth: RecordedRequest[] } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const auth = tempAuth(mock);
  const driver = new OpenStackSwiftStorageDriver('test:tester', KEY, {
    authUrl: AUTH_URL,
    authVersion: '1.0',
    transport: mock,
    env: {},
    retry: FAST_RETRY,
    ...options,
  });
  return { mock, driver, auth };
}

/** The requests the driver sent to the storage service (token calls left out). */
function storageRequests(mock: MockTransport): RecordedRequest[] {
  return mock.requests.filter((r) => r.path !== '/auth/v1.0' && !r.path.endsWith('/auth/tokens'));
}

function object(driver: OpenStackSwiftStorageDriver, name: string, extra: Record<string, unknown> = {}, hash = '', size = 5): StorageObject {
  return new StorageObject({ name, size, hash, metaData: {}, container: new Container({ name: 'backups', extra: {} }, driver), extra }, driver);
}

async function caught(promise: Promise<unknown>): Promise<NubesError> {
  try {
    await promise;
  } catch (err) {
    return err as NubesError;
  }
  throw new Error('expected a rejection');
}

/**
 * Every object HEAD answers 404: the names uploads look at before writing (to find the
 * segments of an SLO they would replace) hold nothing. Add routes for objects that exist
 * before calling this (routes answer in the order they were added).
 */
function noObjects(mock: MockTransport): void {
  mock.on('HEAD', /^\/v1\/AUTH_test\/[^/]+\/.+/, { status: 404, headers: { 'x-trans-id': 'tx-head-404' } });
}

/** The requests of the upload proper: the storage requests after the HEAD of the target name. */
function uploadRequests(mock: MockTransport): RecordedRequest[] {
  const all = storageRequests(mock);
  expect(all[0]?.method).toBe('HEAD');
  return all.slice(1);
}

const HTML_404 = { status: 404, fixture: 'error_404.html', headers: { 'content-type': 'text/html; charset=UTF-8', 'x-trans-id': 'tx404abc' } };

describe('OpenStackSwiftStorageDriver: registry and construction', () => {
  it('is the storage registry entry for openstack-swift', () => {
    expect(getDriver(Provider.OPENSTACK_SWIFT)).toBe(OpenStackSwiftStorageDriver);
  });

  it('declares every storage method, presigned URLs and multipart uploads included, and implements each', () => {
    const { driver } = setup();
    expect(driver.supports('presignedUrl')).toBe(true);
    expect(driver.supports('multipartUpload')).toBe(true);
    expect(driver.supports('downloadObjectRange')).toBe(true);
    // The base builds every download on openDownload (and verifies it); SLO uploads are a mode of uploadObjectViaStream.
    expectCapabilitiesImplemented(OpenStackSwiftStorageDriver, StorageDriver, STORAGE_METHODS, {
      derived: { uploadObject: 'uploadObjectViaStream', multipartUpload: 'uploadObjectViaStream' },
      implementedBy: { downloadObject: 'openDownload', downloadObjectAsStream: 'openDownload', downloadObjectRange: 'openDownload' },
    });
    expect(Object.prototype.hasOwnProperty.call(OpenStackSwiftStorageDriver.prototype, 'openDownload')).toBe(true);
  });

  it.each([
    [{ largeObjectThreshold: 0 }, 'largeObjectThreshold'],
    [{ largeObjectThreshold: 6 * 1024 ** 3 }, 'largeObjectThreshold'],
    [{ segmentSize: -1 }, 'segmentSize'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ listPageSize: 10_001 }, 'listPageSize'],
    [{ tempUrlKey: '' }, 'tempUrlKey'],
    [{ authVersion: '2.0' }, 'authVersion'],
    [{ interface: 'private' }, 'interface'],
    [{ endpointOverride: 'ftp://swift' }, 'endpointOverride'],
    [{ bucketStyle: 'path' }, 'bucketStyle'],
  ] as const)('refuses %o naming %s, before any request', (options, option) => {
    const mock = new MockTransport();
    let err: unknown;
    try {
      new OpenStackSwiftStorageDriver('test:tester', KEY, { authUrl: AUTH_URL, authVersion: '1.0', transport: mock, env: {}, ...(options as object) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe(option);
    expect(mock.requests).toEqual([]);
  });

  it('needs the secret as its second argument and a TempAuth user as account:user', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new OpenStackSwiftStorageDriver('test:tester', undefined, { authUrl: AUTH_URL, authVersion: '1.0' })).toThrow(InvalidArgumentError);
    const err = (() => {
      try {
        new OpenStackSwiftStorageDriver('tester', KEY, { authUrl: AUTH_URL, authVersion: '1.0' });
      } catch (e) {
        return e as InvalidArgumentError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err?.message).toContain('account:user');
    expect(err?.message).not.toContain(KEY);
  });
});

describe('OpenStackSwiftStorageDriver: authentication', () => {
  it('gets a TempAuth token through the same transport, then sends it to the storage URL', async () => {
    const { mock, driver, auth } = setup();
    mock.on('GET', '/v1/AUTH_test', { json: [] }, { host: 'swift.example.com' });
    expect(await driver.listContainers()).toEqual([]);
    expect(auth).toHaveLength(1);
    expect(auth[0]!.headers).toMatchObject({ 'x-auth-user': 'test:tester', 'x-auth-key': KEY });
    const list = storageRequests(mock)[0]!;
    expect(list.url.origin + list.path).toBe(STORAGE);
    expect(list.headers['x-auth-token']).toBe('AUTH_tk10123456789abcdef0123456789ab');
    expect(list.query).toMatchObject({ format: 'json', limit: '10000' });
  });

  it('gets a Keystone v3 password token scoped to the project and uses the catalog object-store endpoint of the region', async () => {
    const mock = new MockTransport({ fixturesDir: FIXTURES });
    const tokens: RecordedRequest[] = [];
    mock.on(
      'POST',
      '/v3/auth/tokens',
      (req) => {
        tokens.push(req);
        return { status: 201, headers: { 'x-subject-token': 'gAAAAA-keystone-token-secret' }, fixture: 'keystone_token.json' };
      },
      { host: 'keystone.example.com:5000' },
    );
    mock.on('GET', '/v1/AUTH_6e8f0a1b2c3d4e5f60718293a4b5c6d7', { json: [] }, { host: 'swift.region-two.example.com' });
    const driver = new OpenStackSwiftStorageDriver('alice', 'keystone-password', {
      authUrl: 'https://keystone.example.com:5000',
      projectName: 'demo',
      userDomainName: 'Default',
      projectDomainName: 'Default',
      region: 'RegionTwo',
      transport: mock,
      env: {},
    });
    await driver.listContainers();
    expect(tokens[0]!.json()).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'alice', domain: { name: 'Default' }, password: 'keystone-password' } } },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
    expect(storageRequests(mock)[0]!.headers['x-auth-token']).toBe('gAAAAA-keystone-token-secret');
  });

  it.each([
    [{ region: 'RegionOne', interface: 'internal' as const }, 'swift.internal:8080'],
    [{ region: 'RegionOne', endpointOverride: 'https://swift.override.example.com/v1/AUTH_x' }, 'swift.override.example.com'],
  ])('picks the storage endpoint from %o', async (options, host) => {
    const mock = new MockTransport({ fixturesDir: FIXTURES });
    mock.on('POST', '/v3/auth/tokens', { status: 201, headers: { 'x-subject-token': 'tok' }, fixture: 'keystone_token.json' });
    mock.on('GET', /^\/v1\/AUTH_/, { json: [] });
    const driver = new OpenStackSwiftStorageDriver('alice', 'pw', { authUrl: 'https://keystone.example.com:5000', projectName: 'demo', transport: mock, env: {}, ...options });
    await driver.listContainers();
    expect(storageRequests(mock)[0]!.url.host).toBe(host);
  });

  it('refuses to guess between regions when the catalog has several', async () => {
    const mock = new MockTransport({ fixturesDir: FIXTURES });
    mock.on('POST', '/v3/auth/tokens', { status: 201, headers: { 'x-subject-token': 'tok' }, fixture: 'keystone_token.json' });
    const driver = new OpenStackSwiftStorageDriver('alice', 'pw', { authUrl: 'https://keystone.example.com:5000', projectName: 'demo', transport: mock, env: {} });
    const err = await caught(driver.listContainers());
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('region');
    expect(storageRequests(mock)).toEqual([]);
  });

  it('authenticates with a Keystone application credential', async () => {
    const mock = new MockTransport({ fixturesDir: FIXTURES });
    const tokens: RecordedRequest[] = [];
    mock.on('POST', '/v3/auth/tokens', (req) => {
      tokens.push(req);
      return { status: 201, headers: { 'x-subject-token': 'tok' }, fixture: 'keystone_token.json' };
    });
    mock.on('HEAD', '/v1/AUTH_6e8f0a1b2c3d4e5f60718293a4b5c6d7/photos', { status: 204, headers: { 'x-container-object-count': '3' } });
    const driver = new OpenStackSwiftStorageDriver('aa11bb22cc33dd44', 'appcred-secret', {
      authUrl: 'https://keystone.example.com:5000/v3',
      authVersion: '3.x_appcred',
      region: 'RegionOne',
      transport: mock,
      env: {},
    });
    expect((await driver.getContainer('photos')).extra.objectCount).toBe(3);
    expect(tokens[0]!.json()).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'aa11bb22cc33dd44', secret: 'appcred-secret' } } },
    });
  });

  it('gets a new token once when Swift answers 401, then succeeds', async () => {
    const { mock, driver, auth } = setup();
    mock.on('HEAD', '/v1/AUTH_test/photos', { status: 401, fixture: 'error_401.html', headers: { 'content-type': 'text/html' } }, { times: 1 });
    mock.on('HEAD', '/v1/AUTH_test/photos', { status: 204, headers: { 'x-container-object-count': '1' } });
    await driver.getContainer('photos');
    expect(auth).toHaveLength(2);
    const heads = storageRequests(mock);
    expect(heads.map((r) => r.headers['x-auth-token'])).toEqual(['AUTH_tk10123456789abcdef0123456789ab', 'AUTH_tk20123456789abcdef0123456789ab']);
  });

  it('throws InvalidCredentialsError when the fresh token is refused too, without the key or a token in the message', async () => {
    const { mock, driver, auth } = setup();
    mock.on('HEAD', '/v1/AUTH_test/photos', { status: 401, fixture: 'error_401.html', headers: { 'content-type': 'text/html', 'x-trans-id': 'tx401' } });
    const err = await caught(driver.getContainer('photos'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.statusCode).toBe(401);
    expect(auth).toHaveLength(2);
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toMatch(/AUTH_tk\d/);
  });

  it('reports a refused TempAuth key as InvalidCredentialsError naming the user, not the key', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/auth/v1.0', { status: 401, body: '<html><h1>Unauthorized</h1></html>', headers: { 'content-type': 'text/html' } });
    const driver = new OpenStackSwiftStorageDriver('test:tester', KEY, { authUrl: AUTH_URL, authVersion: '1.0', transport: mock, env: {} });
    const err = await caught(driver.listContainers());
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).toContain('test:tester');
    expect(err.message).not.toContain(KEY);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('OpenStackSwiftStorageDriver: containers', () => {
  it('lists containers across three pages, following the marker', async () => {
    const { mock, driver } = setup({ listPageSize: 2 });
    mock
      .on('GET', '/v1/AUTH_test', { fixture: 'list_containers_3.json' }, { query: { marker: 'photos' } })
      .on('GET', '/v1/AUTH_test', { fixture: 'list_containers_2.json' }, { query: { marker: 'backups_segments' } })
      .on('GET', '/v1/AUTH_test', { fixture: 'list_containers_1.json' });
    const containers = await driver.listContainers();
    expect(containers.map((c) => c.name)).toEqual(['backups', 'backups_segments', 'logs', 'photos', 'videos']);
    expect(containers[0]!.extra).toEqual({ objectCount: 42, bytesUsed: 1048576, lastModified: new Date('2026-03-04T10:00:00.123Z') });
    expect(containers[4]!.extra.bytesUsed).toBe(5368709120);
    const pages = storageRequests(mock);
    expect(pages).toHaveLength(3);
    expect(pages.map((r) => r.query.marker)).toEqual([undefined, 'backups_segments', 'photos']);
    for (const r of pages) expect(r.query).toMatchObject({ format: 'json', limit: '2' });
  });

  it('iterates containers lazily, one page at a time', async () => {
    const { mock, driver } = setup({ listPageSize: 2 });
    mock.on('GET', '/v1/AUTH_test', { fixture: 'list_containers_1.json' }, { times: 1 });
    for await (const c of driver.iterateContainers()) {
      expect(c.name).toBe('backups');
      break;
    }
    expect(storageRequests(mock)).toHaveLength(1);
  });

  it('gets a container from its HEAD: counts, policy, ACLs and metadata', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test/photos', {
      status: 204,
      headers: {
        'x-container-object-count': '3',
        'x-container-bytes-used': '2048',
        'x-storage-policy': 'gold',
        'x-container-read': '.r:*',
        'x-container-meta-owner': 'team-a',
        'last-modified': 'Wed, 04 Mar 2026 10:00:00 GMT',
      },
    });
    const c = await driver.getContainer('photos');
    expect(c.extra).toEqual({
      objectCount: 3,
      bytesUsed: 2048,
      storagePolicy: 'gold',
      readAcl: '.r:*',
      lastModified: new Date('2026-03-04T10:00:00Z'),
      metaData: { owner: 'team-a' },
    });
  });

  it('reports a missing container as ContainerDoesNotExistError with the X-Trans-Id as request id', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test/nope', { status: 404, headers: { 'x-trans-id': 'tx404abc' } });
    mock.on('DELETE', '/v1/AUTH_test/nope', HTML_404);
    mock.on('GET', '/v1/AUTH_test/nope', HTML_404);
    mock.on('HEAD', '/v1/AUTH_test/nope/x.txt', { status: 404 });
    mock.on('PUT', '/v1/AUTH_test/nope/x.txt', HTML_404);
    const err = await caught(driver.getContainer('nope'));
    expect(err).toBeInstanceOf(ContainerDoesNotExistError);
    expect(err.requestId).toBe('tx404abc');
    expect(err.statusCode).toBe(404);
    await expect(driver.deleteContainer('nope')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
    await expect(driver.listContainerObjects('nope')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
    await expect(driver.uploadObjectViaStream('x', 'nope', 'x.txt')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('creates a container (201) and refuses one that exists (202)', async () => {
    const { mock, driver } = setup();
    mock.on('PUT', '/v1/AUTH_test/fresh', { status: 201 });
    mock.on('PUT', '/v1/AUTH_test/taken', { status: 202, body: '<html><h1>Accepted</h1></html>', headers: { 'x-trans-id': 'tx202' } });
    expect((await driver.createContainer('fresh')).name).toBe('fresh');
    const err = await caught(driver.createContainer('taken'));
    expect(err).toBeInstanceOf(ContainerAlreadyExistsError);
    expect(err.requestId).toBe('tx202');
  });

  it('maps a 409 on delete to ContainerIsNotEmptyError', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', '/v1/AUTH_test/full', { status: 409, fixture: 'error_409.html', headers: { 'content-type': 'text/html' } });
    mock.on('DELETE', '/v1/AUTH_test/empty', { status: 204 });
    await expect(driver.deleteContainer('full')).rejects.toBeInstanceOf(ContainerIsNotEmptyError);
    await driver.deleteContainer(new Container({ name: 'empty', extra: {} }, driver));
    expect(storageRequests(mock).map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v1/AUTH_test/full', 'DELETE /v1/AUTH_test/empty']);
  });

  it.each([
    ['empty', ''],
    ['with a slash', 'a/b'],
    ['".."', '..'],
    ['of 257 bytes', 'x'.repeat(257)],
  ])('refuses a container name %s before any request', async (_label, name) => {
    const { mock, driver } = setup();
    await expect(driver.createContainer(name)).rejects.toBeInstanceOf(InvalidContainerNameError);
    await expect(driver.getContainer(name)).rejects.toBeInstanceOf(InvalidContainerNameError);
    expect(mock.requests).toEqual([]);
  });
});

describe('OpenStackSwiftStorageDriver: listing objects', () => {
  it('lists objects across three pages with a prefix, SLOs marked and their ETag as hash', async () => {
    const { mock, driver } = setup({ listPageSize: 2 });
    mock
      .on('GET', '/v1/AUTH_test/backups', { fixture: 'list_objects_3.json' }, { query: { marker: 'docs/ünïcode name.txt' } })
      .on('GET', '/v1/AUTH_test/backups', { fixture: 'list_objects_2.json' }, { query: { marker: 'docs/large.iso' } })
      .on('GET', '/v1/AUTH_test/backups', { fixture: 'list_objects_1.json' });
    const objects = await driver.listContainerObjects('backups', { prefix: 'docs/' });
    expect(objects.map((o) => o.name)).toEqual(['docs/hello.txt', 'docs/large.iso', 'docs/empty', 'docs/ünïcode name.txt', 'docs/z.txt']);
    expect(objects[0]).toMatchObject({
      size: 5,
      hash: '5d41402abc4b2a76b9719d911017c592',
      contentType: 'text/plain',
      kind: 'object',
      lastModified: new Date('2026-03-04T10:00:00.123Z'),
      extra: { staticLargeObject: false },
    });
    expect(objects[1]).toMatchObject({
      size: 1100500,
      hash: '3fb3df8a994cca25baf334f0f5365701',
      extra: { staticLargeObject: true, etag: '"3fb3df8a994cca25baf334f0f5365701"', manifestEtag: '8f14e45fceea167a5a36dedd4bea2543' },
    });
    expect(objects[0]!.container.name).toBe('backups');
    const pages = storageRequests(mock);
    expect(pages).toHaveLength(3);
    for (const r of pages) expect(r.query).toMatchObject({ format: 'json', limit: '2', prefix: 'docs/' });
  });

  it('turns subdir entries of a delimiter listing into prefix entries', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v1/AUTH_test/backups', { fixture: 'list_objects_delimiter.json' }, { query: { delimiter: '/' } });
    const listed = await driver.listContainerObjects('backups', { delimiter: '/' });
    expect(listed.map((o) => [o.name, o.kind, o.size])).toEqual([
      ['a-side.txt', 'object', 1],
      ['a/', 'prefix', 0],
      ['d/', 'prefix', 0],
    ]);
  });

  it('continues after a page that ends with a subdir, from that subdir', async () => {
    const { mock, driver } = setup({ listPageSize: 3 });
    mock.on('GET', '/v1/AUTH_test/backups', { json: [{ subdir: 'e/' }] }, { query: { marker: 'd/' } });
    mock.on('GET', '/v1/AUTH_test/backups', { fixture: 'list_objects_delimiter.json' });
    const listed = await driver.listContainerObjects('backups', { delimiter: '/' });
    expect(listed.map((o) => o.name)).toEqual(['a-side.txt', 'a/', 'd/', 'e/']);
  });

  it('lists an empty container (204, no body) as an empty list', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v1/AUTH_test/empty', { status: 204 });
    expect(await driver.listContainerObjects('empty')).toEqual([]);
  });

  it('refuses an empty delimiter before any request', async () => {
    const { mock, driver } = setup();
    await expect(driver.listContainerObjects('backups', { delimiter: '' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toEqual([]);
  });
});

describe('OpenStackSwiftStorageDriver: objects', () => {
  it('gets an object from its HEAD: metadata lowercased, large object markers, expiry', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test/backups/big file.iso', {
      headers: {
        'content-length': '1100500',
        'content-type': 'application/x-iso9660-image',
        etag: '"3fb3df8a994cca25baf334f0f5365701"',
        'x-static-large-object': 'True',
        'x-manifest-etag': '4e6928ff4eec4bd466b40b8d1bcb86c1',
        'x-object-meta-color': 'Blue',
        'x-object-meta-owner-id': '42',
        'x-timestamp': '1795257451.95269',
        'x-delete-at': '1800000000',
        'last-modified': 'Sat, 21 Nov 2026 10:37:32 GMT',
      },
    });
    const got = await driver.getObject('backups', 'big file.iso');
    expect(got).toMatchObject({
      name: 'big file.iso',
      size: 1100500,
      hash: '3fb3df8a994cca25baf334f0f5365701',
      contentType: 'application/x-iso9660-image',
      metaData: { color: 'Blue', 'owner-id': '42' },
      lastModified: new Date('2026-11-21T10:37:32Z'),
      extra: {
        staticLargeObject: true,
        manifestEtag: '4e6928ff4eec4bd466b40b8d1bcb86c1',
        timestamp: '1795257451.95269',
        deleteAt: new Date(1800000000 * 1000),
      },
    });
    expect(mock.lastRequest!.url.pathname).toBe('/v1/AUTH_test/backups/big%20file.iso');
  });

  it('reports a missing object as ObjectDoesNotExistError for get, download and delete', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test/backups/gone', { status: 404 });
    mock.on('GET', '/v1/AUTH_test/backups/gone', HTML_404);
    mock.on('DELETE', '/v1/AUTH_test/backups/gone', HTML_404);
    await expect(driver.getObject('backups', 'gone')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    await expect(driver.downloadObjectAsStream(object(driver, 'gone'))).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    const err = await caught(driver.deleteObject(object(driver, 'gone', { staticLargeObject: false })));
    expect(err).toBeInstanceOf(ObjectDoesNotExistError);
    expect(err.requestId).toBe('tx404abc');
    expect(err.message).toContain('gone');
  });

  it.each([
    ['empty', '', 'objectName'],
    ['with a ".." segment', 'a/../b', 'objectName'],
    ['with a "." segment', './x', 'objectName'],
    ['of 1025 bytes', 'x'.repeat(1025), 'objectName'],
  ])('refuses an object name %s before any request', async (_label, name, option) => {
    const { mock, driver } = setup();
    const err = await caught(driver.uploadObjectViaStream('x', 'backups', name));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe(option);
    await expect(driver.getObject('backups', name)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toEqual([]);
  });

  it.each([
    [{ metaData: { owner_id: '1' } }, 'metaData'],
    [{ metaData: { 'bad key': '1' } }, 'metaData'],
    [{ metaData: { k: 'héllo' } }, 'metaData'],
    [{ partSize: 0 }, 'partSize'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ contentLength: -1 }, 'contentLength'],
  ] as const)('refuses upload options %o naming %s before any request', async (options, option) => {
    const { mock, driver } = setup();
    const err = await caught(driver.uploadObjectViaStream('x', 'backups', 'x.txt', options as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe(option);
    expect(mock.requests).toEqual([]);
  });
});

describe('OpenStackSwiftStorageDriver: uploads', () => {
  it('uploads bytes in one PUT with the MD5 as ETag, content type guessed and metadata as X-Object-Meta-*', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/notes/today.json', (req) => ({
      status: 201,
      headers: { etag: md5(req.body), 'last-modified': 'Sat, 21 Nov 2026 10:37:28 GMT' },
    }));
    const obj = await driver.uploadObjectViaStream('{"a":1}', 'backups', 'notes/today.json', { metaData: { Color: 'blue' } });
    const put = uploadRequests(mock)[0]!;
    expect(put.headers).toMatchObject({
      etag: md5('{"a":1}'),
      'content-type': 'application/json',
      'content-length': '7',
      'x-object-meta-color': 'blue',
    });
    expect(put.text).toBe('{"a":1}');
    expect(obj).toMatchObject({ name: 'notes/today.json', size: 7, hash: md5('{"a":1}'), metaData: { color: 'blue' }, extra: { staticLargeObject: false } });
    expect(obj.lastModified).toEqual(new Date('2026-11-21T10:37:28Z'));
  });

  it('streams a source of unknown length without Content-Length and checks the ETag against the bytes sent', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    const data = Buffer.alloc(100_000, 3);
    mock.on('PUT', '/v1/AUTH_test/backups/stream.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
    const seen: number[] = [];
    const obj = await driver.uploadObjectViaStream(Readable.from([data.subarray(0, 40_000), data.subarray(40_000)]), 'backups', 'stream.bin', {
      onProgress: (p) => seen.push(p.loaded),
    });
    const put = uploadRequests(mock)[0]!;
    expect(put.headers['content-length']).toBeUndefined();
    expect(put.headers.etag).toBeUndefined();
    expect(md5(put.body)).toBe(md5(data));
    expect(obj.hash).toBe(md5(data));
    expect(seen.at(-1)).toBe(100_000);
  });

  it('sends Content-Length for a stream whose length is given', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/sized.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
    await driver.uploadObjectViaStream(Readable.from([Buffer.from('0123456789')]), 'backups', 'sized.bin', { contentLength: 10 });
    expect(uploadRequests(mock)[0]!.headers['content-length']).toBe('10');
  });

  it('deletes the object and throws ObjectHashMismatchError when Swift answers another ETag for a stream', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/bad.bin', { status: 201, headers: { etag: 'ffffffffffffffffffffffffffffffff' } });
    mock.on('DELETE', '/v1/AUTH_test/backups/bad.bin', { status: 204 });
    const err = await caught(driver.uploadObjectViaStream(Readable.from([Buffer.from('payload')]), 'backups', 'bad.bin'));
    expect(err).toBeInstanceOf(ObjectHashMismatchError);
    expect(err.message).toContain(md5('payload'));
    expect(uploadRequests(mock).map((r) => r.method)).toEqual(['PUT', 'DELETE']);
  });

  it('maps Swift 422 (ETag header does not match the body) to ObjectHashMismatchError', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/x.bin', {
      status: 422,
      body: '<html><h1>Unprocessable Entity</h1><p>Unable to process the contained instructions</p></html>',
      headers: { 'content-type': 'text/html', 'x-trans-id': 'tx422' },
    });
    const err = await caught(driver.uploadObjectViaStream(Buffer.from('bytes'), 'backups', 'x.bin'));
    expect(err).toBeInstanceOf(ObjectHashMismatchError);
    expect(err.statusCode).toBe(422);
    expect(err.requestId).toBe('tx422');
  });

  it('refuses a stream shorter than its announced contentLength and keeps nothing', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/short.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
    mock.on('DELETE', '/v1/AUTH_test/backups/short.bin', { status: 204 });
    const err = await caught(driver.uploadObjectViaStream(Readable.from([Buffer.from('abc')]), 'backups', 'short.bin', { contentLength: 10 }));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('contentLength');
    expect(uploadRequests(mock).map((r) => r.method)).toEqual(['PUT', 'DELETE']);
  });
});

describe('OpenStackSwiftStorageDriver: Static Large Objects', () => {
  const data = Buffer.from(Array.from({ length: 2500 }, (_, i) => i % 251));

  /** Answers segment PUTs with their MD5, the manifest PUT with the SLO ETag, and records both. */
  function sloRoutes(mock: MockTransport, options: { failSegment?: number } = {}): { segments: RecordedRequest[]; deleted: string[] } {
    const segments: RecordedRequest[] = [];
    noObjects(mock);
    mock.on('HEAD', '/v1/AUTH_test/backups', { status: 204 });
    mock.on('PUT', '/v1/AUTH_test/backups_segments', { status: 202 });
    mock.on('PUT', /^\/v1\/AUTH_test\/backups_segments\/big\.bin\//, (req) => {
      segments.push(req);
      if (options.failSegment !== undefined && req.path.endsWith(String(options.failSegment).padStart(8, '0'))) {
        return { status: 503, body: 'busy', headers: { 'x-trans-id': 'tx503' } };
      }
      return { status: 201, headers: { etag: md5(req.body) } };
    });
    mock.on('GET', '/v1/AUTH_test/backups_segments', { json: [] });
    return { segments, deleted: recordSegmentDeletes(mock) };
  }

  /** Answers 204 to every segment DELETE and returns the paths deleted. */
  function recordSegmentDeletes(mock: MockTransport): string[] {
    const deleted: string[] = [];
    mock.on('DELETE', /^\/v1\/AUTH_test\/backups_segments\//, (req) => {
      deleted.push(req.path);
      return { status: 204 };
    });
    return deleted;
  }

  it('sends a source of known length up to 1 GiB in one streaming PUT by default (no segment buffers)', async () => {
    const { mock, driver } = setup();
    noObjects(mock);
    expect(driver.largeObjectThreshold).toBe(1024 * 1024 * 1024);
    const size = 65 * 1024 * 1024; // above the former 64 MiB default
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const whole = md5(Buffer.concat(Array.from({ length: 65 }, () => chunk)));
    mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
    const obj = await driver.uploadObjectViaStream(Readable.from(Array.from({ length: 65 }, () => chunk)), 'backups', 'big.bin', { contentLength: size });
    const puts = uploadRequests(mock);
    expect(puts.map((r) => r.path)).toEqual(['/v1/AUTH_test/backups/big.bin']);
    expect(puts[0]!.headers['content-length']).toBe(String(size));
    expect(obj).toMatchObject({ size, hash: whole, extra: { staticLargeObject: false } });
  });

  it('uploads a source above the threshold as segments, then a manifest listing them in order', async () => {
    const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
    const { segments } = sloRoutes(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => {
      const manifest = req.json<{ etag: string }[]>();
      return { status: 201, headers: { etag: `"${md5(manifest.map((s) => s.etag).join(''))}"`, 'last-modified': 'Sat, 21 Nov 2026 10:37:32 GMT' } };
    }, { query: { 'multipart-manifest': 'put' } });
    const obj = await driver.uploadObjectViaStream(data, 'backups', 'big.bin', { contentType: 'application/x-big', metaData: { kind: 'slo' }, concurrency: 2 });

    expect(segments).toHaveLength(3);
    const names = segments.map((s) => s.path).sort();
    expect(names[0]).toMatch(/^\/v1\/AUTH_test\/backups_segments\/big\.bin\/\d+\.\d{3}-[0-9a-f]{8}\/00000001$/);
    for (const s of segments) expect(s.headers.etag).toBe(md5(s.body));
    const manifestPut = storageRequests(mock).find((r) => r.query['multipart-manifest'] === 'put')!;
    const manifest = manifestPut.json<{ path: string; etag: string; size_bytes: number }[]>();
    expect(manifest.map((m) => m.size_bytes)).toEqual([1000, 1000, 500]);
    expect(manifest.map((m) => m.path)).toEqual(names.map((n) => n.replace('/v1/AUTH_test', '')));
    expect(manifest.map((m) => m.etag)).toEqual([md5(data.subarray(0, 1000)), md5(data.subarray(1000, 2000)), md5(data.subarray(2000))]);
    expect(manifestPut.headers).toMatchObject({ 'content-type': 'application/x-big', 'x-object-meta-kind': 'slo' });
    expect(obj).toMatchObject({ size: 2500, hash: md5(manifest.map((m) => m.etag).join('')), extra: { staticLargeObject: true, segments: 3 } });
  });

  it('segments a stream of unknown length when partSize is given, and sends a short one as one object', async () => {
    const { mock, driver } = setup();
    const { segments } = sloRoutes(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: `"${md5(req.json<{ etag: string }[]>().map((s) => s.etag).join(''))}"` } }), {
      query: { 'multipart-manifest': 'put' },
    });
    mock.on('PUT', '/v1/AUTH_test/backups/small.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
    await driver.uploadObjectViaStream(Readable.from([data]), 'backups', 'big.bin', { partSize: 1024 });
    expect(segments).toHaveLength(3);
    await driver.uploadObjectViaStream(Readable.from([data.subarray(0, 100)]), 'backups', 'small.bin', { partSize: 1024 });
    const small = storageRequests(mock).find((r) => r.method === 'PUT' && r.path.endsWith('/small.bin'))!;
    expect(small.headers.etag).toBe(md5(data.subarray(0, 100)));
    expect(segments).toHaveLength(3);
  });

  it('deletes the uploaded segments and writes no manifest when a segment keeps failing', async () => {
    const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
    const { segments, deleted } = sloRoutes(mock, { failSegment: 2 });
    const err = await caught(driver.uploadObjectViaStream(data, 'backups', 'big.bin', { concurrency: 1 }));
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.requestId).toBe('tx503');
    // Segment 2 was tried three times (two retries); segment 1 was stored and is removed again.
    expect(segments.filter((s) => s.path.endsWith('00000002'))).toHaveLength(3);
    expect(deleted.some((p) => p.endsWith('00000001'))).toBe(true);
    expect(storageRequests(mock).some((r) => r.query['multipart-manifest'] === 'put')).toBe(false);
  });

  it('maps a manifest refused for an Etag Mismatch to ObjectHashMismatchError and removes the segments', async () => {
    const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
    const { deleted } = sloRoutes(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/big.bin', { status: 400, fixture: 'slo_manifest_etag_mismatch.json' }, { query: { 'multipart-manifest': 'put' } });
    const err = await caught(driver.uploadObjectViaStream(data, 'backups', 'big.bin'));
    expect(err).toBeInstanceOf(ObjectHashMismatchError);
    expect(err.message).toContain('Etag Mismatch');
    expect(deleted).toHaveLength(3);
  });

  it('finds stray segments of a failed upload in the segments container listing too', async () => {
    const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
    noObjects(mock);
    mock.on('HEAD', '/v1/AUTH_test/backups', { status: 204 });
    mock.on('PUT', '/v1/AUTH_test/backups_segments', { status: 201 });
    let prefix = '';
    mock.on('PUT', /^\/v1\/AUTH_test\/backups_segments\//, (req) => {
      prefix = req.path.replace('/v1/AUTH_test/backups_segments/', '').replace(/\d{8}$/, '');
      return { status: 400, body: 'no' };
    });
    mock.on('GET', '/v1/AUTH_test/backups_segments', (req) => ({ json: [{ name: `${String(req.query.prefix)}00000009`, bytes: 1, hash: 'x' }] }));
    const deleted: string[] = [];
    mock.on('DELETE', /^\/v1\/AUTH_test\/backups_segments\//, (req) => {
      deleted.push(req.path);
      return { status: 404 };
    });
    await expect(driver.uploadObjectViaStream(data, 'backups', 'big.bin', { concurrency: 1 })).rejects.toBeInstanceOf(NubesError);
    expect(deleted).toContain(`/v1/AUTH_test/backups_segments/${prefix}00000009`);
    expect(deleted).toContain(`/v1/AUTH_test/backups_segments/${prefix}00000001`);
  });

  it('checks that the object container exists before uploading any segment', async () => {
    const { mock, driver } = setup({ largeObjectThreshold: 1000 });
    noObjects(mock);
    mock.on('HEAD', '/v1/AUTH_test/missing', { status: 404 });
    await expect(driver.uploadObjectViaStream(data, 'missing', 'big.bin')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
    // The HEAD of the name (404: nothing to replace), then of the container.
    expect(storageRequests(mock).map((r) => `${r.method} ${r.path}`)).toEqual(['HEAD /v1/AUTH_test/missing/big.bin', 'HEAD /v1/AUTH_test/missing']);
  });

  it('raises the segment size so a known length fits in 1000 segments, and refuses an explicit partSize that does not', async () => {
    const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1 });
    sloRoutes(mock);
    mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: `"${md5(req.json<{ etag: string }[]>().map((s) => s.etag).join(''))}"` } }), {
      query: { 'multipart-manifest': 'put' },
    });
    const obj = await driver.uploadObjectViaStream(data, 'backups', 'big.bin');
    expect(obj.extra.segments).toBe(834); // ceil(2500 / 1000) = 3 bytes per segment
    const before = mock.requests.length;
    const err = await caught(driver.uploadObjectViaStream(data, 'backups', 'big.bin', { partSize: 2 }));
    expect((err as InvalidArgumentError).option).toBe('partSize');
    expect(mock.requests.length).toBe(before);
  });

  it('deletes an SLO with its segments through multipart-manifest=delete', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', '/v1/AUTH_test/backups/big.bin', { fixture: 'slo_delete_ok.json' }, { query: { 'multipart-manifest': 'delete' } });
    await driver.deleteObject(object(driver, 'big.bin', { staticLargeObject: true }));
    expect(storageRequests(mock)[0]!.headers.accept).toBe('application/json');
  });

  it('reports a bulk report of "not found" as ObjectDoesNotExistError, and a failed one as an error with its details', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', '/v1/AUTH_test/backups/gone.bin', { fixture: 'slo_delete_not_found.json' }, { query: { 'multipart-manifest': 'delete' } });
    mock.on('DELETE', '/v1/AUTH_test/backups/stuck.bin', { fixture: 'slo_delete_failed.json' }, { query: { 'multipart-manifest': 'delete' } });
    await expect(driver.deleteObject(object(driver, 'gone.bin', { staticLargeObject: true }))).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    const err = await caught(driver.deleteObject(object(driver, 'stuck.bin', { staticLargeObject: true })));
    expect(err.statusCode).toBe(409);
    expect(err.message).toContain('00000002');
  });

  it('falls back to a plain DELETE when the object is no longer an SLO', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', '/v1/AUTH_test/backups/plain.txt', { fixture: 'slo_delete_not_slo.json' }, { query: { 'multipart-manifest': 'delete' } });
    mock.on('DELETE', '/v1/AUTH_test/backups/plain.txt', { status: 204 });
    await driver.deleteObject(object(driver, 'plain.txt', { staticLargeObject: true }));
    expect(storageRequests(mock).map((r) => r.url.search)).toEqual(['?multipart-manifest=delete', '']);
  });

  it('looks at an object of unknown kind before deleting it, so an SLO loses its segments too', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test/backups/big.bin', { headers: { 'x-static-large-object': 'True', etag: '"abc"', 'content-length': '5' } });
    mock.on('DELETE', '/v1/AUTH_test/backups/big.bin', { fixture: 'slo_delete_ok.json' }, { query: { 'multipart-manifest': 'delete' } });
    await driver.deleteObject(object(driver, 'big.bin'));
    expect(storageRequests(mock).map((r) => `${r.method}${r.url.search}`)).toEqual(['HEAD', 'DELETE?multipart-manifest=delete']);
  });

  describe('overwriting an SLO', () => {
    const OLD_PREFIX = '/backups_segments/big.bin/1795257451.952-a1b2c3d4/';
    const OLD = ['00000001', '00000002', '00000003'].map((n) => `${OLD_PREFIX}${n}`);
    const SLO_HEADERS = { 'x-static-large-object': 'True', 'content-type': 'application/json; charset=utf-8', 'x-trans-id': 'tx-manifest' };

    /**
     * `backups/big.bin` holds an SLO whose manifest lists OLD. Call before sloRoutes, whose
     * routes would otherwise answer first.
     */
    function existingSlo(mock: MockTransport, options: { object?: Record<string, string>; container?: Record<string, string>; manifest?: MockReply } = {}): void {
      mock.on('HEAD', '/v1/AUTH_test/backups/big.bin', {
        headers: { 'x-static-large-object': 'True', etag: '"456f0542ff26abddd9919be263f1bb82"', 'content-length': '2500', ...options.object },
      });
      if (options.container) mock.on('HEAD', '/v1/AUTH_test/backups', { status: 204, headers: options.container });
      mock.on('GET', '/v1/AUTH_test/backups/big.bin', options.manifest ?? { fixture: 'slo_manifest_get.json', headers: SLO_HEADERS }, {
        query: { 'multipart-manifest': 'get' },
      });
    }

    function acceptManifest(mock: MockTransport): void {
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: `"${md5(req.json<{ etag: string }[]>().map((s) => s.etag).join(''))}"` } }), {
        query: { 'multipart-manifest': 'put' },
      });
    }

    const at = (path: string): string => `/v1/AUTH_test${path}`;
    const calls = (mock: MockTransport): string[] => storageRequests(mock).map((r) => `${r.method} ${r.path}${r.url.search}`);

    it('deletes exactly the old segments, after the new manifest is stored', async () => {
      const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
      existingSlo(mock);
      const { segments, deleted } = sloRoutes(mock);
      acceptManifest(mock);
      const obj = await driver.uploadObjectViaStream(data, 'backups', 'big.bin');

      expect(segments).toHaveLength(3);
      expect(deleted.sort()).toEqual(OLD.map(at));
      const sequence = calls(mock);
      // Looked at before anything was written: the name, its container (versioning), the manifest.
      expect(sequence.slice(0, 3)).toEqual(['HEAD /v1/AUTH_test/backups/big.bin', 'HEAD /v1/AUTH_test/backups', 'GET /v1/AUTH_test/backups/big.bin?multipart-manifest=get']);
      const manifestAt = sequence.indexOf('PUT /v1/AUTH_test/backups/big.bin?multipart-manifest=put');
      expect(sequence.findIndex((c) => c.startsWith('DELETE'))).toBeGreaterThan(manifestAt);
      expect(obj.extra).toMatchObject({ staticLargeObject: true, segments: 3 });
      expect(obj.extra.leftoverSegments).toBeUndefined();
    });

    it('deletes the old segments when a small plain object replaces the SLO', async () => {
      const { mock, driver } = setup();
      existingSlo(mock, { container: {} });
      const deleted = recordSegmentDeletes(mock);
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      const obj = await driver.uploadObjectViaStream('now small', 'backups', 'big.bin');
      expect(deleted.sort()).toEqual(OLD.map(at));
      expect(calls(mock).slice(3, 4)).toEqual(['PUT /v1/AUTH_test/backups/big.bin']);
      expect(obj).toMatchObject({ size: 9, hash: md5('now small'), extra: { staticLargeObject: false } });
      expect(obj.extra.leftoverSegments).toBeUndefined();
    });

    it('sends only a HEAD before replacing a plain object: no manifest GET, no DELETE', async () => {
      const { mock, driver } = setup();
      mock.on('HEAD', '/v1/AUTH_test/backups/notes.txt', { headers: { etag: md5('old'), 'content-length': '3' } });
      mock.on('PUT', '/v1/AUTH_test/backups/notes.txt', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      await driver.uploadObjectViaStream('new', 'backups', 'notes.txt');
      expect(calls(mock)).toEqual(['HEAD /v1/AUTH_test/backups/notes.txt', 'PUT /v1/AUTH_test/backups/notes.txt']);
    });

    it('keeps the old segments with leaveSegments: true, without looking at the name, where the same upload without it deletes them', async () => {
      const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
      existingSlo(mock);
      const { deleted } = sloRoutes(mock);
      acceptManifest(mock);
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      const lookups = (): string[] => calls(mock).filter((c) => c.startsWith('HEAD /v1/AUTH_test/backups/') || c.includes('multipart-manifest=get'));
      await driver.uploadObjectViaStream(data, 'backups', 'big.bin', { leaveSegments: true });
      await driver.uploadObjectViaStream('small', 'backups', 'big.bin', { leaveSegments: true });
      expect(deleted).toEqual([]);
      expect(lookups()).toEqual([]);
      await driver.uploadObjectViaStream('small', 'backups', 'big.bin');
      expect(lookups()).toHaveLength(2);
      expect(deleted.sort()).toEqual(OLD.map(at));
    });

    it('keeps the old segments when the driver option leaveSegments is true', async () => {
      const { mock, driver } = setup({ largeObjectThreshold: 1000, segmentSize: 1000, leaveSegments: true });
      expect(driver.leaveSegments).toBe(true);
      existingSlo(mock);
      const { deleted } = sloRoutes(mock);
      acceptManifest(mock);
      await driver.uploadObjectViaStream(data, 'backups', 'big.bin');
      expect(deleted).toEqual([]);
      expect(calls(mock).filter((c) => c.startsWith('HEAD /v1/AUTH_test/backups/') || c.includes('multipart-manifest=get'))).toEqual([]);
    });

    it('lets leaveSegments: false on an upload override the driver option', async () => {
      const { mock, driver } = setup({ leaveSegments: true });
      existingSlo(mock, { container: {} });
      const deleted = recordSegmentDeletes(mock);
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      await driver.uploadObjectViaStream('small', 'backups', 'big.bin', { leaveSegments: false });
      expect(deleted).toHaveLength(3);
    });

    it('refuses a leaveSegments that is not a boolean, before any request', async () => {
      const { mock, driver } = setup();
      // @ts-expect-error -- deliberate misuse
      const err = await caught(driver.uploadObjectViaStream('x', 'backups', 'x.txt', { leaveSegments: 'yes' }));
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe('leaveSegments');
      // @ts-expect-error -- deliberate misuse
      expect(() => setup({ leaveSegments: 1 })).toThrow(/leaveSegments must be true or false/);
      expect(mock.requests).toEqual([]);
    });

    it('leaves the old object and its segments alone when the new upload fails or is aborted', async () => {
      // Each case read the old manifest first, so the old segments were known, and then kept.
      const GET_MANIFEST = 'GET /v1/AUTH_test/backups/big.bin?multipart-manifest=get';
      // A segment that keeps failing.
      const failing = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
      existingSlo(failing.mock);
      const failed = sloRoutes(failing.mock, { failSegment: 2 });
      await expect(failing.driver.uploadObjectViaStream(data, 'backups', 'big.bin', { concurrency: 1 })).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(failed.deleted.length).toBeGreaterThan(0);
      expect(failed.deleted.filter((p) => p.startsWith(at(OLD_PREFIX)))).toEqual([]);
      expect(calls(failing.mock)).toContain(GET_MANIFEST);

      // A manifest Swift refuses.
      const refused = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
      existingSlo(refused.mock);
      const { deleted } = sloRoutes(refused.mock);
      refused.mock.on('PUT', '/v1/AUTH_test/backups/big.bin', { status: 400, fixture: 'slo_manifest_etag_mismatch.json' }, { query: { 'multipart-manifest': 'put' } });
      await expect(refused.driver.uploadObjectViaStream(data, 'backups', 'big.bin')).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(deleted).toHaveLength(3);
      expect(deleted.filter((p) => p.startsWith(at(OLD_PREFIX)))).toEqual([]);
      expect(calls(refused.mock)).toContain(GET_MANIFEST);

      // An abort once a segment is stored.
      const aborted = setup({ largeObjectThreshold: 1000, segmentSize: 1000 });
      existingSlo(aborted.mock);
      const cleaned = sloRoutes(aborted.mock);
      acceptManifest(aborted.mock);
      const ac = new AbortController();
      const err = await caught(
        aborted.driver.uploadObjectViaStream(Readable.from([data]), 'backups', 'big.bin', {
          contentLength: data.length,
          concurrency: 1,
          signal: ac.signal,
          onProgress: (p) => {
            if (p.loaded >= 1000) ac.abort();
          },
        }),
      );
      expect(err).toBeInstanceOf(AbortError);
      expect(cleaned.deleted.filter((p) => p.startsWith(at(OLD_PREFIX)))).toEqual([]);
      expect(calls(aborted.mock).some((c) => c.endsWith('multipart-manifest=put'))).toBe(false);
      expect(calls(aborted.mock)).toContain(GET_MANIFEST);

      // A plain PUT whose ETag contradicts the bytes: that object is deleted, the old segments are not.
      const damaged = setup();
      existingSlo(damaged.mock, { container: {} });
      damaged.mock.on('PUT', '/v1/AUTH_test/backups/big.bin', { status: 201, headers: { etag: 'ffffffffffffffffffffffffffffffff' } });
      damaged.mock.on('DELETE', '/v1/AUTH_test/backups/big.bin', { status: 204 });
      await expect(damaged.driver.uploadObjectViaStream(Readable.from([Buffer.from('x')]), 'backups', 'big.bin')).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(calls(damaged.mock).filter((c) => c.startsWith('DELETE'))).toEqual(['DELETE /v1/AUTH_test/backups/big.bin']);
      expect(calls(damaged.mock)).toContain(GET_MANIFEST);
    });

    it('returns the stored object with the segments it could not delete in extra.leftoverSegments', async () => {
      const { mock, driver } = setup();
      existingSlo(mock, { container: {} });
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      mock.on('DELETE', at(OLD[0]!), { status: 404 }); // already gone: fine
      mock.on('DELETE', at(OLD[1]!), { status: 503, body: 'busy', headers: { 'x-trans-id': 'tx503' } });
      mock.on('DELETE', at(OLD[2]!), { status: 204 });
      const obj = await driver.uploadObjectViaStream('replacement', 'backups', 'big.bin');
      expect(obj).toMatchObject({ name: 'big.bin', size: 11, hash: md5('replacement') });
      expect(obj.extra.leftoverSegments).toEqual([OLD[1]]);
      // Retried like any DELETE, then given up.
      expect(mock.requestsTo('DELETE', at(OLD[1]!))).toHaveLength(3);
      const token = mock.requests.find((r) => r.headers['x-auth-token'])!.headers['x-auth-token']!;
      expect(JSON.stringify(obj.extra)).not.toContain(token);
      expect(JSON.stringify(obj.extra)).not.toContain(KEY);
    });

    it('stops deleting when the signal fires after the object is stored, and lists what is left', async () => {
      const { mock, driver } = setup();
      existingSlo(mock, { container: {} });
      const ac = new AbortController();
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      mock.on('DELETE', /^\/v1\/AUTH_test\/backups_segments\//, () => {
        ac.abort();
        return { status: 204 };
      });
      const obj = await driver.uploadObjectViaStream('replacement', 'backups', 'big.bin', { concurrency: 1, signal: ac.signal });
      expect(obj.hash).toBe(md5('replacement'));
      expect(obj.extra.leftoverSegments).toContain(OLD[2]);
      expect(mock.requestsTo('DELETE', /backups_segments/)).toHaveLength(1);
    });

    it.each([
      ['the name is a symlink (its HEAD shows the target, with Content-Location)', { object: { 'content-location': '/v1/AUTH_test/backups/target.bin' } }],
      ['object versioning keeps the old version (X-Object-Version-Id)', { object: { 'x-object-version-id': '1795257451.95200' } }],
      ['the container keeps versions (X-Versions-Location)', { container: { 'x-versions-location': 'backups-versions' } }],
      ['the container keeps history (X-History-Location)', { container: { 'x-history-location': 'backups-history' } }],
      ['the container has versioning enabled (X-Versions-Enabled)', { container: { 'x-versions-enabled': 'True' } }],
    ] as [string, { object?: Record<string, string>; container?: Record<string, string> }][])('keeps the old segments when %s', async (_why, headers) => {
      const { mock, driver } = setup();
      existingSlo(mock, { object: headers.object ?? {}, container: headers.container ?? {} });
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      await driver.uploadObjectViaStream('small', 'backups', 'big.bin');
      const sequence = calls(mock);
      // It looked (the name; the container too when the name's own headers did not settle it), then stopped.
      expect(sequence[0]).toBe('HEAD /v1/AUTH_test/backups/big.bin');
      expect(sequence[1]).toBe(headers.container ? 'HEAD /v1/AUTH_test/backups' : 'PUT /v1/AUTH_test/backups/big.bin');
      expect(sequence.some((c) => c.includes('multipart-manifest=get'))).toBe(false);
      expect(sequence.some((c) => c.startsWith('DELETE'))).toBe(false);
    });

    it('deletes a nested SLO segment with its own segments, and skips inline data and repeated entries', async () => {
      const { mock, driver } = setup();
      existingSlo(mock, {
        container: {},
        manifest: {
          headers: SLO_HEADERS,
          json: [
            { name: OLD[0], bytes: 1000, hash: 'a' },
            { data: 'aGVsbG8=' },
            { name: OLD[0], bytes: 1000, hash: 'a', range: '0-99' },
            { name: '/backups_segments/part-two', bytes: 2000, hash: 'b', sub_slo: true },
          ],
        },
      });
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      mock.on('DELETE', '/v1/AUTH_test/backups_segments/part-two', { fixture: 'slo_delete_ok.json' }, { query: { 'multipart-manifest': 'delete' } });
      mock.on('DELETE', at(OLD[0]!), { status: 204 });
      const obj = await driver.uploadObjectViaStream('small', 'backups', 'big.bin');
      expect(calls(mock).filter((c) => c.startsWith('DELETE')).sort()).toEqual([
        `DELETE ${at(OLD[0]!)}`,
        'DELETE /v1/AUTH_test/backups_segments/part-two?multipart-manifest=delete',
      ]);
      expect(obj.extra.leftoverSegments).toBeUndefined();
    });

    it('uploads without cleanup when the name cannot be read (403 to the HEAD: a write-only container ACL)', async () => {
      const { mock, driver } = setup();
      mock.on('HEAD', '/v1/AUTH_test/dropbox/report.pdf', { status: 403, body: '<html><h1>Forbidden</h1></html>', headers: { 'content-type': 'text/html' } });
      mock.on('PUT', '/v1/AUTH_test/dropbox/report.pdf', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      const obj = await driver.uploadObjectViaStream('report', 'dropbox', 'report.pdf');
      expect(obj.hash).toBe(md5('report'));
      expect(calls(mock)).toEqual(['HEAD /v1/AUTH_test/dropbox/report.pdf', 'PUT /v1/AUTH_test/dropbox/report.pdf']);
    });

    it('fails before writing anything when the HEAD of the name fails otherwise', async () => {
      const { mock, driver } = setup();
      mock.on('HEAD', '/v1/AUTH_test/backups/big.bin', { status: 503, body: 'busy' });
      await expect(driver.uploadObjectViaStream(Readable.from(['x']), 'backups', 'big.bin')).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(calls(mock).every((c) => c.startsWith('HEAD'))).toBe(true);
    });

    it('never deletes a segment the new manifest lists too', async () => {
      const { mock, driver } = setup();
      mock.on('DELETE', /^\/v1\/AUTH_test\/backups_segments\//, { status: 204 });
      const old = OLD.map((path) => ({ path, subSlo: false }));
      const left = await deleteManifestSegments(driver.connection, old, new Set([OLD[1]!]), 4, undefined);
      expect(left).toEqual([]);
      expect(storageRequests(mock).map((r) => r.path).sort()).toEqual([at(OLD[0]!), at(OLD[2]!)]);
    });

    it('writes nothing when the manifest of the SLO being replaced is not a JSON list', async () => {
      const { mock, driver } = setup();
      existingSlo(mock, { container: {}, manifest: { headers: SLO_HEADERS, body: '<html>oops</html>' } });
      const err = await caught(driver.uploadObjectViaStream('small', 'backups', 'big.bin'));
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect(err.message).toContain('leaveSegments');
      expect(calls(mock).some((c) => c.startsWith('PUT'))).toBe(false);
    });

    it('does not read the body when the name stopped being an SLO between the HEAD and the manifest GET', async () => {
      const { mock, driver } = setup();
      existingSlo(mock, { container: {}, manifest: { headers: { 'content-type': 'application/json' }, body: '[{"name": "/backups_segments/not-a-segment"}]' } });
      mock.on('PUT', '/v1/AUTH_test/backups/big.bin', (req) => ({ status: 201, headers: { etag: md5(req.body) } }));
      await driver.uploadObjectViaStream('small', 'backups', 'big.bin');
      expect(calls(mock).slice(0, 4)).toEqual([
        'HEAD /v1/AUTH_test/backups/big.bin',
        'HEAD /v1/AUTH_test/backups',
        'GET /v1/AUTH_test/backups/big.bin?multipart-manifest=get',
        'PUT /v1/AUTH_test/backups/big.bin',
      ]);
      expect(calls(mock).some((c) => c.startsWith('DELETE'))).toBe(false);
    });
  });
});

describe('OpenStackSwiftStorageDriver: downloads', () => {
  let scratch: string | undefined;
  afterEach(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it('streams an object and reports progress', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v1/AUTH_test/backups/a.txt', { body: 'hello world', headers: { etag: md5('hello world') } });
    const seen: number[] = [];
    const body = await readAll(await driver.downloadObjectAsStream(object(driver, 'a.txt'), { onProgress: (p) => seen.push(p.loaded) }));
    expect(body.toString()).toBe('hello world');
    expect(seen.at(-1)).toBe(11);
  });

  it('asks for [start, end) as an inclusive Range header', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v1/AUTH_test/backups/a.txt', { status: 206, body: 'lo wo', headers: { 'content-range': 'bytes 3-7/11' } });
    expect((await readAll(await driver.downloadObjectRangeAsStream(object(driver, 'a.txt'), 3, 8))).toString()).toBe('lo wo');
    expect(storageRequests(mock)[0]!.headers.range).toBe('bytes=3-7');
    await expect(driver.downloadObjectRangeAsStream(object(driver, 'a.txt'), 5, 5)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(storageRequests(mock)).toHaveLength(1);
  });

  it('refuses a whole object sent in answer to a range', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v1/AUTH_test/backups/a.txt', { status: 200, body: 'hello world' });
    await expect(driver.downloadObjectRangeAsStream(object(driver, 'a.txt'), 3, 8)).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('checks a plain object against its MD5 but not a large object against its ETag', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v1/AUTH_test/backups/a.txt', { body: 'hello world' });
    scratch = mkdtempSync(join(tmpdir(), 'nubes-swift-'));
    const wrong = 'ffffffffffffffffffffffffffffffff';
    await expect(driver.downloadObject(object(driver, 'a.txt', { staticLargeObject: false }, wrong, 11), join(scratch, 'plain'))).rejects.toBeInstanceOf(
      ObjectHashMismatchError,
    );
    expect(readdirSync(scratch)).toEqual([]);
    await driver.downloadObject(object(driver, 'a.txt', { staticLargeObject: true }, wrong), join(scratch, 'slo'));
    await driver.downloadObject(object(driver, 'a.txt', { dynamicLargeObject: 'backups_segments/a.txt/' }, wrong), join(scratch, 'dlo'));
    expect(readFileSync(join(scratch, 'slo'), 'utf8')).toBe('hello world');
  });
});

describe('OpenStackSwiftStorageDriver: throttling and server errors', () => {
  it('retries 498 (ratelimit middleware) and then throws RateLimitError', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test/hot', { status: 498, fixture: 'error_498.txt', headers: { 'x-trans-id': 'tx498' } });
    const err = await caught(driver.getContainer('hot'));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.statusCode).toBe(498);
    expect(storageRequests(mock)).toHaveLength(3);
  });

  it('carries Retry-After of a 429 and the request id of a 503', async () => {
    const { mock, driver } = setup({ retry: false });
    mock.on('GET', '/v1/AUTH_test/hot', { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '7' } });
    mock.on('GET', '/v1/AUTH_test/down', { status: 503, body: '<html><h1>Service Unavailable</h1></html>', headers: { 'x-trans-id': 'tx503down' } });
    const limited = await caught(driver.listContainerObjects('hot'));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.retryAfter).toBe(7);
    const down = await caught(driver.listContainerObjects('down'));
    expect(down).toBeInstanceOf(ServiceUnavailableError);
    expect(down.requestId).toBe('tx503down');
    expect(down.message).toContain('Service Unavailable');
  });
});

describe('OpenStackSwiftStorageDriver: TempURL', () => {
  it('signs method, expiry and the decoded path with the tempUrlKey option, sending only the auth request', async () => {
    const { mock, driver } = setup({ tempUrlKey: 'temp-url-secret' });
    const before = Math.floor(Date.now() / 1000);
    const url = new URL(await driver.presignedUrl({ container: 'backups', name: 'dir/ünï cöde.txt' }, { expiresIn: 600 }));
    expect(url.origin + url.pathname).toBe(`${STORAGE}/backups/dir/%C3%BCn%C3%AF%20c%C3%B6de.txt`);
    const expires = Number(url.searchParams.get('temp_url_expires'));
    expect(expires).toBeGreaterThanOrEqual(before + 600);
    const expected = createHmac('sha256', 'temp-url-secret').update(`GET\n${expires}\n/v1/AUTH_test/backups/dir/ünï cöde.txt`).digest('hex');
    expect(url.searchParams.get('temp_url_sig')).toBe(expected);
    expect(storageRequests(mock)).toEqual([]);
  });

  it('signs PUT with sha1 when asked', async () => {
    const { driver } = setup({ tempUrlKey: 'k3y-value' });
    const url = new URL(await driver.presignedUrl({ container: 'c', name: 'o' }, { method: 'PUT', digest: 'sha1' }));
    const expires = url.searchParams.get('temp_url_expires')!;
    expect(url.searchParams.get('temp_url_sig')).toBe(createHmac('sha1', 'k3y-value').update(`PUT\n${expires}\n/v1/AUTH_test/c/o`).digest('hex'));
  });

  it('reads the account key once when no option gives it, and says how to set one when there is none', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/v1/AUTH_test', { status: 204, headers: { 'x-account-meta-temp-url-key': 'from-account' } }, { times: 1 });
    await driver.presignedUrl({ container: 'c', name: 'o' });
    await driver.presignedUrl({ container: 'c', name: 'p' });
    expect(storageRequests(mock)).toHaveLength(1);

    const bare = setup();
    bare.mock.on('HEAD', '/v1/AUTH_test', { status: 204 });
    const err = await caught(bare.driver.presignedUrl({ container: 'c', name: 'o' }));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('tempUrlKey');
  });

  it('sets the account key with exSetTempUrlKey', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v1/AUTH_test', { status: 204 });
    await driver.exSetTempUrlKey('new-temp-key');
    expect(storageRequests(mock)[0]!.headers['x-account-meta-temp-url-key']).toBe('new-temp-key');
    const url = new URL(await driver.presignedUrl({ container: 'c', name: 'o' }));
    const expires = url.searchParams.get('temp_url_expires')!;
    expect(url.searchParams.get('temp_url_sig')).toBe(createHmac('sha256', 'new-temp-key').update(`GET\n${expires}\n/v1/AUTH_test/c/o`).digest('hex'));
  });

  it.each([
    [{ method: 'POST' }, 'method'],
    [{ expiresIn: 0 }, 'expiresIn'],
    [{ digest: 'md5' }, 'digest'],
  ] as const)('refuses %o naming %s before any request', async (options, option) => {
    const { mock, driver } = setup({ tempUrlKey: 'k' + 'ey-1' });
    const err = await caught(driver.presignedUrl({ container: 'c', name: 'o' }, options as never));
    expect((err as InvalidArgumentError).option).toBe(option);
    expect(mock.requests).toEqual([]);
  });
});

describe('OpenStackSwiftStorageDriver: secrets in debug output', () => {
  it('keeps a Keystone password and the subject token out of the debug file and errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-swift-debug-'));
    try {
      const log = join(dir, 'debug.log');
      const mock = new MockTransport({ fixturesDir: FIXTURES });
      mock.on('POST', '/v3/auth/tokens', { status: 201, headers: { 'x-subject-token': 'gAAAAA-subject-token-0123456789' }, fixture: 'keystone_token.json' });
      mock.on('HEAD', '/v1/AUTH_6e8f0a1b2c3d4e5f60718293a4b5c6d7/private', { status: 404, headers: { 'x-trans-id': 'txks' } });
      const password = 'p@ss"word-with-quote';
      const driver = new OpenStackSwiftStorageDriver('alice', password, {
        authUrl: 'https://keystone.example.com:5000',
        projectName: 'demo',
        region: 'RegionOne',
        transport: mock,
        env: {},
        debug: log,
      });
      const err = await caught(driver.getContainer('private'));
      expect(err).toBeInstanceOf(ContainerDoesNotExistError);
      const text = readFileSync(log, 'utf8');
      expect(text).toContain('/v3/auth/tokens');
      expect(text).toContain('"name":"alice"');
      for (const secret of [password, JSON.stringify(password).slice(1, -1), 'gAAAAA-subject-token-0123456789']) {
        expect(text).not.toContain(secret);
        expect(err.message).not.toContain(secret);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes requests and responses to the debug file with the key, token and TempURL key redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-swift-debug-'));
    try {
      const log = join(dir, 'debug.log');
      const { mock, driver } = setup({ debug: log });
      mock.on('POST', '/v1/AUTH_test', { status: 204 });
      mock.on('GET', '/v1/AUTH_test/backups', { fixture: 'list_objects_3.json' });
      mock.on('HEAD', '/v1/AUTH_test/backups/missing', { status: 404 });
      await driver.exSetTempUrlKey('tempurl-key-not-in-logs');
      await driver.listContainerObjects('backups');
      const err = await caught(driver.getObject('backups', 'missing'));
      const text = readFileSync(log, 'utf8');
      expect(text).toContain('/auth/v1.0');
      expect(text).toContain('x-auth-token: [REDACTED]');
      expect(text).toContain('docs/z.txt');
      for (const secret of [KEY, 'AUTH_tk10123456789abcdef0123456789ab', 'tempurl-key-not-in-logs']) {
        expect(text).not.toContain(secret);
        expect(err.message).not.toContain(secret);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps both TempURL keys (the rotation key -2 too) out of the debug file when it reads them from the account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-swift-debug-'));
    try {
      const log = join(dir, 'debug.log');
      const { mock, driver } = setup({ debug: log });
      mock.on('HEAD', '/v1/AUTH_test', {
        status: 204,
        headers: { 'x-account-meta-temp-url-key': 'account-key-1-secret', 'x-account-meta-temp-url-key-2': 'account-key-2-secret' },
      });
      mock.on('HEAD', '/v1/AUTH_test/backups', { status: 204, headers: { 'x-container-meta-temp-url-key-2': 'container-key-2-secret' } });
      const url = await driver.presignedUrl({ container: 'backups', name: 'a.txt' });
      expect(url).toContain('temp_url_sig=');
      await driver.getContainer('backups');
      const text = readFileSync(log, 'utf8');
      expect(text).toContain('x-account-meta-temp-url-key-2: [REDACTED]');
      for (const secret of ['account-key-1-secret', 'account-key-2-secret', 'container-key-2-secret']) expect(text).not.toContain(secret);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
