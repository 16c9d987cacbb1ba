/**
 * S3 driver against fixtures written from the S3 API reference's documented shapes
 * (test/fixtures/storage/s3/), through MockTransport: error mapping, signing, addressing,
 * paging and the multipart protocol — the cases no local server exercises.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidArgumentError,
  InvalidContainerNameError,
  InvalidCredentialsError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/index.js';
import {
  Container,
  getDriver,
  Provider,
  S3StorageDriver,
  StorageObject,
  type S3DriverOptions,
} from '../../../src/drivers/storage/index.js';
import { MockTransport, type RecordedRequest } from '../../../src/testing/index.js';
import { md5, readAll } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/storage/s3/', import.meta.url));
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const MiB = 1024 * 1024;

function setup(options: S3DriverOptions = {}): { mock: MockTransport; driver: S3StorageDriver } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const driver = new S3StorageDriver(KEY_ID, SECRET, { region: 'us-east-1', transport: mock, env: {}, retry: { minDelay: 1, maxDelay: 2 }, ...options });
  return { mock, driver };
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

function objectIn(driver: S3StorageDriver, bucket: string, name: string, hash = '', size = 0): StorageObject {
  return new StorageObject({ name, size, hash, metaData: {}, container: new Container({ name: bucket, extra: {} }, driver), extra: {} }, driver);
}

describe('S3StorageDriver: endpoints and addressing', () => {
  it('addresses buckets virtual-hosted on the regional endpoint by default', async () => {
    const { mock, driver } = setup({ region: 'eu-west-3' });
    mock.on('HEAD', '/', { status: 200, headers: { 'x-amz-bucket-region': 'eu-west-3' } });
    const c = await driver.getContainer('photos');
    expect(mock.lastRequest!.url.host).toBe('photos.s3.eu-west-3.amazonaws.com');
    expect(c.extra).toEqual({ region: 'eu-west-3' });
  });

  it('falls back to path-style for bucket names DNS cannot carry (dots, upper case)', async () => {
    const { mock, driver } = setup({ region: 'eu-west-3' });
    mock.on('HEAD', '/my.dotted.bucket', { status: 200 });
    await driver.getContainer('my.dotted.bucket');
    expect(mock.lastRequest!.url.host).toBe('s3.eu-west-3.amazonaws.com');
  });

  it('uses path-style when asked, and by default with a custom endpoint', async () => {
    const a = setup({ addressing: 'path' });
    a.mock.on('HEAD', '/photos', { status: 200 });
    await a.driver.getContainer('photos');
    expect(a.mock.lastRequest!.url.href).toBe('https://s3.us-east-1.amazonaws.com/photos');
    const b = setup({ url: 'http://127.0.0.1:9000' });
    b.mock.on('HEAD', '/photos', { status: 200 });
    await b.driver.getContainer('photos');
    expect(b.mock.lastRequest!.url.href).toBe('http://127.0.0.1:9000/photos');
  });

  it('percent-encodes each key segment once and keeps the slashes', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('HEAD', /.*/, { status: 200, headers: { 'content-length': '1', etag: '"x"' } });
    await driver.getObject('b', 'dir/a b+c&d=é~(1).txt');
    expect(mock.lastRequest!.url.pathname).toBe('/b/dir/a%20b%2Bc%26d%3D%C3%A9~%281%29.txt');
  });

  it('refuses "." and ".." key segments and bad bucket names before sending anything', async () => {
    const { mock, driver } = setup();
    await expect(driver.getObject('b', 'a/../b')).rejects.toMatchObject({ option: 'objectName' });
    await expect(driver.getObject('b', './x')).rejects.toMatchObject({ option: 'objectName' });
    await expect(driver.getContainer('a/b')).rejects.toMatchObject({ option: 'container' });
    await expect(driver.getContainer('')).rejects.toMatchObject({ option: 'container' });
    expect(mock.requests).toHaveLength(0);
  });

  it('refuses a malformed region, unknown addressing and out-of-range sizes at construction', () => {
    expect(() => new S3StorageDriver(KEY_ID, SECRET, { region: 'eu west' })).toThrow(InvalidArgumentError);
    expect(() => new S3StorageDriver(KEY_ID, SECRET, { region: 'us-east-1', addressing: 'dns' as never })).toThrow(/addressing/);
    expect(() => new S3StorageDriver(KEY_ID, SECRET, { region: 'us-east-1', partSize: 1024 })).toThrow(/partSize/);
    expect(() => new S3StorageDriver(KEY_ID, SECRET, { region: 'us-east-1', listPageSize: 1001 })).toThrow(/listPageSize/);
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new S3StorageDriver(KEY_ID, undefined)).toThrow(/secret/);
  });

  it('accepts any simple region name with a custom endpoint', () => {
    expect(new S3StorageDriver(KEY_ID, SECRET, { host: 'minio.local', region: 'garage' }).region).toBe('garage');
  });
});

