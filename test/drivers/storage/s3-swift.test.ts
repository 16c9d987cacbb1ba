/**
 * The S3 driver against a real S3 API: OpenStack Swift with the s3api middleware
 * (path-style, region us-east-1; s3api requires x-amz-content-sha256, refuses
 * aws-chunked and caps listings at 1000 keys). Runs the shared behavioural suite, then
 * what only a real server shows: multipart leftovers, presigned URLs, bucket errors.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerAlreadyExistsError, InvalidCredentialsError } from '../../../src/index.js';
import { S3StorageDriver, type S3DriverOptions } from '../../../src/drivers/storage/index.js';
import { missingPeer } from '../../peers/process.js';
import { startSwift, SWIFT_BINARIES, type SwiftPeer } from '../../peers/swift.js';
import { storageBehaviourSuite } from './behaviour.js';

const skip = missingPeer('swift', SWIFT_BINARIES);
const PAGE = 3;
const MiB = 1024 * 1024;
const bucketName = (): string => `nubes-${randomBytes(5).toString('hex')}`;

function s3On(swift: SwiftPeer, options: S3DriverOptions = {}): S3StorageDriver {
  return new S3StorageDriver(swift.s3.accessKeyId, swift.s3.secret, { url: swift.s3.endpoint, region: swift.s3.region, env: {}, ...options });
}

storageBehaviourSuite(
  'S3 on Swift s3api',
  async () => {
    const swift = await startSwift();
    const driver = s3On(swift, { listPageSize: PAGE });
    return {
      driver,
      newContainerName: bucketName,
      cleanup: async () => {
        await driver.close();
        await swift.stop();
      },
      pageSize: PAGE,
      multipart: { partSize: 5 * MiB },
      // S3's DELETE is idempotent: a missing key answers 204.
      quirks: { deleteMissingObject: 'succeeds' },
    };
  },
  { skip },
);

/** A plain node:http request (no nubes): what a presigned URL's holder would send. */
function plain(method: string, url: string, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: body ? { 'content-length': String(body.length) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(skip !== undefined)('S3 on Swift s3api: beyond the shared suite', () => {
  let swift: SwiftPeer;
  let driver: S3StorageDriver;
  let bucket: string;

  beforeAll(async () => {
    swift = await startSwift();
    driver = s3On(swift);
    bucket = bucketName();
    await driver.createContainer(bucket);
  });

  afterAll(async () => {
    await driver?.close();
    await swift?.stop();
  });

  async function pendingUploads(): Promise<string[]> {
    const res = await driver.connection.request<Record<string, unknown>>(driver.connection.action(bucket), { params: { uploads: '' } });
    return [...res.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
  }

  it('leaves no multipart upload behind when one is aborted after its first part', async () => {
    const ac = new AbortController();
    const part = Buffer.alloc(5 * MiB, 7);
    const source = (async function* () {
      for (let i = 0; i < 4; i++) yield part;
    })();
    const upload = driver.uploadObjectViaStream(source, bucket, 'mp/aborted.bin', {
      contentLength: 20 * MiB,
      concurrency: 1,
      signal: ac.signal,
      onProgress: () => ac.abort(), // the first part is stored: the upload exists on the server
    });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(await pendingUploads()).toEqual([]);
    // The listing itself works: an upload left open shows up in it.
    const open = await driver.connection.request(driver.connection.action(bucket, 'mp/open.bin'), { method: 'POST', params: { uploads: '' } });
    expect(open.status).toBe(200);
    expect(await pendingUploads()).toEqual(['mp/open.bin']);
  });

  it('serves a presigned GET and accepts a presigned PUT sent without credentials', async () => {
    await driver.uploadObjectViaStream('presigned body', bucket, 'share/get.txt');
    const get = await plain('GET', driver.exGetPresignedUrl('share/get.txt', { container: bucket, expiresIn: 300 }));
    expect(get).toMatchObject({ status: 200 });
    expect(get.body.toString()).toBe('presigned body');

    const put = await plain('PUT', driver.exGetPresignedUrl('share/put.bin', { container: bucket, method: 'PUT', expiresIn: 300 }), Buffer.from('uploaded by a stranger'));
    expect(put.status).toBe(200);
    const obj = await driver.getObject(bucket, 'share/put.bin');
    expect(obj.size).toBe('uploaded by a stranger'.length);

    // Every hex digit changed, so the forged signature always differs from the real one.
    const forged = driver
      .exGetPresignedUrl('share/get.txt', { container: bucket })
      .replace(/X-Amz-Signature=([0-9a-f]+)/, (_m, sig: string) => `X-Amz-Signature=${sig.replace(/./g, (c) => (c === '0' ? '1' : '0'))}`);
    expect((await plain('GET', forged)).status).toBe(403);
  });

  it('uploads a file above the part size in one streamed PUT under multipartThreshold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-s3-swift-'));
    const data = Buffer.alloc(12 * MiB);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
    writeFileSync(join(dir, 'big.bin'), data);
    const streaming = s3On(swift, { partSize: 5 * MiB, multipartThreshold: 64 * MiB });
    const obj = await streaming.uploadObject(join(dir, 'big.bin'), bucket, 'stream/big.bin');
    const md5 = createHash('md5').update(data).digest('hex');
    expect(obj.hash).toBe(md5); // a single PUT's ETag, not a multipart "-N" one
    await streaming.downloadObject(await streaming.getObject(bucket, 'stream/big.bin'), join(dir, 'back.bin'));
    expect(createHash('md5').update(readFileSync(join(dir, 'back.bin'))).digest('hex')).toBe(md5);
    await streaming.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to create a bucket that exists with ContainerAlreadyExistsError', async () => {
    await expect(driver.createContainer(bucket)).rejects.toBeInstanceOf(ContainerAlreadyExistsError);
  });

  it('reports a wrong secret as InvalidCredentialsError without showing it', async () => {
    const wrong = new S3StorageDriver(swift.s3.accessKeyId, 'not-the-secret-at-all', { url: swift.s3.endpoint, env: {}, retry: false });
    const err = (await wrong.listContainers().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).not.toContain('not-the-secret-at-all');
    await wrong.close();
  });

  it('lists more than one s3api page (1000 keys) with the default page size', async () => {
    const many = bucketName();
    await driver.createContainer(many);
    const names = Array.from({ length: 1005 }, (_, i) => `k/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < names.length; i += 16) {
      await Promise.all(names.slice(i, i + 16).map((n) => driver.uploadObjectViaStream('', many, n)));
    }
    const listed = await driver.listContainerObjects(many);
    expect(listed.map((o) => o.name)).toEqual(names);
  }, 120_000);
});
