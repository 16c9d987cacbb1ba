/**
 * An upload whose SOURCE fails: the caller sees the source's failure (an
 * UploadSourceError with the original as `cause`, or the source's own nubes error),
 * never AbortError (reserved for the caller's signal), and the cleanup still runs (a
 * multipart upload is aborted, segments are deleted, nothing is committed). Every
 * driver, small and large uploads, known and unknown length; network drivers talk to a
 * loopback server that accepts their upload protocol.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ObjectHashMismatchError, UploadSourceError } from '../../../src/index.js';
import {
  AzureBlobsStorageDriver,
  LocalStorageDriver,
  OpenStackSwiftStorageDriver,
  S3StorageDriver,
  type StorageDriver,
  type UploadOptions,
} from '../../../src/drivers/storage/index.js';

const MiB = 1024 * 1024;

interface Seen {
  method: string;
  url: string;
}
let requests: Seen[] = [];

function reply(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const md5 = createHash('md5').update(body).digest();
  const q = url.searchParams;
  if (url.pathname.startsWith('/auth/v1.0')) {
    const { port } = req.socket.address() as AddressInfo;
    res.writeHead(200, { 'x-storage-url': `http://127.0.0.1:${port}/v1/AUTH_test`, 'x-auth-token': 'AUTH_tk0123', 'content-length': '0' });
    res.end();
    return;
  }
  const swiftContainer = /^\/v1\/AUTH_test\/[^/]+\/?$/.test(url.pathname);
  if ((req.method === 'HEAD' || req.method === 'GET') && swiftContainer) {
    res.writeHead(req.method === 'HEAD' ? 204 : 200, { 'content-type': 'application/json', 'content-length': req.method === 'HEAD' ? '0' : '2' });
    res.end(req.method === 'HEAD' ? undefined : '[]');
    return;
  }
  if (req.method === 'HEAD' || req.method === 'GET') {
    res.writeHead(404, { 'content-length': '0' });
    res.end();
    return;
  }
  if (req.method === 'DELETE') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (req.method === 'POST' && q.has('uploadId')) {
    const xml = '<?xml version="1.0"?><CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"not-an-md5"</ETag></CompleteMultipartUploadResult>';
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(xml)) });
    res.end(xml);
    return;
  }
  if (req.method === 'POST' && q.has('uploads')) {
    const xml = '<?xml version="1.0"?><InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>';
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(xml)) });
    res.end(xml);
    return;
  }
  // Any PUT: S3 object or part, Swift object or segment, Azure blob, block or block list.
  const status = url.pathname.startsWith('/v1/') || url.pathname.startsWith('/devstoreaccount1/') ? 201 : 200;
  res.writeHead(status, {
    etag: url.pathname.startsWith('/v1/') ? md5.toString('hex') : `"${md5.toString('hex')}"`,
    'content-md5': md5.toString('base64'),
    'x-ms-content-crc64': 'AAAAAAAAAAA=',
    'x-ms-request-server-encrypted': 'true',
    'content-length': '0',
  });
  res.end();
}

let server: Server;
let port = 0;
/** Called once with the body of the first PUT that carries data, before it is answered. */
let onFirstBody: (() => void) | undefined;
/** Bodies of the data PUTs (object, part, segment, block), by URL. */
let bodies = new Map<string, Buffer>();
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'PUT' && body.length > 0 && !/comp=blocklist|multipart-manifest/.test(req.url ?? '')) {
        bodies.set(req.url ?? '', body);
        const hook = onFirstBody;
        onFirstBody = undefined;
        hook?.();
      }
      reply(req, res, body);
    });
    req.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const common = { env: {}, retry: { retries: 0 }, timeout: 20_000 } as const;
const AZURE_KEY = Buffer.from('not-a-real-account-key-for-tests').toString('base64');

/** A source that gives `bytes` then fails with an EIO error of its own. */
function failingSource(bytes: number): { source: Readable; failure: Error } {
  const failure = Object.assign(new Error('disk on fire'), { code: 'EIO' });
  let sent = 0;
  const source = new Readable({
    read() {
      if (sent >= bytes) {
        setImmediate(() => this.destroy(failure));
        return;
      }
      const n = Math.min(256 * 1024, bytes - sent);
      sent += n;
      this.push(Buffer.alloc(n, 7));
    },
  });
  return { source, failure };
}

