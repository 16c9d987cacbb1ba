/**
 * The Azure Blobs driver against responses written from the Blob service REST reference
 * (test/fixtures/storage/azure-blobs/), one MockTransport per test.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedKeyStringToSign, SharedKeySigner } from '../../../../src/common/azure/index.js';
import {
  AbortError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidArgumentError,
  InvalidContainerNameError,
  NotSupportedError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
} from '../../../../src/common/errors/index.js';
import { AzureBlobsStorageDriver } from '../../../../src/drivers/storage/azure-blobs/index.js';
import { Container, getDriver, Provider, StorageObject } from '../../../../src/drivers/storage/index.js';
import { MockTransport, type RecordedRequest } from '../../../../src/testing/index.js';
import { md5, readAll } from '../helpers.js';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const FIXTURES = join(import.meta.dirname, '../../../fixtures/storage/azure-blobs');
function setup(options: ConstructorParameters<typeof AzureBlobsStorageDriver>[2] = {}): { mock: MockTransport; driver: AzureBlobsStorageDriver } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const driver = new AzureBlobsStorageDriver('myaccount', KEY, { transport: mock, env: {}, retry: { retries: 2, minDelay: 1, maxDelay: 2 }, ...options });
  return { mock, driver };
}

function expectSigned(req: RecordedRequest): void {
  const { authorization, ...headers } = req.headers;
  const signature = new SharedKeySigner('myaccount', KEY).signature(sharedKeyStringToSign('myaccount', { method: req.method, url: req.url, headers }));
  expect(authorization).toBe(`SharedKey myaccount:${signature}`);
}

/** The `nubes_crc32` metadata value nubes records for `data`. */
function recorded(data: Buffer | string): string {
  const bytes = Buffer.from(data);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(bytes));
  return `${bytes.length}:${crc.toString('base64')}`;
}

function blob(driver: AzureBlobsStorageDriver, name: string, hash = ''): StorageObject {
  return new StorageObject({ name, size: 10, hash, metaData: {}, container: new Container({ name: 'photos', extra: {} }, driver), extra: {} }, driver);
}

describe('AzureBlobsStorageDriver: registry and construction', () => {
  it('is the storage registry entry for azure-blobs', () => {
    expect(getDriver(Provider.AZURE_BLOBS)).toBe(AzureBlobsStorageDriver);
  });

  it('declares every storage capability it implements', () => {
    const { driver } = setup();
    expect(driver.supports('uploadObjectViaStream')).toBe(true);
    expect(driver.supports('presignedUrl')).toBe(true);
    expect(driver.supports('multipartUpload')).toBe(true);
  });

  it.each([
    [{ blockSize: 0 }, 'blockSize'],
    [{ blockSize: 5000 * 1024 * 1024 }, 'blockSize'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ listPageSize: 5001 }, 'listPageSize'],
  ] as const)('refuses %o naming %s', (options, option) => {
    let caught: unknown;
    try {
      new AzureBlobsStorageDriver('myaccount', KEY, { env: {}, ...options });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).option).toBe(option);
  });

  it('needs the credential as the second argument', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new AzureBlobsStorageDriver('myaccount')).toThrow(InvalidArgumentError);
  });
});

