/**
 * What a Local stream upload hashes, by size (docs/storage-local.md, "What is verified
 * when"): up to 8 MiB the MD5 (the object's `hash`) and the CRC-32; past 8 MiB the CRC-32
 * only, as for large files given to `uploadObject`. And the readers of those digests:
 * getObject and listings, downloads in both verify modes, and `storage sync`'s comparison.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compare, listRemote } from '../../../src/cli/commands/transfer.js';
import { ObjectHashMismatchError } from '../../../src/index.js';
import { sidecarPath } from '../../../src/drivers/storage/local/sidecar.js';
import { LocalStorageDriver, StorageObject, type UploadSource } from '../../../src/drivers/storage/index.js';
import { tempDir } from '../../peers/process.js';
import { bytes, readAll } from './helpers.js';

const MiB = 1024 * 1024;
/** The size up to which objects get an MD5 (the same as the file rule of `uploadObject`). */
const LIMIT = 8 * MiB;

/** zlib's CRC-32 of `data`, 8 hex digits, computed here and not by nubes. */
const crcHex = (data: Buffer): string => ((zlib as unknown as { crc32(d: Buffer): number }).crc32(data) >>> 0).toString(16).padStart(8, '0');
const md5Hex = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** `data` as a stream of `chunk`-byte pieces (the last one shorter), with no length known to the driver. */
function chunked(data: Buffer, chunk: number): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunk) pieces.push(data.subarray(at, at + chunk));
  return Readable.from(pieces);
}

let root: string;
let driver: LocalStorageDriver;

