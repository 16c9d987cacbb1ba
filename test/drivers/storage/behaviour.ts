/**
 * The shared behavioural suite every storage driver runs: the same cases against Local,
 * S3 (on Swift's s3api), Azure Blobs (on Azurite), Swift, ... so that "works the same on
 * every provider" is a test, not a promise.
 *
 * Usage, in a `*.test.ts` file:
 *
 * ```ts
 * storageBehaviourSuite('Local', async () => {
 *   const root = tempDir('local');
 *   return {
 *     driver: new LocalStorageDriver(root),
 *     newContainerName: () => `c${randomBytes(4).toString('hex')}`,
 *     cleanup: () => rm(root, { recursive: true, force: true }),
 *   };
 * });
 * ```
 *
 * Provider differences the suite accepts are declared in {@link StorageSuiteQuirks}, never
 * by skipping cases: each quirk names the documented behaviour it stands for.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
} from '../../../src/index.js';
import { Container, StorageObject, type StorageDriver, type UploadSource } from '../../../src/drivers/storage/index.js';
import { bytes, md5, readAll } from './helpers.js';

/** Documented provider behaviours that differ from the default the suite expects. */
export interface StorageSuiteQuirks {
  /**
   * Creating a container that already exists: `'throws'` (default) expects
   * ContainerAlreadyExistsError; `'succeeds'` accepts success (S3 in us-east-1 answers
   * 200 to the bucket owner, for legacy compatibility).
   */
  createExisting?: 'throws' | 'succeeds';
  /**
   * Deleting a container that still holds objects: `'throws'` (default) expects
   * ContainerIsNotEmptyError and the objects intact; `'deletes'` accepts the container
   * and its objects being removed.
   */
  deleteNonEmpty?: 'throws' | 'deletes';
  /**
   * Deleting a missing object: `'throws'` (default) expects ObjectDoesNotExistError;
   * `'succeeds'` accepts success (S3's DELETE is idempotent and answers 204).
   */
  deleteMissingObject?: 'throws' | 'succeeds';
}

/** What a driver's `setup()` hands to {@link storageBehaviourSuite}. */
export interface StorageSuiteTarget {
  /** The driver under test. */
  driver: StorageDriver;
  /** Called once after every case ran (and after the suite removed its containers). */
  cleanup(): Promise<void>;
  /** A fresh, valid, unused container name (unique per call). */
  newContainerName(): string;
  /**
   * How to make the driver expect a wrong digest for an object, to provoke
   * ObjectHashMismatchError on download. Omitted: the suite replaces `hash` with
   * another MD5 (right for drivers whose `expectedMd5` reads `hash`). A function: returns
   * a copy of the object the driver will verify against a wrong digest.
   */
  supportsHashMismatchInjection?: (object: StorageObject) => StorageObject;
  /**
   * The listing page size the driver was configured with (e.g. S3 `listPageSize`), so
   * listings in the suite span several pages. Default 3: drivers that do not page still
   * run the cases.
   */
  pageSize?: number;
  /**
   * Multipart uploads: the part size to use (small, so the case runs fast; S3 needs at
   * least 5 MiB). Omit when the driver has no multipart upload: the large-upload cases
   * then run with 1 MiB as the part size the driver is given.
   */
  multipart?: { partSize: number };
  /** Documented behaviours that differ from the defaults. */
  quirks?: StorageSuiteQuirks;
}

/** Options of {@link storageBehaviourSuite}. */
export interface StorageSuiteOptions {
  /** When set, every case is skipped and the reason shown (e.g. a missing peer binary). */
  skip?: string | undefined;
}

/**
 * A Node Readable that emits `total` bytes in `chunk`-sized pieces, lazily; `onRead`
 * sees the count handed out so far (a 'data' listener would switch the stream to
 * flowing mode behind the driver's back).
 */
function slowReadable(total: number, chunk: number, seed = 7, onRead?: (sent: number) => void): Readable {
  const data = bytes(total, seed);
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= total) {
        this.push(null);
        return;
      }
      const end = Math.min(total, offset + chunk);
      const piece = data.subarray(offset, end);
      offset = end;
      onRead?.(offset);
      setImmediate(() => this.push(piece));
    },
  });
}

/** A Readable that emits `first`, calls `onSent`, then waits forever (until destroyed). */
function stallingReadable(first: Buffer, onSent: () => void): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(first);
        onSent();
      }
    },
  });
}