describe('AzureBlobsStorageDriver: containers', () => {
  it('lists containers across pages, following NextMarker, with metadata and properties', async () => {
    const { mock, driver } = setup({ listPageSize: 2 });
    mock
      .on('GET', '/', { fixture: 'list_containers_2.xml' }, { query: { comp: 'list', marker: '/myaccount/gamma' } })
      .on('GET', '/', { fixture: 'list_containers_1.xml' }, { query: { comp: 'list' } });
    const containers = await driver.listContainers();
    expect(containers.map((c) => c.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(containers[0]!.extra).toEqual({
      etag: '"0x8DC3C1A2B3C4D5E"',
      lastModified: new Date('2024-03-04T10:00:00Z'),
      leaseStatus: 'unlocked',
      leaseState: 'available',
      publicAccess: 'blob',
      hasImmutabilityPolicy: false,
      hasLegalHold: false,
      metaData: { owner: 'team-a' },
    });
    expect(containers[1]!.extra.hasLegalHold).toBe(true);
    expect(mock.requests[0]!.query).toMatchObject({ comp: 'list', include: 'metadata', maxresults: '2' });
    expect(mock.requests[0]!.query.marker).toBeUndefined();
    for (const req of mock.requests) expectSigned(req);
  });

  it('gets a container from its properties headers', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/photos', {
      headers: { etag: '"0x1"', 'last-modified': 'Mon, 04 Mar 2024 10:00:00 GMT', 'x-ms-meta-owner': 'me', 'x-ms-lease-state': 'available' },
    }, { query: { restype: 'container' } });
    const c = await driver.getContainer('photos');
    expect(c.name).toBe('photos');
    expect(c.extra).toMatchObject({ etag: '"0x1"', leaseState: 'available', metaData: { owner: 'me' } });
  });

  it('reports a missing container on HEAD as ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/nope', { status: 404, headers: { 'x-ms-error-code': 'ContainerNotFound' } });
    await expect(driver.getContainer('nope')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('maps a bare 404 on a container HEAD (no code header) to ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/nope', { status: 404 });
    await expect(driver.getContainer('nope')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('creates a container with PUT ?restype=container', async () => {
    const { mock, driver } = setup();
    mock.on('PUT', '/photos', { status: 201, headers: { etag: '"0x2"' } }, { query: { restype: 'container' } });
    const c = await driver.createContainer('photos');
    expect(c.extra.etag).toBe('"0x2"');
    expectSigned(mock.lastRequest!);
  });

  it.each(['ab', 'Photos', 'a--b', '-ab', 'ab-', 'a'.repeat(64), 'a_b'])('refuses the container name %j before any request', async (name) => {
    const { mock, driver } = setup();
    await expect(driver.createContainer(name)).rejects.toBeInstanceOf(InvalidContainerNameError);
    expect(mock.requests).toHaveLength(0);
  });

  it('refuses to delete a container that holds blobs, sending no DELETE', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos', { fixture: 'list_blobs_1.xml' }, { query: { comp: 'list', maxresults: '1' } });
    await expect(driver.deleteContainer('photos')).rejects.toBeInstanceOf(ContainerIsNotEmptyError);
    expect(mock.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('deletes an empty container', async () => {
    const { mock, driver } = setup();
    mock
      .on('GET', '/photos', { fixture: 'list_blobs_empty.xml' }, { query: { comp: 'list', maxresults: '1' } })
      .on('DELETE', '/photos', { status: 202 }, { query: { restype: 'container' } });
    await driver.deleteContainer('photos');
    expect(mock.requests.map((r) => r.method)).toEqual(['GET', 'DELETE']);
  });

  it('reports deleting a missing container as ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos', { status: 404, fixture: 'error_container_not_found.xml' });
    const err = (await driver.deleteContainer('photos').catch((e: unknown) => e)) as ContainerDoesNotExistError;
    expect(err).toBeInstanceOf(ContainerDoesNotExistError);
    expect(err.requestId).toBeUndefined();
    expect(err.message).toBe('ContainerNotFound: The specified container does not exist. (HTTP 404)');
  });
});

describe('AzureBlobsStorageDriver: listing objects', () => {
  it('merges blobs and prefixes in name order, decodes Encoded names, and maps properties', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos', { fixture: 'list_blobs_delimiter.xml' }, { query: { restype: 'container', comp: 'list', delimiter: '/' } });
    const objects = await driver.listContainerObjects('photos', { delimiter: '/' });
    expect(objects.map((o) => [o.name, o.kind])).toEqual([
      ['a-side.txt', 'object'],
      ['a/', 'prefix'],
      ['bad\uFFFEname', 'object'],
      ['c.txt', 'object'],
      ['d/', 'prefix'],
    ]);
    const first = objects[0]!;
    expect(first.size).toBe(10);
    expect(first.hash).toBe('5eb63bbbe01eeed093cb22bb8f5acdc3');
    expect(first.contentType).toBe('text/plain');
    expect(first.metaData).toEqual({ color: 'blue' });
    expect(first.lastModified).toEqual(new Date('2024-03-04T10:00:00Z'));
    expect(first.extra).toEqual({
      etag: '0x8DC3C1A2B3C4D61',
      contentMd5: 'XrY7u+Ae7tCTyyK7j1rNww==',
      blobType: 'BlockBlob',
      accessTier: 'Hot',
      leaseStatus: 'unlocked',
      leaseState: 'available',
      creationTime: new Date('2024-03-04T09:00:00Z'),
      serverEncrypted: true,
    });
    // No stored MD5: the hash is the ETag, which is never mistaken for an MD5.
    expect(objects[3]!.hash).toBe('0x8DC3C1A2B3C4D62');
    expect(objects[1]).toMatchObject({ size: 0, hash: '', kind: 'prefix' });
  });

  it('pages with marker and prefix until NextMarker is empty', async () => {
    const { mock, driver } = setup({ listPageSize: 2 });
    mock
      .on('GET', '/photos', { fixture: 'list_blobs_2.xml' }, { query: { marker: '2!8!cC8y' } })
      .on('GET', '/photos', { fixture: 'list_blobs_1.xml' }, { query: { prefix: 'p/' } });
    const names: string[] = [];
    for await (const o of driver.iterateContainerObjects('photos', { prefix: 'p/' })) names.push(o.name);
    expect(names).toEqual(['p/0', 'p/1', 'p/2']);
    expect(mock.requests[1]!.query).toMatchObject({ restype: 'container', comp: 'list', prefix: 'p/', marker: '2!8!cC8y', maxresults: '2' });
  });

  it('reports listing a missing container as ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos', { status: 404, fixture: 'error_container_not_found.xml' });
    await expect(driver.listContainerObjects('photos')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });
});

