/**
 * Download integrity as a property of the storage base: the same faults — a body that
 * ends cleanly but short, flipped bits, a connection reset mid-body, extra bytes, a
 * range answer that starts elsewhere — against every driver, on every download path
 * (to a file and as a stream, whole and ranged). Network drivers talk to a loopback
 * server speaking their provider's shape; the Local driver gets the same faults through
 * its file system.
 *
 * What must hold, every time: the typed error (ObjectSizeMismatchError,
 * ObjectHashMismatchError; a reset is the NetworkError it is), a stream that never
 * emits `end`, and no file left (an existing file with `overwriteExisting` untouched).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { open, readFile, rm, stat, truncate, utimes, writeFile, appendFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, ObjectHashMismatchError, ObjectSizeMismatchError } from '../../../src/index.js';
import {
  AzureBlobsStorageDriver,
  Container,
  LocalStorageDriver,
  MinIOStorageDriver,
  OpenStackSwiftStorageDriver,
  S3StorageDriver,
  StorageObject,
  type StorageDriver,
} from '../../../src/drivers/storage/index.js';
import { crc32c } from '../../../src/drivers/storage/download.js';
import { sidecarPath } from '../../../src/drivers/storage/local/sidecar.js';
import { bytes } from './helpers.js';

const DATA = bytes(256 * 1024, 7);
const MD5 = createHash('md5').update(DATA).digest('hex');
const RANGE = { start: 1000, end: 51_000 };
const AZURE_KEY = Buffer.from('not-a-real-account-key-for-tests').toString('base64');

type Fault = 'short' | 'flip' | 'reset' | 'extra' | 'declared-extra' | 'wrong-start';
type Shape = 's3' | 's3-multipart' | 'swift' | 'azure';

/** What the loopback server does with the next GET. */
let fault: Fault | 'none' = 'none';
let shape: Shape = 's3';

function flipped(data: Buffer): Buffer {
  const copy = Buffer.from(data);
  copy[copy.length >> 1]! ^= 0x10;
  return copy;
}

/** Provider headers describing DATA: S3 ETag (single-part MD5, or multipart with a full-object CRC32C), Swift Etag, Azure Content-MD5. */
function identityHeaders(whole: boolean): Record<string, string> {
  switch (shape) {
    case 's3':
      return { etag: `"${MD5}"` };
    case 's3-multipart': {
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32c(DATA));
      return { etag: `"${MD5.slice(0, 31)}a-2"`, ...(whole ? { 'x-amz-checksum-crc32c': crc.toString('base64'), 'x-amz-checksum-type': 'FULL_OBJECT' } : {}) };
    }
    case 'swift':
      return { etag: MD5 };
    case 'azure':
      return { etag: '"0x8DCAFE"', ...(whole ? { 'content-md5': Buffer.from(MD5, 'hex').toString('base64') } : {}) };
  }
}