describe('S3StorageDriver: signing', () => {
  it('matches the SigV4 example of the S3 documentation for a ranged GET', async () => {
    // "Signature Calculations for the Authorization Header: Transferring Payload in a
    // Single Chunk", example GET Object: examplebucket, test.txt, Range bytes=0-9.
    const { mock, driver } = setup({ host: 's3.amazonaws.com', addressing: 'virtual', clock: () => new Date('2013-05-24T00:00:00Z') });
    mock.on('GET', '/test.txt', { status: 206, body: 'Welcome to' });
    const body = await readAll(await driver.downloadObjectRangeAsStream(objectIn(driver, 'examplebucket', 'test.txt'), 0, 10));
    expect(body.toString()).toBe('Welcome to');
    const req = mock.lastRequest!;
    expect(req.url.host).toBe('examplebucket.s3.amazonaws.com');
    expect(req.headers.range).toBe('bytes=0-9');
    expect(req.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('matches the presigned URL example of the S3 documentation', () => {
    // "Authenticating Requests: Using Query Parameters", example GET of test.txt valid 86400 s.
    const { driver } = setup({ host: 's3.amazonaws.com', addressing: 'virtual', clock: () => new Date('2013-05-24T00:00:00Z') });
    const url = new URL(driver.exGetPresignedUrl('test.txt', { container: 'examplebucket', expiresIn: 86400 }));
    expect(url.host).toBe('examplebucket.s3.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('86400');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Signature')).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('honours the declared presignedUrl capability with the same URL as exGetPresignedUrl, sending nothing', async () => {
    const { mock, driver } = setup({ host: 's3.amazonaws.com', addressing: 'virtual', clock: () => new Date('2013-05-24T00:00:00Z') });
    expect(driver.supports('presignedUrl')).toBe(true);
    const url = new URL(await driver.presignedUrl({ container: 'examplebucket', name: 'test.txt' }, { expiresIn: 86400 }));
    expect(url.host).toBe('examplebucket.s3.amazonaws.com');
    expect(url.pathname).toBe('/test.txt');
    expect(url.searchParams.get('X-Amz-Signature')).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
    const put = new URL(await driver.presignedUrl({ container: 'examplebucket', name: 'in/a.bin' }, { method: 'PUT', expiresIn: 60 }));
    expect(put.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(put.pathname).toBe('/in/a.bin');
    await expect(driver.presignedUrl({ container: 'examplebucket', name: 'x' }, { expiresIn: 0 })).rejects.toMatchObject({ option: 'expiresIn' });
    expect(mock.requests).toHaveLength(0);
  });

  it('sends an object body with a signed Content-MD5 and UNSIGNED-PAYLOAD, never aws-chunked', async () => {
    const { mock, driver } = setup();
    const body = 'hello, s3';
    mock.on('PUT', '/b/k.txt', { status: 200, headers: { etag: `"${md5(body)}"` } });
    const obj = await driver.uploadObjectViaStream(Readable.from([Buffer.from(body)]), 'b', 'k.txt');
    const req = mock.lastRequest!;
    expect(req.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(req.headers['content-md5']).toBe(createHash('md5').update(body).digest('base64'));
    expect(req.headers['content-length']).toBe(String(body.length));
    expect(req.headers['content-encoding']).toBeUndefined();
    expect(req.headers['transfer-encoding']).toBeUndefined();
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=content-length;content-md5;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(obj).toMatchObject({ name: 'k.txt', size: body.length, hash: md5(body), contentType: 'text/plain' });
  });

  it('signs the SHA-256 of object bodies with signPayload, and of XML bodies always', async () => {
    const { mock, driver } = setup({ signPayload: true, region: 'eu-west-3' });
    const body = 'hello, s3';
    mock.on('PUT', '/k.txt', { status: 200, headers: { etag: `"${md5(body)}"` } }, { host: 'bucket.s3.eu-west-3.amazonaws.com' });
    mock.on('PUT', '/', { status: 200 }, { host: 'new-bucket.s3.eu-west-3.amazonaws.com' });
    await driver.uploadObjectViaStream(body, 'bucket', 'k.txt');
    expect(mock.lastRequest!.headers['x-amz-content-sha256']).toBe(sha256(body));
    await setup({ region: 'eu-west-3', transport: mock }).driver.createContainer('new-bucket');
    expect(mock.lastRequest!.headers['x-amz-content-sha256']).toBe(sha256(mock.lastRequest!.text));
    expect(() => setup({ signPayload: 'yes' as never })).toThrow(/signPayload/);
  });

  it('sends the session token, signed, and never shows the secret or the token in errors or debug output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-s3-debug-'));
    const log = join(dir, 'debug.log');
    const token = 'FwoGZXIvYXdzEXAMPLETOKENdGhpcyBpcyBhIHRva2Vu';
    const { mock, driver } = setup({ sessionToken: token, debug: log, addressing: 'path' });
    mock.on('GET', '/b', { status: 403, fixture: 'error-access-denied.xml' });
    const err = (await driver.listContainerObjects('b').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err).toMatchObject({ providerCode: 'AccessDenied', requestId: '4442587FB7D0A2F9', statusCode: 403 });
    expect(mock.lastRequest!.headers['x-amz-security-token']).toBe(token);
    expect(mock.lastRequest!.headers.authorization).toContain('x-amz-security-token');
    const signature = /Signature=([0-9a-f]+)/.exec(mock.lastRequest!.headers.authorization!)![1]!;
    const debug = readFileSync(log, 'utf8');
    expect(debug).toContain('/b?');
    for (const text of [err.message, String(err.stack), JSON.stringify(err), debug]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(token);
      expect(text).not.toContain(signature);
    }
  });

  it('keeps the signature out of presigned URLs shown in error messages', async () => {
    const { driver } = setup();
    const url = driver.exGetPresignedUrl('x', { container: 'b' });
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(url).not.toContain(SECRET);
  });

  it('signs the content type into a presigned PUT and checks expiresIn, method and container', () => {
    const { driver } = setup();
    const put = new URL(driver.exGetPresignedUrl('in/x.bin', { container: 'b', method: 'PUT', contentType: 'application/octet-stream', expiresIn: 60 }));
    expect(put.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(put.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(() => driver.exGetPresignedUrl('x', { container: 'b', expiresIn: 604_801 })).toThrow(/expiresIn/);
    expect(() => driver.exGetPresignedUrl('x', { container: 'b', expiresIn: 0 })).toThrow(/expiresIn/);
    expect(() => driver.exGetPresignedUrl('x', { container: 'b', method: 'POST' as never })).toThrow(/method/);
    expect(() => driver.exGetPresignedUrl('x')).toThrow(/container/);
    expect(driver.supports('presignedUrl')).toBe(true);
  });
});

describe('S3StorageDriver: containers', () => {
  it('lists buckets across ListBuckets pages', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/', { fixture: 'list-buckets-2.xml' }, { query: { 'continuation-token': 'page-2-of-buckets' } });
    mock.on('GET', '/', { fixture: 'list-buckets.xml' });
    const buckets = await driver.listContainers();
    expect(buckets.map((b) => b.name)).toEqual(['alpha-logs', 'beta.assets', 'gamma']);
    expect(buckets[0]!.extra).toEqual({ creationDate: new Date('2024-02-11T09:30:00.000Z'), region: 'eu-west-3' });
    expect(mock.requests[0]!.url.host).toBe('s3.us-east-1.amazonaws.com');
  });

  it('creates a bucket with a LocationConstraint outside us-east-1 only', async () => {
    const paris = setup({ region: 'eu-west-3' });
    paris.mock.on('PUT', '/', { status: 200 });
    await paris.driver.createContainer('new-bucket');
    const body = paris.mock.lastRequest!.text;
    expect(body).toContain('<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(body).toContain('<LocationConstraint>eu-west-3</LocationConstraint>');
    expect(paris.mock.lastRequest!.headers['x-amz-content-sha256']).toBe(sha256(body));
    const virginia = setup();
    virginia.mock.on('PUT', '/', { status: 200 });
    await virginia.driver.createContainer('new-bucket');
    expect(virginia.mock.lastRequest!.body.length).toBe(0);
  });

  it.each([
    ['error-bucket-exists.xml', 409, ContainerAlreadyExistsError, 'BucketAlreadyExists'],
    ['error-bucket-owned.xml', 409, ContainerAlreadyExistsError, 'BucketAlreadyOwnedByYou'],
    ['error-invalid-bucket-name.xml', 400, InvalidContainerNameError, 'InvalidBucketName'],
  ] as const)('maps %s on create to %s', async (file, status, Cls, code) => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('PUT', /.*/, { status, fixture: file });
    const err = await driver.createContainer('taken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cls);
    expect(err).toMatchObject({ providerCode: code, statusCode: status, provider: 's3', requestId: '4442587FB7D0A2F9' });
  });

  it('maps BucketNotEmpty to ContainerIsNotEmptyError and NoSuchBucket to ContainerDoesNotExistError on delete', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('DELETE', '/full', { status: 409, fixture: 'error-bucket-not-empty.xml' });
    mock.on('DELETE', '/missing-bucket', { status: 404, fixture: 'error-no-such-bucket.xml' });
    await expect(driver.deleteContainer('full')).rejects.toBeInstanceOf(ContainerIsNotEmptyError);
    await expect(driver.deleteContainer('missing-bucket')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('turns a body-less 404 on HEAD bucket into ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('HEAD', '/gone', { status: 404, headers: { 'x-amz-request-id': 'R1' } });
    const err = await driver.getContainer('gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerDoesNotExistError);
    expect(err).toMatchObject({ requestId: 'R1', statusCode: 404 });
  });

  it('retries SlowDown and then reports RateLimitError', async () => {
    const { mock, driver } = setup({ addressing: 'path', retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
    mock.on('GET', '/b', { status: 503, fixture: 'error-slow-down.xml' });
    const err = await driver.listContainerObjects('b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ providerCode: 'SlowDown' });
    expect(mock.requests).toHaveLength(3);
  });
});

describe('S3StorageDriver: listing', () => {
  it('pages with continuation tokens, decodes url-encoded keys and merges common prefixes in key order', async () => {
    const { mock, driver } = setup({ addressing: 'path', listPageSize: 3 });
    mock.on('GET', '/photos', { fixture: 'list-objects-page2.xml' }, { query: { 'continuation-token': '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=' } });
    mock.on('GET', '/photos', { fixture: 'list-objects-page1.xml' });
    const listed = await driver.listContainerObjects('photos', { prefix: '2026/', delimiter: '/' });
    expect(listed.map((o) => [o.name, o.kind])).toEqual([
      ['2026/a b+c.jpg', 'object'],
      ['2026/march/', 'prefix'],
      ['2026/zebra.jpg', 'object'],
      ['2026/zoo/', 'prefix'],
      ['2026/été.png', 'object'],
    ]);
    expect(listed[0]).toMatchObject({ size: 434234, hash: '9b2cf535f27731c974343645a3985328', extra: { storageClass: 'STANDARD' } });
    expect(listed[0]!.lastModified).toEqual(new Date('2026-03-01T10:00:00.000Z'));
    expect(mock.requests[0]!.query).toEqual({ 'list-type': '2', prefix: '2026/', delimiter: '/', 'max-keys': '3', 'encoding-type': 'url' });
    expect(mock.requests[1]!.query['continuation-token']).toBe('1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=');
  });

  it('leaves keys alone when the store did not url-encode them', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('GET', '/photos', { fixture: 'list-objects-plain.xml' });
    expect((await driver.listContainerObjects('photos')).map((o) => o.name)).toEqual(['100%+real.txt']);
  });

  it('maps NoSuchBucket on a listing to ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('GET', '/missing-bucket', { status: 404, fixture: 'error-no-such-bucket.xml' });
    await expect(driver.listContainerObjects('missing-bucket')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('fetches pages lazily when iterating', async () => {
    const { mock, driver } = setup({ addressing: 'path', listPageSize: 3 });
    mock.on('GET', '/photos', { fixture: 'list-objects-page1.xml' });
    for await (const o of driver.iterateContainerObjects('photos')) {
      expect(o.name).toBe('2026/a b+c.jpg');
      break;
    }
    expect(mock.requests).toHaveLength(1);
  });
});

describe('S3StorageDriver: objects', () => {
  it('reads size, ETag, content type, last modified and x-amz-meta-* from HEAD', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('HEAD', '/b/report.pdf', {
      status: 200,
      headers: {
        'content-length': '12345',
        etag: '"0123456789abcdef0123456789abcdef"',
        'content-type': 'application/pdf',
        'last-modified': 'Wed, 12 Oct 2026 17:50:00 GMT',
        'x-amz-meta-owner': 'ada',
        'x-amz-meta-project-id': '42',
        'x-amz-storage-class': 'STANDARD_IA',
        'x-amz-version-id': '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo',
        'x-amz-server-side-encryption': 'AES256',
      },
    });
    const obj = await driver.getObject('b', 'report.pdf');
    expect(obj).toMatchObject({
      name: 'report.pdf',
      size: 12345,
      hash: '0123456789abcdef0123456789abcdef',
      contentType: 'application/pdf',
      metaData: { owner: 'ada', 'project-id': '42' },
      extra: { storageClass: 'STANDARD_IA', serverSideEncryption: 'AES256', etag: '"0123456789abcdef0123456789abcdef"' },
    });
    expect(obj.lastModified).toEqual(new Date('2026-10-12T17:50:00Z'));
  });

  it('turns a 404 HEAD into ObjectDoesNotExistError and NoSuchKey on GET too', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('HEAD', '/b/nope', { status: 404 });
    mock.on('GET', '/b/nope', { status: 404, fixture: 'error-no-such-key.xml' });
    await expect(driver.getObject('b', 'nope')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    const err = await driver.downloadObjectAsStream(objectIn(driver, 'b', 'nope')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectDoesNotExistError);
    expect(err).toMatchObject({ providerCode: 'NoSuchKey' });
  });

  it('sends content type and lowercased metadata as headers, and refuses metadata S3 cannot carry', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('PUT', '/b/m.bin', { status: 200, headers: { etag: `"${md5('x')}"` } });
    await driver.uploadObjectViaStream('x', 'b', 'm.bin', { contentType: 'application/x-test', metaData: { Owner: 'ada' } });
    expect(mock.lastRequest!.headers).toMatchObject({ 'content-type': 'application/x-test', 'x-amz-meta-owner': 'ada' });
    await expect(driver.uploadObjectViaStream('x', 'b', 'm.bin', { metaData: { city: 'Zürich' } })).rejects.toMatchObject({ option: 'metaData' });
    await expect(driver.uploadObjectViaStream('x', 'b', 'm.bin', { metaData: { 'bad key': 'v' } })).rejects.toMatchObject({ option: 'metaData' });
    await expect(driver.uploadObjectViaStream('x', 'b', 'm.bin', { metaData: { k: 'line\r\nbreak' } })).rejects.toMatchObject({ option: 'metaData' });
    expect(mock.requests).toHaveLength(1);
  });

  it('deletes the object and fails with ObjectHashMismatchError when the ETag contradicts the bytes sent', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('PUT', '/b/bad', { status: 200, headers: { etag: '"ffffffffffffffffffffffffffffffff"' } });
    mock.on('DELETE', '/b/bad', { status: 204 });
    await expect(driver.uploadObjectViaStream('payload', 'b', 'bad')).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(mock.requests.map((r) => r.method)).toEqual(['PUT', 'DELETE']);
  });

  it('does not compare the ETag of an SSE-KMS object, which is not an MD5', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('PUT', '/b/kms', { status: 200, headers: { etag: '"ffffffffffffffffffffffffffffffff"', 'x-amz-server-side-encryption': 'aws:kms' } });
    const obj = await driver.uploadObjectViaStream('payload', 'b', 'kms');
    expect(obj.extra).toMatchObject({ serverSideEncryption: 'aws:kms' });
    // ... and a download of it is not digest-checked either.
    mock.on('GET', '/b/kms', { status: 200, body: 'payload' });
    const dir = mkdtempSync(join(tmpdir(), 'nubes-s3-'));
    await driver.downloadObject(obj, join(dir, 'out'));
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('payload');
  });

  it('maps BadDigest to ObjectHashMismatchError', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('PUT', '/b/x', { status: 400, fixture: 'error-bad-digest.xml' });
    await expect(driver.uploadObjectViaStream('x', 'b', 'x')).rejects.toBeInstanceOf(ObjectHashMismatchError);
  });

  it('maps NoSuchBucket on upload to ContainerDoesNotExistError', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('PUT', '/missing-bucket/x', { status: 404, fixture: 'error-no-such-bucket.xml' });
    await expect(driver.uploadObjectViaStream('x', 'missing-bucket', 'x')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('refuses a source shorter than contentLength before storing anything', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    await expect(driver.uploadObjectViaStream(Readable.from([Buffer.from('abc')]), 'b', 'x', { contentLength: 10 })).rejects.toMatchObject({
      option: 'contentLength',
    });
    expect(mock.requests).toHaveLength(0);
  });

  it('downloads with a Range header and counts progress', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('GET', '/b/r', { status: 206, body: 'cde' });
    const seen: number[] = [];
    const body = await readAll(await driver.downloadObjectRangeAsStream(objectIn(driver, 'b', 'r', '', 10), 2, 5, { onProgress: (p) => seen.push(p.loaded) }));
    expect(body.toString()).toBe('cde');
    expect(mock.lastRequest!.headers.range).toBe('bytes=2-4');
    expect(seen.at(-1)).toBe(3);
  });

  it('releases the response body when the caller destroys a download counting progress', async () => {
    const { driver } = setup({ addressing: 'path' });
    const body = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
      },
    });
    vi.spyOn(driver.connection, 'request').mockResolvedValue({ status: 200, headers: {}, body } as never);
    const stream = await driver.downloadObjectAsStream(objectIn(driver, 'b', 'endless', '', 1 << 30), { onProgress: () => undefined });
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.destroyed).toBe(true);
  });

  it('deletes an object with DELETE and accepts the 204 S3 sends for a missing key', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('DELETE', '/b/k', { status: 204 });
    await driver.deleteObject(objectIn(driver, 'b', 'k'));
    expect(mock.lastRequest!.method).toBe('DELETE');
  });
});

describe('S3StorageDriver: multipart uploads', () => {
  const partSize = 5 * MiB;
  const data = Buffer.alloc(partSize * 2 + 1234);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
  const parts = [data.subarray(0, partSize), data.subarray(partSize, 2 * partSize), data.subarray(2 * partSize)];
  /** Yields the first part and a bit more, then aborts `ac` and stalls for ever. */
  const abortedAfterFirstPart = (ac: AbortController): Readable =>
    Readable.from(
      (async function* () {
        yield data.subarray(0, partSize);
        yield data.subarray(partSize, partSize + 10);
        ac.abort();
        await new Promise(() => undefined);
      })(),
    );
  const partMd5s = parts.map((p) => createHash('md5').update(p).digest());
  const finalEtag = `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-3`;
  const UPLOAD_ID = 'VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA';

  function multipartMock(completeReply: (req: RecordedRequest) => { status?: number; body?: string; xml?: string }): {
    mock: MockTransport;
    driver: S3StorageDriver;
  } {
    const s = setup({ addressing: 'path', partSize });
    s.mock.on('POST', '/uploads/big/file.bin', { fixture: 'initiate-multipart.xml' }, { query: { uploads: '' } });
    s.mock.on('PUT', '/uploads/big/file.bin', (req) => ({ status: 200, headers: { etag: `"${md5(req.body)}"` } }), { query: { uploadId: UPLOAD_ID } });
    s.mock.on('POST', '/uploads/big/file.bin', completeReply, { query: { uploadId: UPLOAD_ID } });
    s.mock.on('DELETE', '/uploads/big/file.bin', { status: 204 }, { query: { uploadId: UPLOAD_ID } });
    return s;
  }

  const completeOk = (): { body: string } => ({ body: fixture('complete-multipart.xml').replace('__ETAG__', finalEtag) });

  it('creates, uploads the parts with Content-MD5 and completes them in order', async () => {
    const { mock, driver } = multipartMock(completeOk);
    const progress: number[] = [];
    const obj = await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin', { onProgress: (p) => progress.push(p.loaded), concurrency: 2 });
    expect(obj).toMatchObject({ size: data.length, hash: finalEtag });
    const puts = mock.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => Number(r.query.partNumber)).sort()).toEqual([1, 2, 3]);
    for (const put of puts) {
      const n = Number(put.query.partNumber);
      expect(put.headers['content-md5']).toBe(partMd5s[n - 1]!.toString('base64'));
      expect(put.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    }
    const complete = mock.requests.at(-1)!;
    expect(complete.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        partMd5s.map((m, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>&#34;${m.toString('hex')}&#34;</ETag></Part>`).join('') +
        '</CompleteMultipartUpload>',
    );
    expect(progress.at(-1)).toBe(data.length);
    expect(mock.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('uses the multipart path for a known length above the part size without buffering two parts first', async () => {
    const { mock, driver } = multipartMock(completeOk);
    await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin', { contentLength: data.length });
    expect(mock.requests[0]!.query).toEqual({ uploads: '' });
  });

  it('detects an <Error> inside a 200 CompleteMultipartUpload answer and aborts the upload', async () => {
    const { mock, driver } = multipartMock(() => ({ status: 200, body: fixture('complete-multipart-invalid-part.xml') }));
    const err = await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin').catch((e: unknown) => e);
    expect(err).toMatchObject({ providerCode: 'InvalidPart' });
    expect(mock.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { uploadId: UPLOAD_ID } });
  });

  it('retries CompleteMultipartUpload when a 200 hides an InternalError', async () => {
    let calls = 0;
    const { driver } = multipartMock(() => {
      calls++;
      return calls === 1 ? { status: 200, body: fixture('complete-multipart-internal-error.xml') } : completeOk();
    });
    const obj = await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin');
    expect(obj.hash).toBe(finalEtag);
    expect(calls).toBe(2);
  });

  it('retries CompleteMultipartUpload after a 503, as it is safe to repeat', async () => {
    let calls = 0;
    const { driver } = multipartMock(() => {
      calls++;
      return calls === 1 ? { status: 503, body: fixture('error-slow-down.xml') } : completeOk();
    });
    expect((await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin')).hash).toBe(finalEtag);
    expect(calls).toBe(2);
  });

  it('takes NoSuchUpload on a retried Complete as success when the object has the expected ETag', async () => {
    let calls = 0;
    const { mock, driver } = multipartMock(() => {
      calls++;
      // The first Complete succeeded on the server but its answer was lost (a 500 here).
      return calls === 1 ? { status: 500, body: '' } : { status: 404, body: fixture('error-no-such-upload.xml') };
    });
    mock.on('HEAD', '/uploads/big/file.bin', { status: 200, headers: { etag: `"${finalEtag}"`, 'content-length': String(data.length) } });
    expect((await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin')).hash).toBe(finalEtag);
    expect(mock.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('fails with NoSuchUpload when the object is not the one this upload completed', async () => {
    const { mock, driver } = multipartMock(() => ({ status: 404, body: fixture('error-no-such-upload.xml') }));
    mock.on('HEAD', '/uploads/big/file.bin', { status: 200, headers: { etag: '"0123456789abcdef0123456789abcdef"' } });
    await expect(driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin')).rejects.toMatchObject({ providerCode: 'NoSuchUpload' });
  });

  it('gives up after repeated InternalErrors inside 200 answers with ServiceUnavailableError', async () => {
    const { mock, driver } = multipartMock(() => ({ status: 200, body: fixture('complete-multipart-internal-error.xml') }));
    const err = await driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({ providerCode: 'InternalError' });
    expect(mock.requests.at(-1)!.method).toBe('DELETE');
  });

  it('fails with ObjectHashMismatchError when the final ETag is not the MD5 of the part MD5s', async () => {
    const { mock, driver } = multipartMock(() => ({ body: fixture('complete-multipart.xml').replace('__ETAG__', `${'0'.repeat(32)}-3`) }));
    await expect(driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin')).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(mock.requests.at(-1)!.method).toBe('DELETE');
  });

  it('aborts the multipart upload when a part fails', async () => {
    const { mock, driver } = setup({ addressing: 'path', partSize, retry: false });
    mock.on('POST', '/uploads/big/file.bin', { fixture: 'initiate-multipart.xml' }, { query: { uploads: '' } });
    mock.on('PUT', '/uploads/big/file.bin', (req) =>
      req.query.partNumber === '2' ? { status: 403, fixture: 'error-access-denied.xml' } : { status: 200, headers: { etag: `"${md5(req.body)}"` } },
    );
    mock.on('DELETE', '/uploads/big/file.bin', { status: 204 }, { query: { uploadId: UPLOAD_ID } });
    await expect(driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin')).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(mock.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { uploadId: UPLOAD_ID } });
    expect(mock.requests.some((r) => r.method === 'POST' && r.query.uploadId !== undefined)).toBe(false);
  });

  it('aborts the multipart upload when the caller aborts', async () => {
    const { mock, driver } = multipartMock(completeOk);
    const ac = new AbortController();
    const source = abortedAfterFirstPart(ac);
    // A known length above the part size starts the multipart upload with the first part.
    await expect(
      driver.uploadObjectViaStream(source, 'uploads', 'big/file.bin', { signal: ac.signal, contentLength: data.length }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(mock.requests[0]!.query).toEqual({ uploads: '' });
    expect(mock.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { uploadId: UPLOAD_ID } });
    expect(mock.requests.some((r) => r.method === 'POST' && r.query.uploadId !== undefined)).toBe(false);
  });

  it('sends nothing when the caller aborts while the first part is still being read', async () => {
    const { mock, driver } = multipartMock(completeOk);
    const ac = new AbortController();
    const source = abortedAfterFirstPart(ac);
    await expect(driver.uploadObjectViaStream(source, 'uploads', 'big/file.bin', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(mock.requests).toEqual([]);
  });

  it('streams a known length up to multipartThreshold in one PUT, unsigned, and checks its ETag', async () => {
    const { mock, driver } = setup({ addressing: 'path', partSize, multipartThreshold: 64 * MiB });
    mock.on('PUT', '/uploads/big/file.bin', (req) => ({ status: 200, headers: { etag: `"${md5(req.body)}"` } }));
    const progress: number[] = [];
    const obj = await driver.uploadObjectViaStream(Readable.from([data.subarray(0, MiB), data.subarray(MiB)]), 'uploads', 'big/file.bin', {
      contentLength: data.length,
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(mock.requests).toHaveLength(1);
    const req = mock.lastRequest!;
    expect(req.headers).toMatchObject({ 'content-length': String(data.length), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect(req.headers['content-md5']).toBeUndefined();
    expect(md5(req.body)).toBe(md5(data));
    expect(obj).toMatchObject({ size: data.length, hash: md5(data) });
    expect(progress.at(-1)).toBe(data.length);
  });

  it('deletes a streamed PUT whose ETag contradicts the bytes sent, or whose length was wrong', async () => {
    const { mock, driver } = setup({ addressing: 'path', partSize, multipartThreshold: 64 * MiB });
    mock.on('PUT', '/uploads/big/file.bin', { status: 200, headers: { etag: '"ffffffffffffffffffffffffffffffff"' } });
    mock.on('DELETE', '/uploads/big/file.bin', { status: 204 });
    await expect(driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin', { contentLength: data.length })).rejects.toBeInstanceOf(
      ObjectHashMismatchError,
    );
    expect(mock.requests.map((r) => r.method)).toEqual(['PUT', 'DELETE']);
    await expect(driver.uploadObjectViaStream(Readable.from([data]), 'uploads', 'big/file.bin', { contentLength: data.length + 1 })).rejects.toMatchObject({
      option: 'contentLength',
    });
    expect(mock.requests.at(-1)!.method).toBe('DELETE');
  });

  it('refuses a part size under the 5 MiB S3 minimum naming partSize', async () => {
    const { driver } = setup();
    await expect(driver.uploadObjectViaStream('x', 'b', 'k', { partSize: MiB })).rejects.toMatchObject({ option: 'partSize' });
  });

  it('does not digest-check downloads of multipart objects, whose ETag is not an MD5', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('GET', '/b/mp', { status: 200, body: 'whole body' });
    const dir = mkdtempSync(join(tmpdir(), 'nubes-s3-'));
    await driver.downloadObject(objectIn(driver, 'b', 'mp', finalEtag, 10), join(dir, 'out'));
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('checks a single-PUT object on download and leaves no file on mismatch', async () => {
    const { mock, driver } = setup({ addressing: 'path' });
    mock.on('GET', '/b/sp', { status: 200, body: 'tampered' });
    const dir = mkdtempSync(join(tmpdir(), 'nubes-s3-'));
    await expect(driver.downloadObject(objectIn(driver, 'b', 'sp', md5('original'), 8), join(dir, 'out'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('S3-compatible stores', () => {
  const cases: Array<[Provider, S3DriverOptions & Record<string, unknown>, string, string]> = [
    [Provider.S3, { region: 'eu-central-1' }, 'my-bucket.s3.eu-central-1.amazonaws.com', '/k'],
    [Provider.S3, { region: 'cn-north-1' }, 'my-bucket.s3.cn-north-1.amazonaws.com.cn', '/k'],
    [Provider.MINIO, { url: 'http://127.0.0.1:9000' }, '127.0.0.1:9000', '/my-bucket/k'],
    [Provider.CEPH_RGW, { host: 'rgw.internal', secure: false }, 'rgw.internal', '/my-bucket/k'],
    [Provider.DIGITALOCEAN_SPACES, { region: 'ams3' }, 'my-bucket.ams3.digitaloceanspaces.com', '/k'],
    [Provider.BACKBLAZE_B2, { region: 'eu-central-003' }, 'my-bucket.s3.eu-central-003.backblazeb2.com', '/k'],
    [Provider.CLOUDFLARE_R2, { accountId: '023e105f4ecef8ad9ca31a8372d0c353' }, '023e105f4ecef8ad9ca31a8372d0c353.r2.cloudflarestorage.com', '/my-bucket/k'],
    [Provider.WASABI, { region: 'eu-central-1' }, 'my-bucket.s3.eu-central-1.wasabisys.com', '/k'],
    [Provider.SCALEWAY, { region: 'nl-ams' }, 'my-bucket.s3.nl-ams.scw.cloud', '/k'],
    [Provider.GOOGLE_STORAGE, {}, 'my-bucket.storage.googleapis.com', '/k'],
  ];

  it.each(cases)('%s with %j sends requests to %s%s', async (provider, options, host, path) => {
    // A union of providers: use the string overload (one constructor type for all).
    const Cls = getDriver(provider as string);
    const mock = new MockTransport();
    mock.on('HEAD', path, { status: 200, headers: { 'content-length': '0', etag: '"d41d8cd98f00b204e9800998ecf8427e"' } });
    const driver = new Cls(KEY_ID, SECRET, { ...options, transport: mock, env: {} }) as S3StorageDriver;
    expect(driver).toBeInstanceOf(S3StorageDriver);
    expect(driver.type).toBe(provider);
    await driver.getObject('my-bucket', 'k');
    expect(mock.lastRequest!.url.host).toBe(host);
  });

  it.each([
    [Provider.CLOUDFLARE_R2, 'auto'],
    [Provider.GOOGLE_STORAGE, 'auto'],
    [Provider.DIGITALOCEAN_SPACES, 'nyc3'],
    [Provider.SCALEWAY, 'fr-par'],
  ])('%s signs for region %s by default', async (provider, region) => {
    const Cls = getDriver(provider) as unknown as new (key: string, secret: string, options: object) => S3StorageDriver;
    const mock = new MockTransport();
    mock.on('HEAD', /.*/, { status: 200 });
    const driver = new Cls(KEY_ID, SECRET, { transport: mock, env: {}, ...(provider === Provider.CLOUDFLARE_R2 ? { accountId: '023e105f4ecef8ad9ca31a8372d0c353' } : {}) });
    await driver.getContainer('bucket');
    expect(mock.lastRequest!.headers.authorization).toContain(`/${region}/s3/aws4_request`);
  });

  it('requires an endpoint for self-hosted stores and an account id for R2', () => {
    expect(() => new (getDriver(Provider.MINIO))(KEY_ID, SECRET)).toThrow(/host/);
    expect(() => new (getDriver(Provider.CEPH_RGW))(KEY_ID, SECRET)).toThrow(/host/);
    expect(() => new (getDriver(Provider.CLOUDFLARE_R2))(KEY_ID, SECRET)).toThrow(/host/);
    expect(() => new (getDriver(Provider.CLOUDFLARE_R2))(KEY_ID, SECRET, { accountId: 'nope' })).toThrow(/accountId/);
    expect(() => new (getDriver(Provider.DIGITALOCEAN_SPACES))(KEY_ID, SECRET, { region: 'us-east-1' })).toThrow(/region/);
    expect(() => new (getDriver(Provider.CLOUDFLARE_R2))(KEY_ID, SECRET, { accountId: '023e105f4ecef8ad9ca31a8372d0c353', region: 'eu-west-1' })).toThrow(
      /auto/,
    );
  });

  it('sends no LocationConstraint where the region lives in the endpoint', async () => {
    const Cls = getDriver(Provider.SCALEWAY);
    const mock = new MockTransport();
    mock.on('PUT', '/', { status: 200 });
    await new Cls(KEY_ID, SECRET, { region: 'pl-waw', transport: mock, env: {} }).createContainer('new-bucket');
    expect(mock.lastRequest!.url.host).toBe('new-bucket.s3.pl-waw.scw.cloud');
    expect(mock.lastRequest!.body.length).toBe(0);
  });
});