describe('AzureBlobsStorageDriver: objects', () => {
  it('gets a blob from its properties, with the MD5 as hash in hex', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/photos/dir/a b.txt', {
      headers: {
        'content-length': '10',
        'content-type': 'text/plain',
        'content-md5': md5('hello blob', 'base64'),
        etag: '"0x8D"',
        'last-modified': 'Mon, 04 Mar 2024 10:00:00 GMT',
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-meta-color': 'blue',
        'x-ms-access-tier': 'Cool',
      },
    });
    const o = await driver.getObject('photos', 'dir/a b.txt');
    expect(o).toMatchObject({ name: 'dir/a b.txt', size: 10, hash: md5('hello blob'), contentType: 'text/plain', metaData: { color: 'blue' } });
    expect(o.extra).toMatchObject({ etag: '"0x8D"', blobType: 'BlockBlob', accessTier: 'Cool' });
    expect(mock.lastRequest!.url.pathname).toBe('/photos/dir/a%20b.txt');
  });

  it('reports a missing blob as ObjectDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/photos/x', { status: 404, headers: { 'x-ms-error-code': 'BlobNotFound' } });
    await expect(driver.getObject('photos', 'x')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
  });

  it.each(['', 'a/../b', './a', 'a'.repeat(1025)])('refuses the object name %j before any request', async (name) => {
    const { mock, driver } = setup();
    await expect(driver.getObject('photos', name)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(driver.uploadObjectViaStream('x', 'photos', name)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });

  it('deletes a blob and its snapshots', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', '/photos/a.txt', { status: 202 });
    await driver.deleteObject(blob(driver, 'a.txt'));
    expect(mock.lastRequest!.headers['x-ms-delete-snapshots']).toBe('include');
  });
});