interface Target {
  label: string;
  driver: () => StorageDriver;
  /** Requests that must follow a failed large upload (the cleanup). */
  cleanup?: (seen: Seen[]) => boolean;
}

const TARGETS: Target[] = [
  {
    label: 'S3',
    driver: () => new S3StorageDriver('AKIDEXAMPLE', 'secret', { ...common, url: `http://127.0.0.1:${port}`, partSize: 5 * MiB }),
    cleanup: (seen) => seen.some((r) => r.method === 'DELETE' && r.url.includes('uploadId=up-1')),
  },
  {
    label: 'Swift',
    driver: () =>
      new OpenStackSwiftStorageDriver('test:tester', 'testing', {
        ...common,
        authUrl: `http://127.0.0.1:${port}/auth/v1.0`,
        authVersion: '1.0',
        largeObjectThreshold: 5 * MiB,
        segmentSize: 5 * MiB,
      }),
    // Every segment written is deleted again (one by one, or in one bulk delete).
    cleanup: (seen) => {
      const segments = seen.filter((r) => r.method === 'PUT' && r.url.includes('_segments/'));
      return segments.length === 0 || seen.some((r) => r.method === 'DELETE' || (r.method === 'POST' && r.url.includes('bulk-delete')));
    },
  },
  {
    label: 'Azure Blobs',
    driver: () => new AzureBlobsStorageDriver('devstoreaccount1', AZURE_KEY, { ...common, url: `http://127.0.0.1:${port}/devstoreaccount1`, blockSize: 4 * MiB }),
    // Uncommitted blocks are discarded by the service: the cleanup is to commit nothing.
    cleanup: (seen) => !seen.some((r) => r.url.includes('comp=blocklist')),
  },
];

const SHAPES: { label: string; bytes: number; known: boolean; large: boolean }[] = [
  { label: 'small, length unknown', bytes: 64 * 1024, known: false, large: false },
  { label: 'small, length known', bytes: 64 * 1024, known: true, large: false },
  { label: 'large, length unknown', bytes: 12 * MiB, known: false, large: true },
  { label: 'large, length known', bytes: 12 * MiB, known: true, large: true },
];

async function expectSourceFailure(run: Promise<unknown>, failure: Error): Promise<void> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UploadSourceError);
  expect(err).not.toBeInstanceOf(AbortError);
  expect((err as UploadSourceError).code).toBe('NUBES_ERR_UPLOAD_SOURCE');
  expect((err as UploadSourceError).cause).toBe(failure);
  expect((err as Error).message).toContain('disk on fire');
}

describe.each(TARGETS)('upload source failure: $label', (target) => {
  it.each(SHAPES)('$label: the source failure is what the caller sees, and the cleanup ran', async (shape) => {
    requests = [];
    const driver = target.driver();
    const { source, failure } = failingSource(shape.bytes / 2);
    const options: UploadOptions = shape.known ? { contentLength: shape.bytes } : {};
    await expectSourceFailure(driver.uploadObjectViaStream(source, 'bucket', 'dir/object.bin', options), failure);
    const uploads = requests.filter((r) => r.method === 'PUT' || r.method === 'POST');
    if (shape.large && uploads.length > 0 && target.cleanup) expect(target.cleanup(requests)).toBe(true);
  });

  it('an async generator source that throws is reported the same way', async () => {
    const failure = new Error('generator broke');
    async function* gen(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1024, 1);
      throw failure;
    }
    const err = await target
      .driver()
      .uploadObjectViaStream(gen(), 'bucket', 'gen.bin')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadSourceError);
    expect((err as Error).cause).toBe(failure);
  });

  it("a source's own nubes error is reported as it is", async () => {
    const own = new ObjectHashMismatchError('the download piped in was corrupt');
    async function* gen(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1024, 1);
      throw own;
    }
    await expect(target.driver().uploadObjectViaStream(gen(), 'bucket', 'piped.bin')).rejects.toBe(own);
  });
});