beforeEach(async () => {
  root = tempDir('local-hash-size');
  driver = new LocalStorageDriver(root);
  await driver.createContainer('c');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function sidecarOf(name: string): Record<string, unknown> {
  const info = statSync(join(root, 'c', name), { bigint: true });
  return JSON.parse(readFileSync(sidecarPath(join(root, 'c'), name, info.ino), 'utf8')) as Record<string, unknown>;
}

describe('uploadObjectViaStream: the MD5 up to 8 MiB, the CRC-32 only beyond', () => {
  // The sources: a stream whose length the driver does not know (64 KiB chunks, as a
  // default createReadStream gives, and odd-sized ones that straddle the 1 MiB blocks),
  // the same stream told its length, and a Buffer (its length is known).
  const sources: [string, (data: Buffer) => { source: UploadSource; contentLength?: number }][] = [
    ['a stream of 64 KiB chunks, length unknown', (data) => ({ source: chunked(data, 64 * 1024) })],
    ['a stream of 3 MiB + 7 byte chunks, length unknown', (data) => ({ source: chunked(data, 3 * MiB + 7) })],
    ['a stream with contentLength', (data) => ({ source: chunked(data, 64 * 1024), contentLength: data.length })],
    ['a Buffer', (data) => ({ source: data })],
  ];

  it.each(sources)('8 MiB exactly from %s: hash is the MD5 (32 hex digits), the sidecar has both digests', async (_what, make) => {
    const data = bytes(LIMIT, 3);
    const { source, contentLength } = make(data);
    const obj = await driver.uploadObjectViaStream(source, 'c', 'exact.bin', contentLength === undefined ? {} : { contentLength });
    expect(obj.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(obj.hash).toBe(md5Hex(data));
    expect(sidecarOf('exact.bin')).toMatchObject({ md5: md5Hex(data), crc32: crcHex(data), size: LIMIT });
    expect((await driver.getObject('c', 'exact.bin')).hash).toBe(md5Hex(data));
    expect((await driver.listContainerObjects('c'))[0]!.hash).toBe(md5Hex(data));
  });

  it.each(sources)('8 MiB + 1 byte from %s: hash is the zlib CRC-32 (8 hex digits), the sidecar has no MD5', async (_what, make) => {
    const data = bytes(LIMIT + 1, 4);
    const { source, contentLength } = make(data);
    const obj = await driver.uploadObjectViaStream(source, 'c', 'over.bin', contentLength === undefined ? {} : { contentLength });
    expect(obj.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(obj.hash).toBe(crcHex(data));
    expect(obj.size).toBe(LIMIT + 1);
    expect(readFileSync(join(root, 'c', 'over.bin')).equals(data)).toBe(true);
    expect(sidecarOf('over.bin')).toMatchObject({ md5: '', crc32: crcHex(data), size: LIMIT + 1 });
    expect((await driver.getObject('c', 'over.bin')).hash).toBe(crcHex(data));
    expect((await driver.listContainerObjects('c'))[0]!.hash).toBe(crcHex(data));
  });

  it('keeps the MD5 of a small object whose bytes come in many small chunks', async () => {
    const data = bytes(100_000, 5);
    const obj = await driver.uploadObjectViaStream(chunked(data, 1000), 'c', 'small.bin');
    expect(obj.hash).toBe(md5Hex(data));
    expect(sidecarOf('small.bin')).toMatchObject({ md5: md5Hex(data), crc32: crcHex(data) });
  });

  it('refuses (and stores nothing for) a stream declared over 8 MiB that gives 8 MiB: no small object without its MD5', async () => {
    const data = bytes(LIMIT, 6);
    await expect(driver.uploadObjectViaStream(chunked(data, 64 * 1024), 'c', 'short.bin', { contentLength: LIMIT + 1 })).rejects.toMatchObject({
      option: 'contentLength',
    });
    expect(existsSync(join(root, 'c', 'short.bin'))).toBe(false);
  });

  it('follows the same rule as uploadObject of a file: both give the same hash for the same bytes', async () => {
    for (const [size, seed] of [
      [LIMIT, 7],
      [LIMIT + 1, 8],
    ] as const) {
      const data = bytes(size, seed);
      const src = join(root, `src-${size}`);
      writeFileSync(src, data);
      const viaFile = await driver.uploadObject(src, 'c', `file-${size}`);
      const viaStream = await driver.uploadObjectViaStream(chunked(data, 64 * 1024), 'c', `stream-${size}`);
      expect(viaStream.hash).toBe(viaFile.hash);
      expect(sidecarOf(`stream-${size}`)).toMatchObject({ md5: sidecarOf(`file-${size}`).md5, crc32: sidecarOf(`file-${size}`).crc32 });
    }
  });
});

describe('downloads of a stream-uploaded object over 8 MiB (its CRC-32 is all that was recorded)', () => {
  const DATA = bytes(LIMIT + 4096 + 1, 9);
  let obj: StorageObject;
  const file = (): string => join(root, 'c', 'big.bin');

  beforeEach(async () => {
    obj = await driver.uploadObjectViaStream(chunked(DATA, 64 * 1024), 'c', 'big.bin');
    expect(obj.hash).toBe(crcHex(DATA));
  });

  it('downloads intact bytes in both verify modes, as a stream and to a file', async () => {
    for (const verify of ['identity', 'full'] as const) {
      expect((await readAll(await driver.downloadObjectAsStream(obj, { verify }))).equals(DATA)).toBe(true);
      const dest = join(root, `out-${verify}`);
      await driver.downloadObject(obj, dest, { verify });
      expect(readFileSync(dest).equals(DATA)).toBe(true);
    }
  });

  it("verify: 'identity' hashes a file changed since the upload (same size, new mtime) and checks the caller's CRC-32", async () => {
    const fd = await open(file(), 'r+');
    await fd.write(Buffer.from([DATA[LIMIT]! ^ 0xff]), 0, 1, LIMIT); // a byte past the first 8 MiB
    await fd.close();
    const later = new Date(Date.now() + 5000);
    utimesSync(file(), later, later);
    await expect(readAll(await driver.downloadObjectAsStream(obj))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    await expect(driver.downloadObject(obj, join(root, 'changed.out'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(existsSync(join(root, 'changed.out'))).toBe(false);
  });

  it("verify: 'full' reads the bytes and catches corruption that kept the file's inode, size and mtime", async () => {
    const fd = await open(file(), 'r+');
    await fd.write(Buffer.from([DATA[LIMIT + 4096]! ^ 0x01]), 0, 1, LIMIT + 4096); // one bit, near the end
    await fd.close();
    // Make the sidecar vouch for the file as it is now, as bit rot would leave it.
    const info = await stat(file(), { bigint: true });
    const side = sidecarPath(join(root, 'c'), 'big.bin', info.ino);
    const doc = JSON.parse(readFileSync(side, 'utf8')) as Record<string, unknown>;
    await writeFile(side, JSON.stringify({ ...doc, size: Number(info.size), mtimeNs: String(info.mtimeNs) }));
    await expect(readAll(await driver.downloadObjectAsStream(obj, { verify: 'full' }))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    await expect(driver.downloadObject(obj, join(root, 'rot.out'), { verify: 'full' })).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(existsSync(join(root, 'rot.out'))).toBe(false);
  });

  it('refuses, before reading, an object whose hash is neither digest recorded (a wrong MD5 or a wrong CRC-32)', async () => {
    for (const hash of ['ffffffffffffffffffffffffffffffff', crcHex(DATA) === '00000000' ? '00000001' : '00000000']) {
      const wrong = new StorageObject({ ...obj, hash }, driver);
      await expect(driver.downloadObjectAsStream(wrong)).rejects.toBeInstanceOf(ObjectHashMismatchError);
      await expect(driver.downloadObject(wrong, join(root, 'wrong.out'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(existsSync(join(root, 'wrong.out'))).toBe(false);
    }
  });
});

describe("storage sync's comparison (src/cli/commands/transfer.ts) on stream-uploaded objects", () => {
  /** sync's view of the container: each object as listed, and a local file of `bytes` named like it. */
  async function decide(objectName: string, local: Buffer): Promise<string> {
    const [remote] = (await listRemote(driver, 'c', '', [])).filter((e) => e.rel === objectName);
    const path = join(root, `local-${objectName}`);
    writeFileSync(path, local);
    const file = { rel: objectName, size: local.length, source: path };
    const up = await compare(file, remote); // ./dir -> container
    const down = await compare(remote!, file); // container -> ./dir
    expect(down).toBe(up);
    return up;
  }

  it('compares an object up to 8 MiB by its MD5: same size, other bytes differ', async () => {
    const data = bytes(LIMIT, 10);
    await driver.uploadObjectViaStream(chunked(data, 64 * 1024), 'c', 'exact.bin');
    const other = Buffer.from(data);
    other[100] = other[100]! ^ 0xff;
    expect(await decide('exact.bin', other)).toBe('content differs');
    expect(await decide('exact.bin', data)).toBe('same');
  });

  it('compares an object over 8 MiB by size only (no MD5 to compare, as for S3 multipart objects)', async () => {
    const data = bytes(LIMIT + 1, 11);
    await driver.uploadObjectViaStream(chunked(data, 64 * 1024), 'c', 'over.bin');
    const other = Buffer.from(data);
    other[100] = other[100]! ^ 0xff;
    expect(await decide('over.bin', other)).toBe('same');
    expect(await decide('over.bin', data.subarray(1))).toBe('size differs');
  });
});