describe('AzureBlobsStorageDriver: uploads', () => {
  it('puts a small source in one Put Blob with Content-MD5, content type and metadata', async () => {
    const { mock, driver } = setup();
    const data = Buffer.from('hello blob');
    mock.on('PUT', '/photos/notes/a.txt', (req) => ({
      status: 201,
      headers: { etag: '"0x9"', 'content-md5': req.headers['content-md5']!, 'last-modified': 'Mon, 04 Mar 2024 10:00:00 GMT' },
    }));
    const progress: number[] = [];
    const o = await driver.uploadObjectViaStream(Readable.from([data.subarray(0, 4), data.subarray(4)]), 'photos', 'notes/a.txt', {
      metaData: { Color: 'blue' },
      onProgress: (p) => progress.push(p.loaded),
    });
    const req = mock.lastRequest!;
    expect(req.body).toEqual(data);
    expect(req.headers).toMatchObject({
      'x-ms-blob-type': 'BlockBlob',
      'content-type': 'text/plain',
      'x-ms-blob-content-type': 'text/plain',
      'content-md5': md5(data, 'base64'),
      'content-length': '10',
      'x-ms-meta-color': 'blue',
      'x-ms-meta-nubes_crc32': recorded(data),
    });
    expectSigned(req);
    expect(o).toMatchObject({ name: 'notes/a.txt', size: 10, hash: md5(data), contentType: 'text/plain', metaData: { color: 'blue' } });
    expect(o.extra.crc32).toBe(recorded(data).split(':')[1]);
    expect(o.extra.etag).toBe('"0x9"');
    expect(progress).toEqual([10]);
  });

  it('uploads an empty source as an empty blob', async () => {
    const { mock, driver } = setup();
    mock.on('PUT', '/photos/empty', { status: 201 });
    const o = await driver.uploadObjectViaStream(Buffer.alloc(0), 'photos', 'empty');
    expect(o.size).toBe(0);
    expect(mock.lastRequest!.headers['content-md5']).toBe(md5('', 'base64'));
    expectSigned(mock.lastRequest!);
  });

  it('uploads a larger source as blocks in order, then commits the list with the CRC-32 and no MD5', async () => {
    const { mock, driver } = setup({ blockSize: 4 });
    const data = Buffer.from('0123456789');
    const blocks = new Map<string, Buffer>();
    mock
      .on('PUT', '/photos/big.bin', (req) => {
        blocks.set(req.query.blockid as string, req.body);
        // Each byte is hashed once: no per-block MD5 unless the driver was asked for one.
        expect(req.headers['content-md5']).toBeUndefined();
        return { status: 201 };
      }, { query: { comp: 'block' } })
      // Put Block List answers with the Content-MD5 of the block list, not of the blob.
      .on('PUT', '/photos/big.bin', { status: 201, headers: { etag: '"0xB"', 'content-md5': md5('list', 'base64') } }, { query: { comp: 'blocklist' } });
    const progress: number[] = [];
    const o = await driver.uploadObjectViaStream(Readable.from([data]), 'photos', 'big.bin', {
      metaData: { v: '1' },
      concurrency: 2,
      onProgress: (p) => progress.push(p.loaded),
    });
    const commit = mock.lastRequest!;
    const ids = [...commit.text.matchAll(/<Latest>([^<]+)<\/Latest>/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(3);
    expect(Buffer.concat(ids.map((id) => blocks.get(id)!))).toEqual(data);
    expect(new Set(ids.map((id) => Buffer.from(id, 'base64').length)).size).toBe(1);
    expect(commit.headers).toMatchObject({
      'x-ms-blob-content-type': 'application/octet-stream',
      'x-ms-meta-v': '1',
      'x-ms-meta-nubes_crc32': recorded(data),
    });
    // The whole MD5 only with blobMd5: true.
    expect(commit.headers['x-ms-blob-content-md5']).toBeUndefined();
    expect(commit.headers['x-ms-blob-type']).toBeUndefined();
    for (const req of mock.requests) expectSigned(req);
    expect(o).toMatchObject({ size: 10, hash: '0xB', metaData: { v: '1' } });
    expect(o.extra.contentMd5).toBeUndefined();
    expect(o.extra.crc32).toBe(recorded(data).split(':')[1]);
    expect(progress.at(-1)).toBe(10);
  });

  it('stores the whole MD5 of a block upload with blobMd5: true, and refuses a non-boolean', async () => {
    const { mock, driver } = setup({ blockSize: 4, blobMd5: true });
    const data = Buffer.from('0123456789');
    mock
      .on('PUT', '/photos/big.bin', { status: 201 }, { query: { comp: 'block' } })
      .on('PUT', '/photos/big.bin', { status: 201, headers: { etag: '"0xB"' } }, { query: { comp: 'blocklist' } });
    const o = await driver.uploadObjectViaStream(Readable.from([data]), 'photos', 'big.bin');
    expect(mock.lastRequest!.headers).toMatchObject({ 'x-ms-blob-content-md5': md5(data, 'base64'), 'x-ms-meta-nubes_crc32': recorded(data) });
    expect(o).toMatchObject({ size: 10, hash: md5(data) });
    expect(o.extra.contentMd5).toBe(md5(data, 'base64'));
    expect(() => new AzureBlobsStorageDriver('myaccount', KEY, { env: {}, blobMd5: 1 as unknown as boolean })).toThrow(InvalidArgumentError);
  });

  it('grows the block size of a known length that would need more than 50,000 blocks', async () => {
    const { mock, driver } = setup({ blockSize: 1 });
    mock.on('PUT', '/photos/many.bin', { status: 201 });
    // 50,001 blocks of 1 byte would not fit: whole MiB blocks instead, so one Put Blob here.
    await driver.uploadObjectViaStream(Buffer.alloc(50_001), 'photos', 'many.bin');
    expect(mock.requests).toHaveLength(1);
    expect(mock.lastRequest!.headers['x-ms-blob-type']).toBe('BlockBlob');
  });

  it.each(['nubes_crc32', 'NUBES_CRC32'])('refuses the reserved metadata name %s before any request', async (name) => {
    const { mock, driver } = setup();
    await expect(driver.uploadObjectViaStream('x', 'photos', 'a.txt', { metaData: { [name]: '1:AAAAAA==' } })).rejects.toMatchObject({ option: 'metaData' });
    expect(mock.requests).toHaveLength(0);
  });

  it('sends each block with its own Content-MD5 with blockMd5: true, and refuses a non-boolean', async () => {
    const { mock, driver } = setup({ blockSize: 4, blockMd5: true });
    const data = Buffer.from('0123456789');
    const md5s: (string | undefined)[] = [];
    mock
      .on('PUT', '/photos/big.bin', (req) => {
        expect(req.headers['content-md5']).toBe(md5(req.body, 'base64'));
        md5s.push(req.headers['content-md5']);
        return { status: 201 };
      }, { query: { comp: 'block' } })
      .on('PUT', '/photos/big.bin', { status: 201, headers: { etag: '"0xB"' } }, { query: { comp: 'blocklist' } });
    const o = await driver.uploadObjectViaStream(Readable.from([data]), 'photos', 'big.bin');
    expect(md5s).toHaveLength(3);
    expect(mock.lastRequest!.headers['x-ms-meta-nubes_crc32']).toBe(recorded(data));
    expect(o).toMatchObject({ size: 10 });
    expect(() => new AzureBlobsStorageDriver('myaccount', KEY, { env: {}, blockMd5: 'yes' as unknown as boolean })).toThrow(InvalidArgumentError);
  });

  it('retries a failed block and still commits every block once', async () => {
    const { mock, driver } = setup({ blockSize: 4 });
    mock
      .on('PUT', '/photos/big.bin', { status: 503, xml: '<Error><Code>ServerBusy</Code><Message>Busy</Message></Error>' }, { query: { comp: 'block' }, times: 1 })
      .on('PUT', '/photos/big.bin', { status: 201 }, { query: { comp: 'block' } })
      .on('PUT', '/photos/big.bin', { status: 201 }, { query: { comp: 'blocklist' } });
    await driver.uploadObjectViaStream(Buffer.from('0123456789'), 'photos', 'big.bin', { concurrency: 1 });
    const blockPuts = mock.requests.filter((r) => r.query.comp === 'block');
    expect(blockPuts).toHaveLength(4);
    expect(mock.lastRequest!.query.comp).toBe('blocklist');
    expect([...mock.lastRequest!.text.matchAll(/<Latest>/g)]).toHaveLength(3);
  });

  it('commits nothing when a block fails for good', async () => {
    const { mock, driver } = setup({ blockSize: 4, retry: false });
    mock
      .on('PUT', '/photos/big.bin', { status: 201 }, { query: { comp: 'block' }, times: 1 })
      .on('PUT', '/photos/big.bin', { status: 400, xml: '<Error><Code>InvalidBlobOrBlock</Code><Message>no</Message></Error>' }, { query: { comp: 'block' } })
      .on('PUT', '/photos/big.bin', { status: 201 }, { query: { comp: 'blocklist' } });
    await expect(driver.uploadObjectViaStream(Buffer.from('0123456789'), 'photos', 'big.bin', { concurrency: 1 })).rejects.toThrow(/InvalidBlobOrBlock/);
    expect(mock.requests.some((r) => r.query.comp === 'blocklist')).toBe(false);
  });

  it('commits nothing when the source is shorter than contentLength', async () => {
    const { mock, driver } = setup({ blockSize: 4 });
    mock.on('PUT', '/photos/big.bin', { status: 201 }, { query: { comp: 'block' } });
    await expect(
      driver.uploadObjectViaStream(Readable.from([Buffer.from('0123456789')]), 'photos', 'big.bin', { contentLength: 12 }),
    ).rejects.toMatchObject({ option: 'contentLength' });
    expect(mock.requests.every((r) => r.query.comp === 'block')).toBe(true);
  });

  it('maps a Content-MD5 the service rejects to ObjectHashMismatchError', async () => {
    const { mock, driver } = setup();
    mock.on('PUT', '/photos/a.txt', { status: 400, xml: '<Error><Code>Md5Mismatch</Code><Message>The MD5 value specified in the request did not match.</Message></Error>' });
    await expect(driver.uploadObjectViaStream('x', 'photos', 'a.txt')).rejects.toBeInstanceOf(ObjectHashMismatchError);
  });

  it('refuses an upload whose signal is already aborted, sending nothing', async () => {
    const { mock, driver } = setup();
    const ac = new AbortController();
    ac.abort();
    await expect(driver.uploadObjectViaStream('x', 'photos', 'a.txt', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(mock.requests).toHaveLength(0);
  });

  it('aborts a read that stalls, sending nothing', async () => {
    const { mock, driver } = setup();
    const ac = new AbortController();
    const stalled = new Readable({
      read() {
        // never pushes
      },
    });
    setTimeout(() => ac.abort(), 10);
    await expect(driver.uploadObjectViaStream(stalled, 'photos', 'a.txt', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(mock.requests).toHaveLength(0);
    expect(stalled.destroyed).toBe(true);
  });

  it.each([
    [{ 'owner-id': '1' }],
    [{ '1abc': '1' }],
    [{ ok: 'naïve' }],
    [{ Ab: '1', ab: '2' }],
  ])('refuses metadata %o before any request', async (metaData) => {
    const { mock, driver } = setup();
    await expect(driver.uploadObjectViaStream('x', 'photos', 'a.txt', { metaData })).rejects.toMatchObject({ option: 'metaData' });
    expect(mock.requests).toHaveLength(0);
  });
});

describe('AzureBlobsStorageDriver: downloads', () => {
  it('streams a blob and checks it against the Content-MD5 the service sends', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { body: 'hello blob', headers: { 'content-md5': md5('hello blob', 'base64') } });
    const progress: number[] = [];
    const body = await readAll(await driver.downloadObjectAsStream(blob(driver, 'a.txt'), { onProgress: (p) => progress.push(p.loaded) }));
    expect(body.toString()).toBe('hello blob');
    expect(progress.at(-1)).toBe(10);
  });

  it('fails the stream with ObjectHashMismatchError when the bytes differ from the Content-MD5', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { body: 'hello BLOB', headers: { 'content-md5': md5('hello blob', 'base64') } });
    await expect(readAll(await driver.downloadObjectAsStream(blob(driver, 'a.txt')))).rejects.toBeInstanceOf(ObjectHashMismatchError);
  });

  it('checks a whole download against the recorded CRC-32 and hides it from metaData', async () => {
    const { mock, driver } = setup();
    mock.on('HEAD', '/photos/a.txt', { headers: { 'content-length': '10', etag: '"0x1"', 'x-ms-meta-nubes_crc32': recorded('hello blob'), 'x-ms-meta-color': 'blue' } });
    mock.on('GET', '/photos/a.txt', { body: 'hello blob', headers: { etag: '"0x1"', 'x-ms-meta-nubes_crc32': recorded('hello blob') } });
    const o = await driver.getObject('photos', 'a.txt');
    expect(o.metaData).toEqual({ color: 'blue' });
    expect(o.extra.crc32).toBe(recorded('hello blob').split(':')[1]);
    expect((await readAll(await driver.downloadObjectAsStream(o))).toString()).toBe('hello blob');
  });

  it('fails a download whose bytes differ from the recorded CRC-32, with no Content-MD5 (corrupting server)', async () => {
    const { mock, driver } = setup();
    // Same size, other bytes: only the recorded CRC-32 can tell.
    mock.on('GET', '/photos/a.txt', { body: 'hello BLOB', headers: { etag: '"0x1"', 'x-ms-meta-nubes_crc32': recorded('hello blob') } });
    await expect(readAll(await driver.downloadObjectAsStream(blob(driver, 'a.txt')))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    const dir = await mkdtemp(join(tmpdir(), 'nubes-azure-crc-'));
    try {
      await expect(driver.downloadObject(blob(driver, 'a.txt'), join(dir, 'a.txt'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ignores a CRC-32 recorded for another size (a rewrite that kept the metadata) but still checks the Content-MD5', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { body: 'hello blob', headers: { 'content-md5': md5('hello blob', 'base64'), 'x-ms-meta-nubes_crc32': recorded('hello') } });
    expect((await readAll(await driver.downloadObjectAsStream(blob(driver, 'a.txt')))).toString()).toBe('hello blob');
    mock.on('GET', '/photos/b.txt', { body: 'hello BLOB', headers: { 'content-md5': md5('hello blob', 'base64'), 'x-ms-meta-nubes_crc32': recorded('hello') } });
    await expect(readAll(await driver.downloadObjectAsStream(blob(driver, 'b.txt')))).rejects.toBeInstanceOf(ObjectHashMismatchError);
  });

  it.each(['garbage', '10:', '10:AAAA', 'x:AAAAAA=='])('ignores a malformed recorded CRC-32 %j', async (value) => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { body: 'hello blob', headers: { 'x-ms-meta-nubes_crc32': value } });
    expect((await readAll(await driver.downloadObjectAsStream(blob(driver, 'a.txt')))).toString()).toBe('hello blob');
  });

  it('skips the check when verifyHash is false', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { body: 'hello BLOB', headers: { 'content-md5': md5('hello blob', 'base64') } });
    const body = await readAll(await driver.downloadObjectAsStream(blob(driver, 'a.txt'), { verifyHash: false }));
    expect(body.toString()).toBe('hello BLOB');
  });

  it('asks for a range with an exclusive end', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { status: 206, body: 'llo', headers: { 'content-md5': md5('hello blob', 'base64') } });
    const body = await readAll(await driver.downloadObjectRangeAsStream(blob(driver, 'a.txt'), 2, 5));
    expect(body.toString()).toBe('llo');
    expect(mock.lastRequest!.headers['x-ms-range']).toBe('bytes=2-4');
    expectSigned(mock.lastRequest!);
  });

  it('reports downloading a missing blob as ObjectDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/photos/a.txt', { status: 404, xml: '<Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>' });
    await expect(driver.downloadObjectAsStream(blob(driver, 'a.txt'))).rejects.toBeInstanceOf(ObjectDoesNotExistError);
  });
});

