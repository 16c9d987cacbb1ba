/**
 * Cloud Storage JSON API driver: resumable uploads through faults (a 308 with a short
 * Range, a connection broken mid-chunk, a 503), cancellation, download integrity (MD5,
 * CRC32C), exact int64 fields, name encoding, redaction of the session URI, V4 signed
 * URLs, and option checks.
 */
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ContainerDoesNotExistError,
  InvalidArgumentError,
  InvalidCredentialsError,
  ObjectHashMismatchError,
  ServiceUnavailableError,
} from '../../../../src/common/errors/index.js';
import { getDriver, Provider } from '../../../../src/drivers/storage/index.js';
import { GoogleCloudStorageDriver, type GcsObjectExtra } from '../../../../src/drivers/storage/gcs/index.js';
import { persistedFrom } from '../../../../src/drivers/storage/gcs/upload.js';
import { bytes, md5, readAll } from '../helpers.js';
import { startFakeGcs, type FakeGcs } from './fake-gcs.js';
import { staticCredential } from './helpers.js';

const Q = 256 * 1024;

describe('Google Cloud Storage (JSON API) driver', () => {
  let fake: FakeGcs;
  let driver: GoogleCloudStorageDriver;
  const bucket = 'nubes-faults';

  function newDriver(extra: Record<string, unknown> = {}): GoogleCloudStorageDriver {
    return new GoogleCloudStorageDriver('', undefined, {
      project: 'nubes-test',
      credentials: staticCredential(fake.token),
      url: fake.url,
      env: {},
      chunkSize: Q,
      chunkRetryDelay: 1,
      ...extra,
    });
  }

  beforeAll(async () => {
    fake = await startFakeGcs();
    driver = newDriver();
    await driver.createContainer(bucket, { location: 'EU', storageClass: 'NEARLINE' });
  });

  afterAll(async () => {
    await driver.close();
    await fake.close();
  });

  beforeEach(() => {
    fake.faults.shortRange = undefined;
    fake.faults.breakAfter = undefined;
    fake.faults.fail503 = undefined;
    fake.faults.fail401 = undefined;
    fake.faults.corruptUploads = false;
    fake.faults.corruptDownloads = false;
    fake.faults.noMd5 = false;
  });

  it('is registered as google-storage-json, next to the S3-interop google-storage', () => {
    expect(Provider.GOOGLE_STORAGE_JSON).toBe('google-storage-json');
    expect(getDriver(Provider.GOOGLE_STORAGE_JSON)).toBe(GoogleCloudStorageDriver);
    expect(Provider.GOOGLE_STORAGE).toBe('google-storage');
  });

  it('creates buckets with a location and storage class', async () => {
    const b = await driver.getContainer(bucket);
    expect(b.extra).toMatchObject({ location: 'EU', storageClass: 'NEARLINE', projectNumber: '123456789012' });
  });

  it('resumes through a 308 with a short Range, a connection broken mid-chunk and a 503', async () => {
    // 4-quantum chunks, so that the server can keep part of one.
    const d = newDriver({ chunkSize: 4 * Q });
    const data = bytes(20 * Q + 1234, 31);
    const first = fake.chunkCount();
    fake.faults.shortRange = new Map([[first + 2, Q]]); // chunk 4Q..8Q: keeps Q of it, 308 says 0..5Q-1
    fake.faults.breakAfter = new Map([[first + 4, Q + Q / 2]]); // chunk 9Q..13Q: keeps Q, then the socket breaks
    fake.faults.fail503 = new Set([first + 6]);
    const seen: number[] = [];
    const obj = await d.uploadObjectViaStream(Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), bucket, 'resumable/faults.bin', {
      onProgress: (p) => seen.push(p.loaded),
    });
    await d.close();
    expect(obj.size).toBe(data.length);
    expect((obj.extra as GcsObjectExtra).md5Hash).toBe(md5(data, 'base64'));
    expect(md5(await readAll(await driver.downloadObjectAsStream(obj)))).toBe(md5(data));
    const mine = fake.requests.filter((r) => r.method === 'PUT' && r.url.includes('name=resumable%2Ffaults.bin'));
    // Status queries after the broken connection and the 503, each `bytes */*`.
    expect(mine.filter((r) => r.contentRange === 'bytes */*').length).toBe(2);
    // Every data chunk is a multiple of 256 KiB except the last, which carries the total and the digests.
    const dataChunks = mine.filter((r) => r.contentRange !== undefined && !r.contentRange.startsWith('bytes */'));
    for (const r of dataChunks.slice(0, -1)) {
      const [, a, b] = /^bytes (\d+)-(\d+)\/\*$/.exec(r.contentRange!)!;
      expect((Number(b) - Number(a) + 1) % Q).toBe(0);
    }
    expect(dataChunks.at(-1)!.contentRange).toMatch(new RegExp(`/${data.length}$`));
    expect(dataChunks.at(-1)!.googHash).toBe(`md5=${md5(data, 'base64')},crc32c=${createCrc(data)}`);
    // After the short Range, the next chunk starts where the server said.
    const afterShort = dataChunks.findIndex((r) => r.contentRange!.startsWith(`bytes ${5 * Q}-`));
    // After the broken connection, the query said 0..10Q-1: the next chunk starts there.
    expect(dataChunks.some((r) => r.contentRange!.startsWith(`bytes ${10 * Q}-`))).toBe(true);
    expect(afterShort).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(data.length);
    expect(fake.openSessions()).toBe(0);
  });

  it('gets a new token and resumes when a chunk is refused with 401 (an expired token)', async () => {
    const credential = staticCredential(fake.token);
    const d = newDriver({ credentials: credential });
    fake.faults.fail401 = new Set([fake.chunkCount() + 2]);
    const data = bytes(3 * Q + 7, 13);
    const obj = await d.uploadObjectViaStream(data, bucket, 'resumable/reauth.bin');
    expect(obj.extra.md5Hash).toBe(md5(data, 'base64'));
    expect(credential.calls).toBe(2);
    await d.close();
  });

  it('fails after the chunk retries run out, and cancels the session', async () => {
    const d = newDriver({ chunkRetries: 1 });
    const first = fake.chunkCount();
    fake.faults.fail503 = new Set([first + 1, first + 2, first + 3]);
    const cancelled = fake.cancelledSessions();
    await expect(d.uploadObjectViaStream(bytes(3 * Q, 4), bucket, 'resumable/fails.bin')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(fake.cancelledSessions()).toBe(cancelled + 1);
    expect(fake.openSessions()).toBe(0);
    await d.close();
  });

  it('cancels the session (DELETE) when the signal fires, and creates nothing', async () => {
    const ac = new AbortController();
    const cancelled = fake.cancelledSessions();
    let sent = 0;
    const source = new Readable({
      read() {
        sent += Q;
        if (sent > 3 * Q) {
          ac.abort();
          return;
        }
        setImmediate(() => this.push(bytes(Q, sent)));
      },
    });
    await expect(driver.uploadObjectViaStream(source, bucket, 'resumable/aborted.bin', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(fake.cancelledSessions()).toBe(cancelled + 1);
    expect(await driver.listContainerObjects(bucket, { prefix: 'resumable/aborted' })).toEqual([]);
  });

  it('refuses a source whose length differs from contentLength, creating nothing', async () => {
    await expect(driver.uploadObjectViaStream(Readable.from([bytes(3 * Q, 2)]), bucket, 'len/big.bin', { contentLength: 3 * Q + 1 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(driver.uploadObjectViaStream(Readable.from([bytes(100, 2)]), bucket, 'len/small.bin', { contentLength: 99 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(await driver.listContainerObjects(bucket, { prefix: 'len/' })).toEqual([]);
  });

  it('sends small objects in one multipart/related request with the digests for the server to check', async () => {
    const before = fake.requests.length;
    const obj = await driver.uploadObjectViaStream('small', bucket, 'small.txt', { cacheControl: 'no-cache', metaData: { Team: 'a' } });
    const mine = fake.requests.slice(before);
    expect(mine.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([`POST /upload/storage/v1/b/${bucket}/o`]);
    expect(mine[0]!.url).toContain('uploadType=multipart');
    expect(obj.extra.cacheControl).toBe('no-cache');
    expect(obj.metaData).toEqual({ team: 'a' });
    expect(obj.contentType).toBe('text/plain');
  });

  it('sends the digests so the server refuses corrupted bytes: one request and resumable alike, nothing stored', async () => {
    fake.faults.corruptUploads = true;
    await expect(driver.uploadObjectViaStream('tiny', bucket, 'corrupt/small.txt')).rejects.toBeInstanceOf(ObjectHashMismatchError);
    const cancelled = fake.cancelledSessions();
    await expect(driver.uploadObjectViaStream(bytes(2 * Q + 1, 3), bucket, 'corrupt/big.bin')).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(fake.cancelledSessions()).toBe(cancelled + 1);
    fake.faults.corruptUploads = false;
    expect(await driver.listContainerObjects(bucket, { prefix: 'corrupt/' })).toEqual([]);
  });

  it('keeps size exact and generation as the exact int64 string', async () => {
    const obj = await driver.uploadObjectViaStream('gen', bucket, 'gen.txt');
    const extra = obj.extra as GcsObjectExtra;
    expect(typeof extra.generation).toBe('string');
    expect(BigInt(extra.generation!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(extra.sizeString).toBe('3');
    expect(obj.size).toBe(3);
  });

  it('encodes /, #, ?, spaces and non-ASCII in object paths as one segment', async () => {
    const name = 'dir/a b#c?d%e+é雲.txt';
    await driver.uploadObjectViaStream('odd', bucket, name);
    const before = fake.requests.length;
    const got = await driver.getObject(bucket, name);
    expect(got.name).toBe(name);
    expect(fake.requests[before]!.url).toBe(`/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`);
    expect(fake.requests[before]!.url).toContain('dir%2Fa%20b%23c%3Fd%25e%2B');
  });

  it('fails a corrupted download stream with ObjectHashMismatchError before its end, and leaves no file', async () => {
    const data = bytes(3 * Q, 8);
    const obj = await driver.uploadObjectViaStream(data, bucket, 'integrity/md5.bin');
    fake.faults.corruptDownloads = true;
    await expect(readAll(await driver.downloadObjectAsStream(obj))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    const dir = mkdtempSync(join(tmpdir(), 'nubes-gcs-'));
    await expect(driver.downloadObject(obj, join(dir, 'out.bin'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(readdirSync(dir)).toEqual([]);
    fake.faults.corruptDownloads = false;
    await driver.downloadObject(obj, join(dir, 'out.bin'));
    expect(md5(readFileSync(join(dir, 'out.bin')))).toBe(md5(data));
  });

  it('checks CRC32C when the object has no MD5 (a composite object)', async () => {
    const data = bytes(Q + 5, 9);
    await driver.uploadObjectViaStream(data, bucket, 'integrity/composite.bin');
    fake.faults.noMd5 = true;
    const obj = await driver.getObject(bucket, 'integrity/composite.bin');
    expect(obj.extra.md5Hash).toBeUndefined();
    expect(obj.hash).toBe(Buffer.from(obj.extra.crc32c!, 'base64').toString('hex'));
    expect(md5(await readAll(await driver.downloadObjectAsStream(obj)))).toBe(md5(data));
    fake.faults.corruptDownloads = true;
    await expect(readAll(await driver.downloadObjectAsStream(obj))).rejects.toThrow(/CRC-?32C/);
    const dir = mkdtempSync(join(tmpdir(), 'nubes-gcs-'));
    await expect(driver.downloadObject(obj, join(dir, 'out.bin'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(existsSync(join(dir, 'out.bin'))).toBe(false);
  });

  it('checks the CRC32C of x-goog-hash as well as the MD5, and not on ranges', async () => {
    const data = bytes(Q + 3, 11);
    const obj = await driver.uploadObjectViaStream(data, bucket, 'integrity/both.bin');
    fake.faults.wrongCrc32cHeader = true;
    try {
      await expect(readAll(await driver.downloadObjectAsStream(obj))).rejects.toThrow(/CRC-?32C/);
      const dir = mkdtempSync(join(tmpdir(), 'nubes-gcs-'));
      await expect(driver.downloadObject(obj, join(dir, 'out.bin'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(readdirSync(dir)).toEqual([]);
      // verifyHash: false turns the digests off; ranges carry no whole-object digest.
      expect(md5(await readAll(await driver.downloadObjectAsStream(obj, { verifyHash: false })))).toBe(md5(data));
      expect(Buffer.compare(await readAll(await driver.downloadObjectRangeAsStream(obj, 5, 105)), data.subarray(5, 105))).toBe(0);
    } finally {
      fake.faults.wrongCrc32cHeader = false;
    }
  });

  it('never shows the session upload_id in an error or the debug log', async () => {
    const lines: string[] = [];
    const logFile = join(mkdtempSync(join(tmpdir(), 'nubes-gcs-debug-')), 'debug.log');
    const d = newDriver({ chunkRetries: 0, debug: logFile });
    const first = fake.chunkCount();
    fake.faults.fail503 = new Set([first + 1]);
    const err = await d.uploadObjectViaStream(bytes(2 * Q, 1), bucket, 'secret/session.bin').catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    const session = fake.requests.find((r) => r.url.includes('name=secret%2Fsession.bin') && r.url.includes('upload_id='))!;
    const id = new URL(session.url, fake.url).searchParams.get('upload_id')!;
    expect(id.length).toBeGreaterThan(10);
    lines.push(String((err as Error).message), readFileSync(logFile, 'utf8'));
    for (const text of lines) expect(text).not.toContain(id);
    expect(lines[1]).toContain('upload_id=[REDACTED]');
    await d.close();
  });

  it('maps a refused token to InvalidCredentialsError', async () => {
    const d = new GoogleCloudStorageDriver('', undefined, { project: 'nubes-test', credentials: staticCredential('ya29.wrong-token'), url: fake.url, env: {} });
    await expect(d.listContainers()).rejects.toBeInstanceOf(InvalidCredentialsError);
    await d.close();
  });

  it('makes V4 signed URLs that verify with the service account public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const d = new GoogleCloudStorageDriver('', undefined, {
      project: 'nubes-test',
      credentials: staticCredential('x'),
      signer: { clientEmail: 'signer@nubes-test.iam.gserviceaccount.com', privateKey: pem },
    });
    const url = new URL(
      await d.presignedUrl({ container: 'my-bucket', name: 'a dir/ü.txt' }, { expiresIn: 600, now: new Date('2026-12-06T12:00:00Z') }),
    );
    expect(url.host).toBe('storage.googleapis.com');
    expect(url.pathname).toBe('/my-bucket/a%20dir/%C3%BC.txt');
    expect(url.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(url.searchParams.get('X-Goog-Credential')).toBe('signer@nubes-test.iam.gserviceaccount.com/20261206/auto/storage/goog4_request');
    expect(url.searchParams.get('X-Goog-Date')).toBe('20261206T120000Z');
    expect(url.searchParams.get('X-Goog-Expires')).toBe('600');
    const query = url.search
      .slice(1)
      .split('&')
      .filter((p) => !p.startsWith('X-Goog-Signature='))
      .join('&');
    const canonical = ['GET', url.pathname, query, 'host:storage.googleapis.com\n', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
    const toSign = ['GOOG4-RSA-SHA256', '20261206T120000Z', '20261206/auto/storage/goog4_request', createHash('sha256').update(canonical).digest('hex')].join('\n');
    expect(verify('sha256', Buffer.from(toSign), publicKey, Buffer.from(url.searchParams.get('X-Goog-Signature')!, 'hex'))).toBe(true);
    await expect(newDriver().presignedUrl({ container: 'b-1', name: 'x' })).rejects.toBeInstanceOf(InvalidArgumentError);
    // Without a signer, the service-account key given as credentials signs (RSA PKCS#1 v1.5 is deterministic).
    const fromKey = new GoogleCloudStorageDriver('', undefined, {
      env: {},
      credentials: {
        type: 'service_account',
        project_id: 'nubes-test',
        private_key_id: 'k1',
        private_key: pem,
        client_email: 'signer@nubes-test.iam.gserviceaccount.com',
        token_uri: 'https://oauth2.googleapis.com/token',
      },
    });
    expect(await fromKey.presignedUrl({ container: 'my-bucket', name: 'a dir/ü.txt' }, { expiresIn: 600, now: new Date('2026-12-06T12:00:00Z') })).toBe(url.href);
    await fromKey.close();
    // The signed-URL options are the per-call keys presignedUrl accepts; others and bad values are refused by name.
    const target = { container: 'my-bucket', name: 'x' };
    await expect(d.presignedUrl(target, { expiresIn: 60, bogus: 1 } as never)).rejects.toThrow(/bogus/);
    await expect(d.presignedUrl(target, { now: new Date('nope') })).rejects.toMatchObject({ option: 'now' });
    await expect(d.presignedUrl(target, { method: 'PUT', contentType: 'text/plain\r\nx-evil: 1' })).rejects.toMatchObject({ option: 'contentType' });
    expect(new URL(await d.presignedUrl(target, { method: 'PUT', contentType: 'text/plain' })).searchParams.get('X-Goog-SignedHeaders')).toBe('content-type;host');
    await d.close();
  });

  it('copies an object server side with rewriteTo, following the rewriteToken until done', async () => {
    const data = bytes(Q + 3, 12);
    const src = await driver.uploadObjectViaStream(data, bucket, 'copy/src.bin', { metaData: { owner: 'ops' } });
    const before = fake.requests.length;
    const copy = await driver.exCopyObject(src, bucket, 'copy/dst #1.bin');
    const calls = fake.requests.slice(before).map((r) => r.url);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toBe(`/storage/v1/b/${bucket}/o/copy%2Fsrc.bin/rewriteTo/b/${bucket}/o/copy%2Fdst%20%231.bin`);
    expect(calls[1]).toContain('rewriteToken=step-1');
    expect(copy.name).toBe('copy/dst #1.bin');
    expect(copy.metaData).toEqual({ owner: 'ops' });
    expect(md5(await readAll(await driver.downloadObjectAsStream(copy)))).toBe(md5(data));
    await expect(driver.exCopyObject(copy, 'no-such-bucket-x', 'x')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('refuses bad options before any request', () => {
    expect(() => new GoogleCloudStorageDriver('/no/such/key.json', undefined, { env: {} })).toThrow(InvalidArgumentError);
    expect(() => newDriver({ chunkSize: Q + 1 })).toThrow(/multiple of 256 KiB/);
    expect(() => newDriver({ chunkSize: 1024 })).toThrow(InvalidArgumentError);
    expect(() => newDriver({ project: 'Not A Project' })).toThrow(InvalidArgumentError);
    expect(() => persistedFrom('bytes=5-9')).toThrow();
    expect(persistedFrom(undefined)).toBe(0);
    expect(persistedFrom('bytes=0-262143')).toBe(Q);
  });
});

function createCrc(data: Buffer): string {
  // Independent bitwise CRC32C, base64 of the big-endian bytes.
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0x82f63b78 ^ (crc >>> 1) : crc >>> 1;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(~crc >>> 0);
  return out.toString('base64');
}