describe.each(TARGETS)('uploadObject from a file: $label', (target) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nubes-file-source-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A 12.5 MiB file of varied bytes (so a misplaced part would show). */
  function file(name: string): { path: string; data: Buffer } {
    const data = Buffer.alloc(12 * MiB + 512 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i, i);
    const path = join(dir, name);
    writeFileSync(path, data);
    return { path, data };
  }

  /** The part number a data PUT carries: S3 `partNumber`, a Swift segment's last path element, an Azure block id's counter. */
  function partIndex(url: string): number {
    const u = new URL(url, 'http://127.0.0.1');
    const part = u.searchParams.get('partNumber');
    if (part) return Number(part);
    const block = u.searchParams.get('blockid');
    if (block) return Number(Buffer.from(block, 'base64').toString().split('-')[1]);
    return Number(u.pathname.split('/').at(-1));
  }

  it('sends every byte of the file, in order, in the parts the store saw', async () => {
    requests = [];
    bodies = new Map();
    const { path, data } = file('whole.bin');
    // The loopback server answers ETags it cannot know for a whole multipart object.
    const o = await target.driver().uploadObject(path, 'bucket', 'whole.bin', { verifyHash: false });
    expect(o.size).toBe(data.length);
    // Only this object's PUTs: a part of an earlier test's aborted upload may still land late on a loaded machine.
    const parts = [...bodies.entries()]
      .filter(([url]) => url.includes('whole.bin'))
      .map(([url, body]) => ({ n: partIndex(url), body }))
      .sort((a, b) => a.n - b.n);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Number.isInteger(p.n) && p.n > 0)).toBe(true);
    expect(Buffer.concat(parts.map((p) => p.body)).equals(data)).toBe(true);
  });

  it.each([
    { label: 'shrinks', change: (path: string) => truncateSync(path, 6 * MiB) },
    { label: 'grows', change: (path: string) => appendFileSync(path, Buffer.alloc(MiB, 1)) },
  ])('a file that $label during the upload fails it with UploadSourceError, and the cleanup ran', async ({ change }) => {
    requests = [];
    const { path } = file(`changing-${Math.random().toString(36).slice(2)}.bin`);
    onFirstBody = () => change(path);
    const err = await target
      .driver()
      .uploadObject(path, 'bucket', 'changing.bin', { concurrency: 1 })
      .catch((e: unknown) => e);
    onFirstBody = undefined;
    expect(err).toBeInstanceOf(UploadSourceError);
    expect((err as Error).message).toMatch(/changed size during the upload/);
    if (target.cleanup) expect(target.cleanup(requests)).toBe(true);
  });

  it('an aborted upload from a file is an AbortError and commits nothing', async () => {
    requests = [];
    const { path } = file('aborted.bin');
    const controller = new AbortController();
    onFirstBody = () => controller.abort();
    const err = await target
      .driver()
      .uploadObject(path, 'bucket', 'aborted.bin', { concurrency: 1, signal: controller.signal })
      .catch((e: unknown) => e);
    onFirstBody = undefined;
    expect(err).toBeInstanceOf(AbortError);
    if (target.cleanup) expect(target.cleanup(requests)).toBe(true);
  });
});

describe('upload source failure: Local', () => {
  let root: string;
  let driver: LocalStorageDriver;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nubes-upload-source-'));
    driver = new LocalStorageDriver(root);
    await driver.createContainer('bucket');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(SHAPES)('$label: the source failure is what the caller sees, nothing is left', async (shape) => {
    const { source, failure } = failingSource(shape.bytes / 2);
    await expectSourceFailure(driver.uploadObjectViaStream(source, 'bucket', 'dir/object.bin', shape.known ? { contentLength: shape.bytes } : {}), failure);
    expect(readdirSync(join(root, 'bucket')).filter((f) => f !== '.nubes')).toEqual([]);
    expect(readdirSync(join(root, 'bucket', '.nubes', 'tmp'))).toEqual([]);
  });
});