function ghostObject(driver: StorageDriver, container: string, name: string): StorageObject {
  const c = new Container({ name: container, extra: {} }, driver);
  return new StorageObject({ name, size: 0, hash: '', metaData: {}, container: c, extra: {} }, driver);
}

function withWrongHash(object: StorageObject): StorageObject {
  const wrong = object.hash === 'ffffffffffffffffffffffffffffffff' ? '00000000000000000000000000000000' : 'ffffffffffffffffffffffffffffffff';
  return new StorageObject(
    {
      name: object.name,
      size: object.size,
      hash: wrong,
      ...(object.contentType !== undefined ? { contentType: object.contentType } : {}),
      metaData: object.metaData,
      ...(object.lastModified !== undefined ? { lastModified: object.lastModified } : {}),
      kind: object.kind,
      container: object.container,
      extra: object.extra,
    },
    object.driver,
  );
}

/** Every kind of `uploadObjectViaStream` source, each built fresh per call. */
const SOURCE_KINDS: ReadonlyArray<[string, (data: Buffer) => UploadSource]> = [
  ['a Node Readable', (data) => Readable.from([data.subarray(0, 10), data.subarray(10, 2000), data.subarray(2000)])],
  [
    'a web ReadableStream',
    (data) => {
      let sent = 0;
      return new WebReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= data.length) {
            controller.close();
            return;
          }
          const piece = new Uint8Array(data.subarray(sent, sent + 1500));
          sent += piece.length;
          controller.enqueue(piece);
        },
      });
    },
  ],
  [
    'an AsyncIterable of Uint8Array and strings',
    (data) =>
      (async function* () {
        yield 'x';
        yield new Uint8Array(data.subarray(1, 3000));
        yield data.subarray(3000);
      })(),
  ],
  ['a Buffer', (data) => Buffer.from(data)],
  ['a Uint8Array', (data) => new Uint8Array(data)],
];

/**
 * Registers the storage behavioural suite for one driver.
 *
 * @param name - shown in the test names, e.g. `'Local'` or `'S3 on Swift'`.
 * @param setup - builds the driver (once, before the cases).
 */