describe('AzureBlobsStorageDriver: presigned URLs', () => {
  it('signs a read SAS for one blob, valid for the requested time', async () => {
    const { driver } = setup();
    const before = Date.now();
    const url = new URL(await driver.presignedUrl({ container: 'photos', name: 'dir/a b.txt' }, { expiresIn: 600 }));
    expect(url.origin + url.pathname).toBe('https://myaccount.blob.core.windows.net/photos/dir/a%20b.txt');
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('sr')).toBe('b');
    const expires = new Date(url.searchParams.get('se')!).getTime();
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('grants create and write for a PUT URL', async () => {
    const { driver } = setup();
    const url = new URL(await driver.presignedUrl(blob(driver, 'a.txt'), { method: 'PUT' }));
    expect(url.searchParams.get('sp')).toBe('cw');
  });

  it('refuses a non-positive expiry', async () => {
    const { driver } = setup();
    await expect(driver.presignedUrl(blob(driver, 'a.txt'), { expiresIn: 0 })).rejects.toMatchObject({ option: 'expiresIn' });
  });

  it('cannot presign with a SAS token credential', async () => {
    const driver = new AzureBlobsStorageDriver('myaccount', 'sv=2021-08-06&sp=r&sr=c&se=2030-01-01T00%3A00%3A00Z&sig=abcd', { env: {} });
    await expect(driver.presignedUrl(blob(driver, 'a.txt'))).rejects.toBeInstanceOf(NotSupportedError);
  });
});