function serve(req: IncomingMessage, res: ServerResponse): void {
  if (req.url?.startsWith('/auth/v1.0')) {
    const { port } = (req.socket.address() as AddressInfo);
    res.writeHead(200, { 'x-storage-url': `http://127.0.0.1:${port}/v1/AUTH_test`, 'x-auth-token': 'AUTH_tk0123', 'content-length': '0' });
    res.end();
    return;
  }
  const rangeHeader = req.headers.range ?? req.headers['x-ms-range'];
  const m = typeof rangeHeader === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader) : null;
  const first = m ? Number(m[1]) : 0;
  const last = m && m[2] !== '' ? Math.min(Number(m[2]), DATA.length - 1) : DATA.length - 1;
  const good = DATA.subarray(first, last + 1);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...identityHeaders(!m) };
  let status = 200;
  if (m) {
    status = 206;
    headers['content-range'] = fault === 'wrong-start' ? `bytes 0-${last - first}/${DATA.length}` : `bytes ${first}-${last}/${DATA.length}`;
  }
  switch (fault) {
    case 'none':
    case 'wrong-start':
      res.writeHead(status, { ...headers, 'content-length': String(good.length) });
      res.end(fault === 'wrong-start' ? DATA.subarray(0, good.length) : good);
      return;
    case 'short':
      // Chunked, clean close: HTTP-wise a complete answer, only the byte count tells.
      res.writeHead(status, headers);
      res.end(good.subarray(0, good.length >> 1));
      return;
    case 'flip':
      res.writeHead(status, { ...headers, 'content-length': String(good.length) });
      res.end(flipped(good));
      return;
    case 'extra':
      res.writeHead(status, headers);
      res.end(Buffer.concat([good, Buffer.from('trailing garbage')]));
      return;
    case 'declared-extra': {
      const body = Buffer.concat([good, Buffer.from('trailing garbage')]);
      res.writeHead(status, { ...headers, 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    case 'reset':
      res.writeHead(status, { ...headers, 'content-length': String(good.length) });
      res.write(good.subarray(0, good.length >> 1), () => setTimeout(() => req.socket.destroy(), 20));
      return;
  }
}

let server: Server;
let port = 0;
let scratch: string;

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  scratch = mkdtempSync(join(tmpdir(), 'nubes-integrity-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(scratch, { recursive: true, force: true });
});

const common = { env: {}, retry: { retries: 0 }, timeout: 10_000 } as const;

interface HttpTarget {
  label: string;
  shape: Shape;
  driver: () => StorageDriver;
  /** The object as a listing or getObject reports it. */
  object: (driver: StorageDriver) => StorageObject;
}

function objectOf(driver: StorageDriver, hash: string, extra: Record<string, unknown> = {}): StorageObject {
  const container = new Container({ name: 'bucket', extra: {} }, driver);
  return new StorageObject({ name: 'dir/data.bin', size: DATA.length, hash, metaData: {}, container, extra }, driver);
}

const HTTP_TARGETS: HttpTarget[] = [
  {
    label: 'S3 (single-part, MD5 ETag)',
    shape: 's3',
    driver: () => new S3StorageDriver('AKIDEXAMPLE', 'secret', { ...common, url: `http://127.0.0.1:${port}` }),
    object: (d) => objectOf(d, MD5, { etag: `"${MD5}"` }),
  },
  {
    label: 'S3 (multipart ETag, x-amz-checksum-crc32c)',
    shape: 's3-multipart',
    driver: () => new S3StorageDriver('AKIDEXAMPLE', 'secret', { ...common, url: `http://127.0.0.1:${port}` }),
    object: (d) => objectOf(d, `${MD5.slice(0, 31)}a-2`, { etag: `"${MD5.slice(0, 31)}a-2"` }),
  },
  {
    label: 'MinIO (S3-compatible profile, multipart ETag)',
    shape: 's3-multipart',
    driver: () => new MinIOStorageDriver('AKIDEXAMPLE', 'secret', { ...common, url: `http://127.0.0.1:${port}` }),
    object: (d) => objectOf(d, `${MD5.slice(0, 31)}a-2`, { etag: `"${MD5.slice(0, 31)}a-2"` }),
  },
  {
    label: 'Swift',
    shape: 'swift',
    driver: () =>
      new OpenStackSwiftStorageDriver('test:tester', 'testing', { ...common, authUrl: `http://127.0.0.1:${port}/auth/v1.0`, authVersion: '1.0' }),
    object: (d) => objectOf(d, MD5),
  },
  {
    label: 'Azure Blobs',
    shape: 'azure',
    driver: () => new AzureBlobsStorageDriver('devstoreaccount1', AZURE_KEY, { ...common, url: `http://127.0.0.1:${port}/devstoreaccount1` }),
    object: (d) => objectOf(d, MD5, { contentMd5: Buffer.from(MD5, 'hex').toString('base64') }),
  },
];

/** Per fault: the error expected on a whole download and on a ranged one (null: the fault cannot be told from good data there). */
const FAULTS: { fault: Fault; whole: (abstract new (...a: never[]) => Error) | null; ranged: (abstract new (...a: never[]) => Error) | null }[] = [
  { fault: 'short', whole: ObjectSizeMismatchError, ranged: ObjectSizeMismatchError },
  // Providers hash whole objects: flipped bits in a range cannot be detected.
  { fault: 'flip', whole: ObjectHashMismatchError, ranged: null },
  { fault: 'reset', whole: NetworkError, ranged: NetworkError },
  { fault: 'extra', whole: ObjectSizeMismatchError, ranged: ObjectSizeMismatchError },
  { fault: 'declared-extra', whole: ObjectSizeMismatchError, ranged: ObjectSizeMismatchError },
  { fault: 'wrong-start', whole: null, ranged: ObjectSizeMismatchError },
];

/** Reads a stream to its end; resolves whether it ended cleanly, with the error it failed with otherwise. */
async function drain(stream: Readable): Promise<{ ended: boolean; error: unknown }> {
  let ended = false;
  stream.on('end', () => (ended = true));
  try {
    for await (const _ of stream) {
      // consume
    }
    return { ended, error: undefined };
  } catch (err) {
    return { ended, error: err };
  }
}

type Path = 'file' | 'stream' | 'range-file' | 'range-stream';
const PATHS: Path[] = ['file', 'stream', 'range-file', 'range-stream'];

/** Runs one download path; returns the error (undefined on success) and checks nothing was left or clobbered. */
async function attempt(driver: StorageDriver, object: StorageObject, path: Path, extra: Record<string, unknown> = {}): Promise<unknown> {
  const dir = mkdtempSync(join(scratch, 'dl-'));
  const dest = join(dir, 'out.bin');
  const existing = join(dir, 'existing.bin');
  writeFileSync(existing, 'previous contents');
  if (path === 'stream' || path === 'range-stream') {
    let stream: Readable;
    try {
      stream = path === 'stream' ? await driver.downloadObjectAsStream(object, extra) : await driver.downloadObjectRangeAsStream(object, RANGE.start, RANGE.end);
    } catch (err) {
      return err;
    }
    const { ended, error } = await drain(stream);
    if (error !== undefined) expect(ended, 'a failed stream must not have ended cleanly').toBe(false);
    return error;
  }
  const run = (target: string, overwriteExisting: boolean): Promise<void> =>
    path === 'file'
      ? driver.downloadObject(object, target, { ...extra, overwriteExisting })
      : driver.downloadObjectRange(object, target, RANGE.start, RANGE.end, { overwriteExisting });
  let error: unknown;
  try {
    await run(dest, false);
  } catch (err) {
    error = err;
  }
  if (error !== undefined) {
    expect(readdirSync(dir).sort(), 'no file (not even a temp file) is left').toEqual(['existing.bin']);
    await run(existing, true).catch(() => undefined);
    expect(readFileSync(existing, 'utf8'), 'a failed download does not clobber an existing file').toBe('previous contents');
  } else {
    const expected = path === 'file' ? DATA : DATA.subarray(RANGE.start, RANGE.end);
    expect(readFileSync(dest).equals(expected)).toBe(true);
  }
  return error;
}

describe.each(HTTP_TARGETS)('download integrity: $label', (target) => {
  it.each(PATHS)('downloads good data on the %s path', async (path) => {
    shape = target.shape;
    fault = 'none';
    const driver = target.driver();
    expect(await attempt(driver, target.object(driver), path)).toBeUndefined();
  });

  const cases = FAULTS.flatMap((f) => PATHS.map((path) => ({ ...f, path, expected: path.startsWith('range') ? f.ranged : f.whole })));
  it.each(cases.filter((c) => c.expected !== null))('$fault on the $path path fails with the typed error', async ({ fault: which, path, expected }) => {
    shape = target.shape;
    fault = which;
    const driver = target.driver();
    const error = await attempt(driver, target.object(driver), path);
    expect(error).toBeInstanceOf(expected!);
  });
});

describe('download integrity: Local', () => {
  let root: string;
  let driver: LocalStorageDriver;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nubes-integrity-local-'));
    driver = new LocalStorageDriver(root);
    await driver.createContainer('bucket');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A fresh object holding DATA, as getObject reports it. */
  async function fresh(): Promise<{ object: StorageObject; file: string }> {
    const name = `data-${randomBytes(4).toString('hex')}.bin`;
    await driver.uploadObjectViaStream(DATA, 'bucket', name);
    const object = await driver.getObject('bucket', name);
    return { object, file: join(root, 'bucket', name) };
  }

  /** Rewrites the sidecar so it vouches for the file as it is now (as silent corruption would leave it). */
  async function adoptSidecar(file: string, name: string): Promise<void> {
    const info = await stat(file, { bigint: true });
    const side = sidecarPath(join(root, 'bucket'), name, info.ino);
    const doc = JSON.parse(await readFile(side, 'utf8')) as Record<string, unknown>;
    await writeFile(side, JSON.stringify({ ...doc, ino: String(info.ino), size: Number(info.size), mtimeNs: String(info.mtimeNs) }));
  }

  /** Flips one bit of the file in place (its inode and size stay). */
  async function flipBit(file: string): Promise<void> {
    const fd = await open(file, 'r+');
    await fd.write(Buffer.from([DATA[100]! ^ 0x10]), 0, 1, 100);
    await fd.close();
  }

  const LOCAL_FAULTS: {
    fault: string;
    paths: Path[];
    expected: abstract new (...a: never[]) => Error;
    inject: (file: string, name: string) => Promise<void>;
    options?: Record<string, unknown>;
  }[] = [
    { fault: 'file truncated since it was listed', paths: PATHS, expected: ObjectSizeMismatchError, inject: (file) => truncate(file, DATA.length >> 1) },
    {
      // Changed in place outside nubes (same inode and size, a later mtime): the recorded
      // digest no longer vouches for the file, so the bytes are hashed against the object's.
      fault: 'flipped bits written in place (same size, later mtime)',
      paths: ['file', 'stream'],
      expected: ObjectHashMismatchError,
      inject: async (file) => {
        const info = await stat(file);
        await flipBit(file);
        await utimes(file, info.atime, new Date(info.mtimeMs + 2000));
      },
    },
    {
      // Silent corruption that keeps inode, size and mtime (simulated by a sidecar that
      // vouches for the file as it is now) is caught by a full verification: the default
      // trusts the file's identity and does not read it twice (docs/storage-local.md,
      // "What is verified when"; the default's behaviour is pinned in local.test.ts).
      fault: "flipped bits (silent corruption), verify: 'full'",
      paths: ['file', 'stream'],
      expected: ObjectHashMismatchError,
      options: { verify: 'full' },
      inject: async (file, name) => {
        await flipBit(file);
        await adoptSidecar(file, name);
      },
    },
    { fault: 'extra bytes appended', paths: PATHS, expected: ObjectSizeMismatchError, inject: (file) => appendFile(file, 'trailing garbage') },
  ];

  for (const f of LOCAL_FAULTS) {
    it.each(f.paths)(`${f.fault}: the %s path fails with the typed error`, async (path) => {
      const { object, file } = await fresh();
      await f.inject(file, object.name);
      expect(await attempt(driver, object, path, f.options)).toBeInstanceOf(f.expected);
    });
  }

  it.each(['file', 'stream'] as const)("verify: 'full' downloads good data on the %s path", async (path) => {
    const { object } = await fresh();
    expect(await attempt(driver, object, path, { verify: 'full' })).toBeUndefined();
  });

  it('a file cut short while it is read fails the stream before its end', async () => {
    // 16 MiB, cut synchronously at the first chunk: the Local driver reads 1 MiB blocks
    // ahead of the consumer (at most 2 MiB buffered and 2 reads in flight), and bytes read
    // before the cut were the file's; every read issued after it comes back short.
    const big = bytes(16 * 1024 * 1024, 3);
    await driver.uploadObjectViaStream(big, 'bucket', 'big.bin');
    const object = await driver.getObject('bucket', 'big.bin');
    const file = join(root, 'bucket', 'big.bin');
    const stream = await driver.downloadObjectAsStream(object);
    stream.once('data', () => truncateSync(file, 1000));
    const { ended, error } = await drain(stream);
    expect(error).toBeInstanceOf(ObjectSizeMismatchError);
    expect(ended).toBe(false);
  });

  it.each(PATHS)('downloads good data on the %s path', async (path) => {
    const { object } = await fresh();
    expect(await attempt(driver, object, path)).toBeUndefined();
  });

  it('leaves the destination alone when the object is gone', async () => {
    const { object, file } = await fresh();
    await rm(file);
    const dest = join(mkdtempSync(join(scratch, 'gone-')), 'out.bin');
    await expect(driver.downloadObject(object, dest)).rejects.toThrow();
    expect(existsSync(dest)).toBe(false);
  });
});