export function storageBehaviourSuite(name: string, setup: () => Promise<StorageSuiteTarget>, options: StorageSuiteOptions = {}): void {
  describe.skipIf(options.skip !== undefined)(`${name}: storage behaviour`, () => {
    let target: StorageSuiteTarget;
    let driver: StorageDriver;
    let shared: Container;
    let scratch: string;
    const created = new Set<string>();
    const quirks = (): StorageSuiteQuirks => target.quirks ?? {};

    async function newContainer(): Promise<Container> {
      const containerName = target.newContainerName();
      created.add(containerName);
      return driver.createContainer(containerName);
    }

    function scratchPath(file: string): string {
      return join(scratch, file);
    }

    beforeAll(async () => {
      target = await setup();
      driver = target.driver;
      scratch = mkdtempSync(join(tmpdir(), 'nubes-suite-'));
      shared = await newContainer();
    });

    afterAll(async () => {
      if (!target) return;
      for (const containerName of created) {
        try {
          for (const o of await driver.listContainerObjects(containerName)) await driver.deleteObject(o).catch(() => undefined);
          await driver.deleteContainer(containerName);
        } catch {
          // already gone
        }
      }
      await rm(scratch, { recursive: true, force: true });
      await target.cleanup();
    });

    describe('containers', () => {
      it('creates a container, then lists and gets it by name', async () => {
        const c = await newContainer();
        expect(c).toBeInstanceOf(Container);
        const names = (await driver.listContainers()).map((x) => x.name);
        expect(names).toContain(c.name);
        expect((await driver.getContainer(c.name)).name).toBe(c.name);
      });

      it('refuses, or accepts as documented, creating a container that exists', async () => {
        const c = await newContainer();
        if ((quirks().createExisting ?? 'throws') === 'throws') {
          await expect(driver.createContainer(c.name)).rejects.toBeInstanceOf(ContainerAlreadyExistsError);
        } else {
          expect((await driver.createContainer(c.name)).name).toBe(c.name);
        }
      });

      it('deletes an empty container, which then no longer exists', async () => {
        const c = await newContainer();
        await driver.deleteContainer(c);
        await expect(driver.getContainer(c.name)).rejects.toBeInstanceOf(ContainerDoesNotExistError);
        expect((await driver.listContainers()).map((x) => x.name)).not.toContain(c.name);
      });

      it('refuses to delete a container that holds objects, or deletes it all as documented', async () => {
        const c = await newContainer();
        await driver.uploadObjectViaStream('keep', c, 'keep.txt');
        if ((quirks().deleteNonEmpty ?? 'throws') === 'throws') {
          await expect(driver.deleteContainer(c)).rejects.toBeInstanceOf(ContainerIsNotEmptyError);
          expect((await driver.getObject(c.name, 'keep.txt')).size).toBe(4);
        } else {
          await driver.deleteContainer(c);
          await expect(driver.getContainer(c.name)).rejects.toBeInstanceOf(ContainerDoesNotExistError);
        }
      });

      it('reports a missing container as ContainerDoesNotExistError for get, delete, list and upload', async () => {
        const missing = target.newContainerName();
        await expect(driver.getContainer(missing)).rejects.toBeInstanceOf(ContainerDoesNotExistError);
        await expect(driver.deleteContainer(missing)).rejects.toBeInstanceOf(ContainerDoesNotExistError);
        await expect(driver.listContainerObjects(missing)).rejects.toBeInstanceOf(ContainerDoesNotExistError);
        await expect(driver.uploadObjectViaStream('x', missing, 'x.txt')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
      });
    });

    describe('listing', () => {
      let c: Container;
      const tree = ['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'a-side.txt', 'c.txt', 'd/4.txt'];

      beforeAll(async () => {
        c = await newContainer();
        for (const n of tree) await driver.uploadObjectViaStream(n, c, n);
      });

      it('lists every object with its size, in lexicographic order', async () => {
        const objects = await driver.listContainerObjects(c);
        expect(objects.map((o) => o.name)).toEqual([...tree].sort());
        for (const o of objects) {
          expect(o.kind).toBe('object');
          expect(o.size).toBe(Buffer.byteLength(o.name));
          expect(o.container.name).toBe(c.name);
        }
      });

      it('lists only names under a prefix, including a prefix that ends mid-segment', async () => {
        expect((await driver.listContainerObjects(c, { prefix: 'a/' })).map((o) => o.name)).toEqual(['a/1.txt', 'a/2.txt', 'a/b/3.txt']);
        expect((await driver.listContainerObjects(c, { prefix: 'a' })).map((o) => o.name)).toEqual(['a-side.txt', 'a/1.txt', 'a/2.txt', 'a/b/3.txt']);
        expect(await driver.listContainerObjects(c, { prefix: 'zzz' })).toEqual([]);
      });

      it('groups names past the delimiter into prefix entries', async () => {
        const top = await driver.listContainerObjects(c, { delimiter: '/' });
        expect(top.map((o) => [o.name, o.kind])).toEqual([
          ['a-side.txt', 'object'],
          ['a/', 'prefix'],
          ['c.txt', 'object'],
          ['d/', 'prefix'],
        ]);
        const underA = await driver.listContainerObjects(c, { prefix: 'a/', delimiter: '/' });
        expect(underA.map((o) => [o.name, o.kind])).toEqual([
          ['a/1.txt', 'object'],
          ['a/2.txt', 'object'],
          ['a/b/', 'prefix'],
        ]);
      });

      it('lists an empty container as an empty list', async () => {
        const empty = await newContainer();
        expect(await driver.listContainerObjects(empty)).toEqual([]);
      });

      it('pages through more objects than one page holds, without duplicates or gaps', async () => {
        const page = target.pageSize ?? 3;
        const paged = await newContainer();
        const names = Array.from({ length: page * 3 + 1 }, (_, i) => `p/${String(i).padStart(4, '0')}`);
        for (const n of names) await driver.uploadObjectViaStream(n, paged, n);
        expect((await driver.listContainerObjects(paged, { prefix: 'p/' })).map((o) => o.name)).toEqual(names);
        const seen: string[] = [];
        for await (const o of driver.iterateContainerObjects(paged)) seen.push(o.name);
        expect(seen).toEqual(names);
      });

      it('pages through common prefixes with a delimiter, each once', async () => {
        const page = target.pageSize ?? 3;
        const paged = await newContainer();
        const dirs = Array.from({ length: page * 2 + 1 }, (_, i) => `dirs/d${String(i).padStart(3, '0')}/`);
        for (const d of dirs) {
          await driver.uploadObjectViaStream('1', paged, `${d}one`);
          await driver.uploadObjectViaStream('2', paged, `${d}two`);
        }
        await driver.uploadObjectViaStream('top', paged, 'dirs/top');
        const listed = await driver.listContainerObjects(paged, { prefix: 'dirs/', delimiter: '/' });
        expect(listed.map((o) => [o.name, o.kind])).toEqual([...dirs.map((d) => [d, 'prefix']), ['dirs/top', 'object']]);
      });
    });

    describe('uploads', () => {
      it.each(SOURCE_KINDS)('uploads from %s and reads the same bytes back', async (kind, make) => {
        const data = bytes(10_000, 3);
        data[0] = 0x78; // 'x': the AsyncIterable source sends its first byte as a string
        const objectName = `kinds/${kind.replace(/\W+/g, '-')}.bin`;
        const obj = await driver.uploadObjectViaStream(make(data), shared, objectName);
        expect(obj.name).toBe(objectName);
        expect(obj.size).toBe(data.length);
        const got = await driver.getObject(shared.name, objectName);
        expect(got.size).toBe(data.length);
        expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
      });

      it('uploads a string as UTF-8', async () => {
        const text = 'héllo, wörld ✓ — 雲';
        const obj = await driver.uploadObjectViaStream(text, shared, 'kinds/string.txt');
        expect(obj.size).toBe(Buffer.byteLength(text));
        expect((await readAll(await driver.downloadObjectAsStream(obj))).toString('utf8')).toBe(text);
      });

      it('uploads an empty object', async () => {
        const obj = await driver.uploadObjectViaStream(Buffer.alloc(0), shared, 'kinds/empty');
        expect(obj.size).toBe(0);
        expect((await driver.getObject(shared.name, 'kinds/empty')).size).toBe(0);
        expect((await readAll(await driver.downloadObjectAsStream(obj))).length).toBe(0);
      });

      it('uploads a file and guesses its content type from the object name', async () => {
        const data = bytes(50_000, 5);
        const file = scratchPath('upload.json');
        writeFileSync(file, data);
        const obj = await driver.uploadObject(file, shared, 'files/data.json');
        expect(obj.size).toBe(data.length);
        const got = await driver.getObject(shared.name, 'files/data.json');
        expect(got.contentType).toMatch(/^application\/json/);
        expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
      });

      it('keeps the content type and user metadata (keys lowercased) through a round trip', async () => {
        await driver.uploadObjectViaStream('meta', shared, 'meta/object.bin', {
          contentType: 'application/x-nubes-test',
          // Keys every provider takes: Azure allows only C# identifiers (no '-').
          metaData: { Color: 'blue', project: '42' },
        });
        const got = await driver.getObject(shared.name, 'meta/object.bin');
        expect(got.contentType).toMatch(/^application\/x-nubes-test/);
        expect(got.metaData).toEqual({ color: 'blue', project: '42' });
        expect(got.lastModified).toBeInstanceOf(Date);
        expect(Math.abs(Date.now() - got.lastModified!.getTime())).toBeLessThan(24 * 3600 * 1000);
      });

      it('keeps names with spaces, unicode and reserved URL characters intact', async () => {
        const odd = 'odd/ünï cödé + plus & amp = eq % pct ? q # h ; s ~ t.txt';
        await driver.uploadObjectViaStream('odd', shared, odd);
        const got = await driver.getObject(shared.name, odd);
        expect(got.name).toBe(odd);
        expect((await readAll(await driver.downloadObjectAsStream(got))).toString()).toBe('odd');
        expect((await driver.listContainerObjects(shared, { prefix: 'odd/' })).map((o) => o.name)).toEqual([odd]);
        await driver.deleteObject(got);
        await expect(driver.getObject(shared.name, odd)).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      });

      it('replaces an object on a second upload to the same name', async () => {
        await driver.uploadObjectViaStream('first version', shared, 'overwrite.txt', { metaData: { v: '1' } });
        await driver.uploadObjectViaStream('v2', shared, 'overwrite.txt', { metaData: { v: '2' } });
        const got = await driver.getObject(shared.name, 'overwrite.txt');
        expect(got.size).toBe(2);
        expect(got.metaData).toEqual({ v: '2' });
        expect((await readAll(await driver.downloadObjectAsStream(got))).toString()).toBe('v2');
      });

      it('reports upload progress with increasing counts up to the size', async () => {
        const total = 300_000;
        const seen: number[] = [];
        await driver.uploadObjectViaStream(slowReadable(total, 16_384), shared, 'progress/up.bin', {
          onProgress: (p) => seen.push(p.loaded),
        });
        expect(seen.length).toBeGreaterThan(0);
        for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
        expect(seen.at(-1)).toBe(total);
      });

      it('leaves nothing behind when an upload is aborted midway', async () => {
        const ac = new AbortController();
        const source = stallingReadable(bytes(64 * 1024, 9), () => setTimeout(() => ac.abort(), 20));
        await expect(
          driver.uploadObjectViaStream(source, shared, 'aborted/new.bin', { signal: ac.signal }),
        ).rejects.toBeInstanceOf(AbortError);
        await expect(driver.getObject(shared.name, 'aborted/new.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
        expect(await driver.listContainerObjects(shared, { prefix: 'aborted/' })).toEqual([]);
      });

      it('stops waiting for an async generator source that stalls when the upload is aborted', async () => {
        const ac = new AbortController();
        const source = (async function* () {
          yield bytes(32 * 1024, 12);
          setTimeout(() => ac.abort(), 20);
          await new Promise(() => undefined); // never settles: the generator cannot be cancelled
        })();
        await expect(
          driver.uploadObjectViaStream(source, shared, 'aborted/generator.bin', { signal: ac.signal }),
        ).rejects.toBeInstanceOf(AbortError);
        await expect(driver.getObject(shared.name, 'aborted/generator.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      });

      it('keeps the previous version intact when an overwrite is aborted', async () => {
        await driver.uploadObjectViaStream('original', shared, 'aborted/existing.txt');
        const ac = new AbortController();
        const source = stallingReadable(bytes(64 * 1024, 10), () => setTimeout(() => ac.abort(), 20));
        await expect(
          driver.uploadObjectViaStream(source, shared, 'aborted/existing.txt', { signal: ac.signal }),
        ).rejects.toBeInstanceOf(AbortError);
        const got = await driver.getObject(shared.name, 'aborted/existing.txt');
        expect((await readAll(await driver.downloadObjectAsStream(got))).toString()).toBe('original');
      });

      it('refuses an already aborted signal before sending anything', async () => {
        const ac = new AbortController();
        ac.abort();
        await expect(driver.uploadObjectViaStream('never', shared, 'aborted/early.txt', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
        await expect(driver.getObject(shared.name, 'aborted/early.txt')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      });
    });

    describe('downloads', () => {
      const data = bytes(4 * 1024 * 1024, 11);
      let obj: StorageObject;

      beforeAll(async () => {
        await driver.uploadObjectViaStream(data, shared, 'download/big.bin');
        obj = await driver.getObject(shared.name, 'download/big.bin');
      });

      it('downloads to a file whose bytes match, with progress up to the size', async () => {
        const dest = scratchPath('big.bin');
        const seen: number[] = [];
        await driver.downloadObject(obj, dest, { onProgress: (p) => seen.push(p.loaded) });
        expect(md5(readFileSync(dest))).toBe(md5(data));
        for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
        expect(seen.at(-1)).toBe(data.length);
      });

      it('downloads as a stream', async () => {
        expect(md5(await readAll(await driver.downloadObjectAsStream(obj)))).toBe(md5(data));
      });

      it('downloads a range [start, end) with end exclusive', async () => {
        const part = await readAll(await driver.downloadObjectRangeAsStream(obj, 1000, 1010));
        expect(part).toEqual(data.subarray(1000, 1010));
        const dest = scratchPath('range.bin');
        await driver.downloadObjectRange(obj, dest, 5, 6);
        expect(readFileSync(dest)).toEqual(data.subarray(5, 6));
      });

      it('downloads an open-ended range to the end of the object', async () => {
        const tail = await readAll(await driver.downloadObjectRangeAsStream(obj, data.length - 100));
        expect(tail).toEqual(data.subarray(data.length - 100));
        const head = await readAll(await driver.downloadObjectRangeAsStream(obj, 0, 1));
        expect(head).toEqual(data.subarray(0, 1));
      });

      it('discards a download whose digest does not match and leaves no file', async () => {
        const inject = target.supportsHashMismatchInjection ?? withWrongHash;
        const small = await driver.uploadObjectViaStream('digest me', shared, 'download/digest.txt');
        const fresh = await driver.getObject(shared.name, small.name);
        const tampered = inject(fresh);
        const dir = mkdtempSync(join(scratch, 'mismatch-'));
        await expect(driver.downloadObject(tampered, join(dir, 'out.txt'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
        expect(readdirSync(dir)).toEqual([]);
        await driver.downloadObject(fresh, join(dir, 'out.txt'));
        expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('digest me');
      });

      it('leaves no file when a download is aborted midway', async () => {
        const dir = mkdtempSync(join(scratch, 'abort-'));
        const ac = new AbortController();
        await expect(
          driver.downloadObject(obj, join(dir, 'out.bin'), {
            signal: ac.signal,
            onProgress: (p) => {
              if (p.loaded > 0) ac.abort();
            },
          }),
        ).rejects.toBeInstanceOf(AbortError);
        expect(readdirSync(dir)).toEqual([]);
        expect(existsSync(join(dir, 'out.bin'))).toBe(false);
      });

      it('reports a missing object as ObjectDoesNotExistError for get, download and delete', async () => {
        await expect(driver.getObject(shared.name, 'no/such/object')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
        const ghost = ghostObject(driver, shared.name, 'no/such/object');
        await expect(driver.downloadObjectAsStream(ghost)).rejects.toBeInstanceOf(ObjectDoesNotExistError);
        const dest = scratchPath('ghost.bin');
        await expect(driver.downloadObject(ghost, dest)).rejects.toBeInstanceOf(ObjectDoesNotExistError);
        expect(existsSync(dest)).toBe(false);
        if ((quirks().deleteMissingObject ?? 'throws') === 'throws') {
          await expect(driver.deleteObject(ghost)).rejects.toBeInstanceOf(ObjectDoesNotExistError);
        } else {
          await driver.deleteObject(ghost);
        }
      });
    });

    describe('deletes', () => {
      it('deletes an object, which then is gone from get and list', async () => {
        const obj = await driver.uploadObjectViaStream('bye', shared, 'delete/me.txt');
        await driver.deleteObject(obj);
        await expect(driver.getObject(shared.name, 'delete/me.txt')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
        expect(await driver.listContainerObjects(shared, { prefix: 'delete/' })).toEqual([]);
      });
    });

    // Targets without multipart (Local) run these too: a large upload must still arrive
    // whole, and an aborted one must still leave nothing.
    describe('large uploads (in parts where the provider has multipart)', () => {
      const partSizeOf = (t: StorageSuiteTarget): number => t.multipart?.partSize ?? 1024 * 1024;
      it('uploads a stream larger than the part size and reads it back whole', async () => {
        const partSize = partSizeOf(target);
        const total = partSize * 2 + Math.floor(partSize / 2);
        const seen: number[] = [];
        const obj = await driver.uploadObjectViaStream(slowReadable(total, 256 * 1024, 21), shared, 'multipart/big.bin', {
          partSize,
          concurrency: 2,
          onProgress: (p) => seen.push(p.loaded),
        });
        expect(obj.size).toBe(total);
        expect(seen.at(-1)).toBe(total);
        const got = await driver.getObject(shared.name, 'multipart/big.bin');
        expect(got.size).toBe(total);
        const expected = md5(bytes(total, 21));
        expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(expected);
        // The whole-file download verifies what it can (a multipart ETag is not an MD5).
        const dest = scratchPath('multipart.bin');
        await driver.downloadObject(got, dest);
        expect(md5(readFileSync(dest))).toBe(expected);
      });

      it('leaves nothing behind when a large upload is aborted', async () => {
        const partSize = partSizeOf(target);
        const ac = new AbortController();
        const source = slowReadable(partSize * 4, 256 * 1024, 22, (sent) => {
          if (sent > partSize * 1.5) ac.abort();
        });
        await expect(
          driver.uploadObjectViaStream(source, shared, 'multipart/aborted.bin', { partSize, concurrency: 2, signal: ac.signal }),
        ).rejects.toBeInstanceOf(AbortError);
        await expect(driver.getObject(shared.name, 'multipart/aborted.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      });
    });
  });
}
