import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { open, rm, stat, truncate, writeFile } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, ContainerDoesNotExistError, InvalidArgumentError, ObjectDoesNotExistError, ObjectHashMismatchError, ObjectSizeMismatchError } from '../../../src/index.js';
import { sidecarPath } from '../../../src/drivers/storage/local/sidecar.js';
import { bytes } from './helpers.js';
import { getDriver, LocalStorageDriver, Provider, StorageObject } from '../../../src/drivers/storage/index.js';
import { tempDir } from '../../peers/process.js';
import { storageBehaviourSuite } from './behaviour.js';

storageBehaviourSuite('Local', async () => {
  const root = tempDir('local-suite');
  return {
    driver: new LocalStorageDriver(root),
    newContainerName: () => `c-${randomBytes(5).toString('hex')}`,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

/** Every file under `dir`, relative, sorted (hidden ones included). */
function filesUnder(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

describe('LocalStorageDriver', () => {
  let root: string;
  let driver: LocalStorageDriver;

  beforeEach(() => {
    root = tempDir('local');
    driver = new LocalStorageDriver(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is registered as Provider.LOCAL', () => {
    expect(getDriver(Provider.LOCAL)).toBe(LocalStorageDriver);
  });

  it('stores objects as files under container directories, with "/" making subdirectories', async () => {
    const c = await driver.createContainer('photos');
    await driver.uploadObjectViaStream('meow', c, 'pets/cat.txt');
    expect(readFileSync(join(root, 'photos', 'pets', 'cat.txt'), 'utf8')).toBe('meow');
    expect((await driver.getObject('photos', 'pets/cat.txt')).extra).toEqual({ path: join(root, 'photos', 'pets', 'cat.txt') });
  });

  it('keeps the sidecar and temporary files out of listings and leaves no temporary file behind', async () => {
    const c = await driver.createContainer('c');
    await driver.uploadObjectViaStream('x', c, 'a.txt', { metaData: { k: 'v' } });
    await driver.uploadObjectViaStream('y', c, 'b/c.txt');
    expect((await driver.listContainerObjects(c)).map((o) => o.name)).toEqual(['a.txt', 'b/c.txt']);
    const files = filesUnder(join(root, 'c'));
    expect(files.filter((f) => !f.startsWith('.nubes/meta/'))).toEqual(['a.txt', 'b/c.txt']);
    expect(files.filter((f) => f.startsWith('.nubes/meta/'))).toHaveLength(2);
    expect(readdirSync(join(root, 'c', '.nubes', 'tmp'))).toEqual([]);
  });

  it('documents its sidecar format: version, name, content type, metadata, MD5 and the file identity', async () => {
    const c = await driver.createContainer('c');
    const obj = await driver.uploadObjectViaStream('hello', c, 'h.txt', { contentType: 'text/x-hello', metaData: { Who: 'me' } });
    const sidecars = filesUnder(join(root, 'c')).filter((f) => f.startsWith('.nubes/meta/'));
    const doc = JSON.parse(readFileSync(join(root, 'c', sidecars[0]!), 'utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ v: 1, name: 'h.txt', contentType: 'text/x-hello', metaData: { who: 'me' }, size: 5 });
    expect(doc.md5).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(obj.hash).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(typeof doc.ino).toBe('string');
  });

  it.each([
    ['../escape', 'a ".." segment'],
    ['a/../../escape', 'a nested ".." segment'],
    ['/etc/passwd', 'an absolute name'],
    ['a\u0000b', 'NUL'],
    ['a\\..\\..\\b', 'backslashes'],
    ['a//b', 'an empty segment'],
    ['a/', 'a trailing slash'],
    ['./a', 'a "." segment'],
    ['.nubes/meta/x', "nubes' reserved directory"],
    ['', 'an empty name'],
    ['x'.repeat(256), 'a segment longer than 255 bytes'],
  ])('refuses the object name %j (%s) with InvalidArgumentError before touching the disk', async (name) => {
    const c = await driver.createContainer('c');
    const before = filesUnder(root);
    const err = await driver.uploadObjectViaStream('x', c, name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ option: 'objectName' });
    await expect(driver.getObject('c', name)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(filesUnder(root)).toEqual(before);
  });

  it.each(['..', '.', '.hidden', 'a/b', 'a\\b', '', 'nul\u0000'])('refuses the container name %j', async (name) => {
    await expect(driver.createContainer(name)).rejects.toMatchObject({ option: 'container' });
    await expect(driver.getContainer(name)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('does not list hidden directories in the root as containers', async () => {
    mkdirSync(join(root, '.trash'));
    await driver.createContainer('visible');
    expect((await driver.listContainers()).map((c) => c.name)).toEqual(['visible']);
  });

  it('lists an absent root as no containers and creates it on the first createContainer', async () => {
    const nested = new LocalStorageDriver(join(root, 'not', 'yet'));
    expect(await nested.listContainers()).toEqual([]);
    await nested.createContainer('c');
    expect(existsSync(join(root, 'not', 'yet', 'c'))).toBe(true);
  });

  it('refuses an object whose path clashes with an existing object or prefix', async () => {
    const c = await driver.createContainer('c');
    await driver.uploadObjectViaStream('file', c, 'a');
    await expect(driver.uploadObjectViaStream('under a file', c, 'a/b')).rejects.toMatchObject({ option: 'objectName' });
    await driver.uploadObjectViaStream('deep', c, 'd/e');
    await expect(driver.uploadObjectViaStream('over a dir', c, 'd')).rejects.toMatchObject({ option: 'objectName' });
    expect(await text(await driver.downloadObjectAsStream(await driver.getObject('c', 'a')))).toBe('file');
    expect((await driver.listContainerObjects(c)).map((o) => o.name)).toEqual(['a', 'd/e']);
    expect(readdirSync(join(root, 'c', '.nubes', 'tmp'))).toEqual([]);
  });

  it('prunes directories left empty by a delete, so the prefix disappears from delimiter listings', async () => {
    const c = await driver.createContainer('c');
    const obj = await driver.uploadObjectViaStream('x', c, 'deep/er/still/x.txt');
    await driver.deleteObject(obj);
    expect(existsSync(join(root, 'c', 'deep'))).toBe(false);
    expect(await driver.listContainerObjects(c, { delimiter: '/' })).toEqual([]);
  });

  it('lists files written by other programs, without a hash and with a guessed content type', async () => {
    const c = await driver.createContainer('c');
    mkdirSync(join(root, 'c', 'docs'));
    writeFileSync(join(root, 'c', 'docs', 'readme.txt'), 'hand made');
    const [obj] = await driver.listContainerObjects(c);
    expect(obj).toMatchObject({ name: 'docs/readme.txt', size: 9, hash: '', contentType: 'text/plain', metaData: {} });
    // No MD5 to compare against: the download is not verified, and succeeds.
    await driver.downloadObject(obj!, join(root, 'out.txt'));
    expect(readFileSync(join(root, 'out.txt'), 'utf8')).toBe('hand made');
  });

  it('drops the MD5 but keeps metadata of a file changed in place outside nubes', async () => {
    const c = await driver.createContainer('c');
    await driver.uploadObjectViaStream('original', c, 'f.txt', { metaData: { keep: 'yes' } });
    writeFileSync(join(root, 'c', 'f.txt'), 'changed!!', { flag: 'r+' });
    const obj = await driver.getObject('c', 'f.txt');
    expect(obj.hash).toBe('');
    expect(obj.metaData).toEqual({ keep: 'yes' });
  });

  it('does not follow symbolic links in listings', async () => {
    const c = await driver.createContainer('c');
    const outside = tempDir('outside');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(outside, join(root, 'c', 'link'));
    expect(await driver.listContainerObjects(c)).toEqual([]);
    await rm(outside, { recursive: true, force: true });
  });

  it('groups by any delimiter, not only "/"', async () => {
    const c = await driver.createContainer('c');
    for (const n of ['2024-01-a', '2024-01-b', '2024-02-a', 'x']) await driver.uploadObjectViaStream(n, c, n);
    const listed = await driver.listContainerObjects(c, { prefix: '2024-', delimiter: '-' });
    expect(listed.map((o) => [o.name, o.kind])).toEqual([
      ['2024-01-', 'prefix'],
      ['2024-02-', 'prefix'],
    ]);
  });

  it('orders names by UTF-8 bytes, as S3 does, across directory boundaries', async () => {
    const c = await driver.createContainer('c');
    for (const n of ['a/b', 'a-b', 'a0', 'é', 'z']) await driver.uploadObjectViaStream(n, c, n);
    expect((await driver.listContainerObjects(c)).map((o) => o.name)).toEqual(['a-b', 'a/b', 'a0', 'z', 'é']);
    // Where UTF-16 order differs: an astral character (a surrogate pair) sorts after U+FF01 in UTF-8.
    for (const n of ['\u{1F600}', '\uFF01']) await driver.uploadObjectViaStream(n, c, n);
    expect((await driver.listContainerObjects(c)).map((o) => o.name)).toEqual(['a-b', 'a/b', 'a0', 'z', 'é', '\uFF01', '\u{1F600}']);
  });

  it('refuses a stream whose length differs from contentLength and stores nothing', async () => {
    const c = await driver.createContainer('c');
    await expect(driver.uploadObjectViaStream(Readable.from([Buffer.from('abc')]), c, 'short', { contentLength: 10 })).rejects.toMatchObject({
      option: 'contentLength',
    });
    await expect(driver.getObject('c', 'short')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
  });

  it('clamps a range past the end and refuses a start past the end', async () => {
    const c = await driver.createContainer('c');
    const obj = await driver.uploadObjectViaStream('0123456789', c, 'digits');
    expect(await text(await driver.downloadObjectRangeAsStream(obj, 8, 100))).toBe('89');
    await expect(driver.downloadObjectRangeAsStream(obj, 10)).rejects.toMatchObject({ option: 'start' });
  });

  it('deletes a container with only empty directories and nubes files left in it', async () => {
    const c = await driver.createContainer('c');
    mkdirSync(join(root, 'c', 'empty', 'dirs'), { recursive: true });
    const obj = await driver.uploadObjectViaStream('x', c, 'x');
    await driver.deleteObject(obj);
    await driver.deleteContainer(c);
    expect(existsSync(join(root, 'c'))).toBe(false);
    await expect(driver.getContainer('c')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
  });

  it('refuses unknown options and a missing root', () => {
    expect(() => new LocalStorageDriver(root, undefined, { region: 'x' } as never)).toThrow(/Unknown option "region"/);
    expect(() => new LocalStorageDriver('')).toThrow(InvalidArgumentError);
  });

  it('works through the Container and StorageObject shortcuts', async () => {
    const c = await driver.createContainer('c');
    const obj = await c.uploadObjectViaStream('short', 'cut.txt');
    expect(obj).toBeInstanceOf(StorageObject);
    expect(await text(await obj.asStream())).toBe('short');
    expect((await c.listObjects()).map((o) => o.name)).toEqual(['cut.txt']);
    await obj.delete();
    await c.delete();
    expect(await driver.listContainers()).toEqual([]);
  });

  describe('what is verified when (docs/storage-local.md)', () => {
    /** A 9 MiB file: above the size up to which uploadObject streams (8 MiB). */
    const BIG = bytes(9 * 1024 * 1024, 5);
    const crcHex = (data: Buffer): string => ((zlib as unknown as { crc32(d: Buffer): number }).crc32(data) >>> 0).toString(16).padStart(8, '0');

    /** Flips one bit in place, then makes the sidecar vouch for the file as it is now (inode, size and mtime kept, as bit rot leaves them). */
    async function corruptKeepingIdentity(name: string): Promise<void> {
      const file = join(root, 'c', name);
      const fd = await open(file, 'r+');
      await fd.write(Buffer.from([0x55]), 0, 1, 4096);
      await fd.close();
      const info = await stat(file, { bigint: true });
      const side = sidecarPath(join(root, 'c'), name, info.ino);
      const doc = JSON.parse(readFileSync(side, 'utf8')) as Record<string, unknown>;
      await writeFile(side, JSON.stringify({ ...doc, size: Number(info.size), mtimeNs: String(info.mtimeNs) }));
    }

    it('records the MD5 and the CRC-32 of a small stream upload; hash is the MD5 (local-hash-size.test.ts: over 8 MiB)', async () => {
      const c = await driver.createContainer('c');
      const obj = await driver.uploadObjectViaStream('hello', c, 'h.txt');
      const info = statSync(join(root, 'c', 'h.txt'), { bigint: true });
      const doc = JSON.parse(readFileSync(sidecarPath(join(root, 'c'), 'h.txt', info.ino), 'utf8')) as Record<string, unknown>;
      expect(doc).toMatchObject({ md5: '5d41402abc4b2a76b9719d911017c592', crc32: crcHex(Buffer.from('hello')) });
      expect(obj.hash).toBe('5d41402abc4b2a76b9719d911017c592');
    });

    it('copies a file over 8 MiB in the kernel, records its CRC-32 (no MD5) and uses it as hash', async () => {
      const c = await driver.createContainer('c');
      const src = join(root, 'big.src');
      writeFileSync(src, BIG);
      const obj = await driver.uploadObject(src, c, 'big.bin', { metaData: { k: 'v' } });
      expect(obj.hash).toBe(crcHex(BIG));
      expect(obj.size).toBe(BIG.length);
      expect(readFileSync(join(root, 'c', 'big.bin')).equals(BIG)).toBe(true);
      const info = statSync(join(root, 'c', 'big.bin'), { bigint: true });
      const doc = JSON.parse(readFileSync(sidecarPath(join(root, 'c'), 'big.bin', info.ino), 'utf8')) as Record<string, unknown>;
      expect(doc).toMatchObject({ md5: '', crc32: crcHex(BIG), size: BIG.length, metaData: { k: 'v' } });
      expect(await driver.getObject('c', 'big.bin')).toMatchObject({ hash: crcHex(BIG), metaData: { k: 'v' } });
      // Downloads of it check its byte count, and its CRC-32 when asked to read it in full.
      const dest = join(root, 'big.out');
      await driver.downloadObject(obj, dest, { verify: 'full' });
      expect(readFileSync(dest).equals(BIG)).toBe(true);
      const wrong = new StorageObject({ ...obj, hash: '00000000' }, driver);
      await expect(driver.downloadObject(wrong, join(root, 'big.out2'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(existsSync(join(root, 'big.out2'))).toBe(false);
    });

    it("trusts the recorded digest while the file's identity holds; verify: 'full' reads and checks it (both paths)", async () => {
      const c = await driver.createContainer('c');
      const obj = await driver.uploadObjectViaStream(BIG, c, 'rot.bin');
      expect(obj.hash).toBe(crcHex(BIG)); // over 8 MiB: the CRC-32 only
      await corruptKeepingIdentity('rot.bin');
      // The default does not read the bytes twice: corruption that keeps inode, size and
      // mtime is not seen (documented), and the bytes arrive as they are on disk.
      const dest = join(root, 'rot.default');
      await driver.downloadObject(obj, dest);
      expect(crcHex(readFileSync(dest))).not.toBe(obj.hash);
      await expect(driver.downloadObject(obj, join(root, 'rot.full'), { verify: 'full' })).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(existsSync(join(root, 'rot.full'))).toBe(false);
      const stream = await driver.downloadObjectAsStream(obj, { verify: 'full' });
      await expect(text(stream)).rejects.toBeInstanceOf(ObjectHashMismatchError);
    });

    it('fails a trusted stream (nothing hashed) whose file is cut short after it was opened, before its end', async () => {
      const c = await driver.createContainer('c');
      const obj = await driver.uploadObjectViaStream(BIG, c, 'cut.bin');
      // The identity is checked when the stream opens; the file is cut after that, before a byte is read.
      const stream = await driver.downloadObjectAsStream(obj);
      await truncate(join(root, 'c', 'cut.bin'), 1024 * 1024 + 5);
      let ended = false;
      stream.on('end', () => (ended = true));
      await expect(text(stream)).rejects.toBeInstanceOf(ObjectSizeMismatchError);
      expect(ended).toBe(false);
    });

    it('stops a trusted stream when its signal aborts', async () => {
      const c = await driver.createContainer('c');
      const obj = await driver.uploadObjectViaStream(BIG, c, 'abort.bin');
      const controller = new AbortController();
      const stream = await driver.downloadObjectAsStream(obj, { signal: controller.signal });
      const chunks: Buffer[] = [];
      const done = (async () => {
        for await (const chunk of stream) {
          chunks.push(chunk as Buffer);
          controller.abort();
        }
      })();
      await expect(done).rejects.toBeInstanceOf(AbortError);
      expect(chunks.length).toBeLessThan(9);
    });

    it('hashes a file changed outside nubes (new mtime) against the hash the caller holds', async () => {
      const c = await driver.createContainer('c');
      const obj = await driver.uploadObjectViaStream('original', c, 'f.txt');
      writeFileSync(join(root, 'c', 'f.txt'), 'ORIGINAL', { flag: 'r+' }); // same size
      const later = new Date(Date.now() + 5000);
      const { utimesSync } = await import('node:fs');
      utimesSync(join(root, 'c', 'f.txt'), later, later);
      await expect(text(await driver.downloadObjectAsStream(obj))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      await expect(driver.downloadObject(obj, join(root, 'changed.txt'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(existsSync(join(root, 'changed.txt'))).toBe(false);
    });

    it('refuses an unknown verify mode', async () => {
      const c = await driver.createContainer('c');
      const obj = await driver.uploadObjectViaStream('x', c, 'x');
      await expect(driver.downloadObjectAsStream(obj, { verify: 'sometimes' as never })).rejects.toMatchObject({ option: 'verify' });
    });

    it("never gives a listed object the metadata of a file that replaced it after the listing", async () => {
      const c = await driver.createContainer('c');
      await driver.uploadObjectViaStream('one', c, 'x.txt', { metaData: { v: '1' } });
      const [listed] = await driver.listContainerObjects(c);
      await driver.uploadObjectViaStream('two', c, 'x.txt', { metaData: { v: '2' } }); // same size, new file
      expect(listed).toMatchObject({ name: 'x.txt', size: 3, hash: '', metaData: {} });
      expect((await driver.getObject('c', 'x.txt')).metaData).toEqual({ v: '2' });
    });

    it('lists without opening sidecars: metadata is read when first looked at', async () => {
      const c = await driver.createContainer('c');
      await driver.uploadObjectViaStream('a', c, 'a.txt', { metaData: { n: '1' }, contentType: 'text/x-a' });
      await driver.uploadObjectViaStream('b', c, 'b.txt', { metaData: { n: '2' } });
      const [a, b] = await driver.listContainerObjects(c);
      expect(a).toMatchObject({ name: 'a.txt', size: 1, metaData: { n: '1' }, contentType: 'text/x-a', hash: createHash('md5').update('a').digest('hex') });
      // The listing did not read b's sidecar: with the sidecars gone, b has no metadata.
      await rm(join(root, 'c', '.nubes', 'meta'), { recursive: true });
      expect(b).toMatchObject({ name: 'b.txt', size: 1, hash: '', metaData: {}, contentType: 'text/plain' });
      // What was read stays (the values are settled on first look).
      expect(a!.metaData).toEqual({ n: '1' });
      expect(JSON.parse(JSON.stringify(a))).toMatchObject({ hash: createHash('md5').update('a').digest('hex') });
    });
  });
});
