/**
 * The Azure Blobs driver against a real Blob service (Azurite), for what the shared
 * behavioural suite (azure-blobs-behaviour.test.ts) does not cover or covers differently:
 * container pagination, Azure's metadata rules, block uploads, SAS URLs and a
 * container-SAS credential.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ContainerAlreadyExistsError,
  ContainerIsNotEmptyError,
  ObjectDoesNotExistError,
} from '../../../../src/common/errors/index.js';
import { Connection } from '../../../../src/connection/connection.js';
import { AzureBlobsStorageDriver } from '../../../../src/drivers/storage/azure-blobs/index.js';
import { Container, StorageObject, type UploadSource } from '../../../../src/drivers/storage/index.js';
import { AZURITE_ACCOUNT, AZURITE_KEY, azuriteUnavailable, startAzurite, type Azurite } from '../../../peers/azurite.js';

const skip = await azuriteUnavailable();
const PAGE = 3;
const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Deterministic bytes, so a wrong byte changes the digest. */
function bytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Emits `total` bytes in `chunk`-sized pieces on demand; `onRead` sees the count handed out. */
function lazyReadable(data: Buffer, chunk: number, onRead?: (sent: number) => void): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const piece = data.subarray(offset, offset + chunk);
      offset += piece.length;
      onRead?.(offset);
      setImmediate(() => this.push(piece));
    },
  });
}

/** Emits `first`, calls `onSent`, then never ends (until destroyed). */
function stalling(first: Buffer, onSent: () => void): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) return;
      sent = true;
      this.push(first);
      onSent();
    },
  });
}

describe.skipIf(skip !== undefined)('Azure Blobs driver on Azurite', () => {
  let azurite: Azurite;
  let driver: AzureBlobsStorageDriver;
  let shared: Container;
  let scratch: string;
  const created = new Set<string>();
  const newName = (): string => `nubes-${randomBytes(5).toString('hex')}`;

  async function newContainer(): Promise<Container> {
    const name = newName();
    created.add(name);
    return driver.createContainer(name);
  }

  beforeAll(async () => {
    azurite = await startAzurite();
    driver = new AzureBlobsStorageDriver(AZURITE_ACCOUNT, AZURITE_KEY, { url: `http://127.0.0.1:${azurite.port}`, env: {}, listPageSize: PAGE });
    scratch = mkdtempSync(join(tmpdir(), 'nubes-azure-'));
    shared = await newContainer();
  });

  afterAll(async () => {
    await driver?.close();
    await azurite?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('containers', () => {
    it('lists containers across pages of the configured size', async () => {
      for (let i = 0; i < PAGE; i++) await newContainer();
      const names = (await driver.listContainers()).map((c) => c.name);
      expect(names.length).toBeGreaterThan(PAGE);
      expect(new Set(names).size).toBe(names.length);
      for (const name of created) expect(names).toContain(name);
    });

    it('refuses creating a container that exists', async () => {
      const c = await newContainer();
      await expect(driver.createContainer(c.name)).rejects.toBeInstanceOf(ContainerAlreadyExistsError);
    });

    it('refuses to delete a container that holds objects, keeping them', async () => {
      const c = await newContainer();
      await driver.uploadObjectViaStream('keep', c, 'keep.txt');
      await expect(driver.deleteContainer(c)).rejects.toBeInstanceOf(ContainerIsNotEmptyError);
      expect((await driver.getObject(c.name, 'keep.txt')).size).toBe(4);
    });

  });

  describe('listing', () => {
    let c: Container;
    const tree = ['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'a-side.txt', 'c.txt', 'd/4.txt'];

    beforeAll(async () => {
      c = await newContainer();
      for (const n of tree) await driver.uploadObjectViaStream(n, c, n);
    });

    it('lists every object with its size, in name order, across pages', async () => {
      const objects = await driver.listContainerObjects(c);
      expect(objects.map((o) => o.name)).toEqual([...tree].sort());
      for (const o of objects) {
        expect(o.kind).toBe('object');
        expect(o.size).toBe(Buffer.byteLength(o.name));
        expect(o.hash).toBe(md5(Buffer.from(o.name)));
        expect(o.container.name).toBe(c.name);
      }
    });

    it('lists only names under a prefix, including one that ends mid-segment', async () => {
      expect((await driver.listContainerObjects(c, { prefix: 'a/' })).map((o) => o.name)).toEqual(['a/1.txt', 'a/2.txt', 'a/b/3.txt']);
      expect((await driver.listContainerObjects(c, { prefix: 'a' })).map((o) => o.name)).toEqual(['a-side.txt', 'a/1.txt', 'a/2.txt', 'a/b/3.txt']);
      expect(await driver.listContainerObjects(c, { prefix: 'zzz' })).toEqual([]);
    });

  });

  describe('uploads', () => {
    const kinds: [string, (data: Buffer) => UploadSource][] = [
      ['a Node Readable', (d) => Readable.from([d.subarray(0, 10), d.subarray(10, 2000), d.subarray(2000)])],
      [
        'a web ReadableStream',
        (d) => {
          let sent = 0;
          return new WebReadableStream<Uint8Array>({
            pull(controller) {
              if (sent >= d.length) return controller.close();
              const piece = new Uint8Array(d.subarray(sent, sent + 1500));
              sent += piece.length;
              controller.enqueue(piece);
            },
          });
        },
      ],
      [
        'an AsyncIterable of strings and Uint8Array',
        (d) =>
          (async function* () {
            yield d.subarray(0, 1).toString('latin1');
            yield new Uint8Array(d.subarray(1));
          })(),
      ],
      ['a Buffer', (d) => Buffer.from(d)],
      ['a Uint8Array', (d) => new Uint8Array(d)],
    ];

    it.each(kinds)('uploads from %s and reads the same bytes back', async (kind, make) => {
      const data = bytes(10_000, 3);
      data[0] = 0x78; // ASCII, so the string form of the first byte is that byte
      const name = `kinds/${kind.replace(/\W+/g, '-')}.bin`;
      const obj = await driver.uploadObjectViaStream(make(data), shared, name);
      expect(obj.size).toBe(data.length);
      const got = await driver.getObject(shared.name, name);
      expect(got.size).toBe(data.length);
      expect(got.hash).toBe(md5(data));
      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
    });

    it('uploads a string as UTF-8, and an empty object', async () => {
      const text = 'héllo, wörld ✓ — 雲';
      const obj = await driver.uploadObjectViaStream(text, shared, 'kinds/string.txt');
      expect((await readAll(await driver.downloadObjectAsStream(obj))).toString('utf8')).toBe(text);
      const empty = await driver.uploadObjectViaStream(Buffer.alloc(0), shared, 'kinds/empty');
      expect((await driver.getObject(shared.name, 'kinds/empty')).size).toBe(0);
      expect((await readAll(await driver.downloadObjectAsStream(empty))).length).toBe(0);
    });

    it('uploads a file and guesses its content type from the name', async () => {
      const data = bytes(50_000, 5);
      const file = join(scratch, 'upload.json');
      writeFileSync(file, data);
      await driver.uploadObject(file, shared, 'files/data.json');
      const got = await driver.getObject(shared.name, 'files/data.json');
      expect(got.contentType).toBe('application/json');
      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
    });

    it('keeps the content type and metadata (keys lowercased) through a round trip', async () => {
      await driver.uploadObjectViaStream('meta', shared, 'meta/object.bin', {
        contentType: 'application/x-nubes-test',
        metaData: { Color: 'blue', owner_id: '42' },
      });
      const got = await driver.getObject(shared.name, 'meta/object.bin');
      expect(got.contentType).toBe('application/x-nubes-test');
      expect(got.metaData).toEqual({ color: 'blue', owner_id: '42' });
      expect(got.lastModified).toBeInstanceOf(Date);
      const listed = await driver.listContainerObjects(shared, { prefix: 'meta/' });
      expect(listed[0]!.metaData).toEqual({ color: 'blue', owner_id: '42' });
    });

    it('keeps the previous version when an overwrite is aborted', async () => {
      await driver.uploadObjectViaStream('original', shared, 'aborted/existing.txt');
      const ac = new AbortController();
      const source = stalling(bytes(64 * 1024, 10), () => setTimeout(() => ac.abort(), 20));
      await expect(driver.uploadObjectViaStream(source, shared, 'aborted/existing.txt', { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
      const got = await driver.getObject(shared.name, 'aborted/existing.txt');
      expect((await readAll(await driver.downloadObjectAsStream(got))).toString()).toBe('original');
    });
  });

  describe('block uploads', () => {
    const partSize = 256 * 1024;

    it('uploads a stream larger than the block size as blocks and reads it back whole', async () => {
      const data = bytes(partSize * 2 + partSize / 2, 21);
      const seen: number[] = [];
      const obj = await driver.uploadObjectViaStream(lazyReadable(data, 64 * 1024), shared, 'blocks/big.bin', {
        partSize,
        concurrency: 2,
        metaData: { kind: 'blocks' },
        onProgress: (p) => seen.push(p.loaded),
      });
      expect(obj.size).toBe(data.length);
      expect(seen.at(-1)).toBe(data.length);
      const got = await driver.getObject(shared.name, 'blocks/big.bin');
      expect(got).toMatchObject({ size: data.length, hash: md5(data), metaData: { kind: 'blocks' }, contentType: 'application/octet-stream' });
      const dest = join(scratch, 'blocks.bin');
      await driver.downloadObject(got, dest);
      expect(md5(readFileSync(dest))).toBe(md5(data));
    });

    it('commits nothing when a block upload is aborted', async () => {
      const data = bytes(partSize * 4, 22);
      const ac = new AbortController();
      const source = lazyReadable(data, 64 * 1024, (sent) => {
        if (sent > partSize * 1.5) ac.abort();
      });
      await expect(
        driver.uploadObjectViaStream(source, shared, 'blocks/aborted.bin', { partSize, concurrency: 2, signal: ac.signal }),
      ).rejects.toBeInstanceOf(AbortError);
      await expect(driver.getObject(shared.name, 'blocks/aborted.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    });
  });

  describe('downloads', () => {
    const data = bytes(4 * 1024 * 1024, 11);
    let obj: StorageObject;

    beforeAll(async () => {
      await driver.uploadObjectViaStream(data, shared, 'download/big.bin');
      obj = await driver.getObject(shared.name, 'download/big.bin');
    });

    it('downloads a range [start, end) and an open-ended range', async () => {
      expect(await readAll(await driver.downloadObjectRangeAsStream(obj, 1000, 1010))).toEqual(data.subarray(1000, 1010));
      expect(await readAll(await driver.downloadObjectRangeAsStream(obj, data.length - 100))).toEqual(data.subarray(data.length - 100));
      const dest = join(scratch, 'range.bin');
      await driver.downloadObjectRange(obj, dest, 5, 6);
      expect(readFileSync(dest)).toEqual(data.subarray(5, 6));
    });

  });

  describe('presigned URLs', () => {
    it('reads a blob through a GET URL, and writes one through a PUT URL, with no credentials', async () => {
      const plain = new Connection({ env: {} });
      try {
        const source = await driver.uploadObjectViaStream('shared secret', shared, 'sas/read.txt');
        const readUrl = await driver.presignedUrl(source, { expiresIn: 300 });
        expect((await plain.request(readUrl)).body).toBe('shared secret');
        const writeUrl = await driver.presignedUrl({ container: shared.name, name: 'sas/written.txt' }, { method: 'PUT' });
        await plain.request(writeUrl, { method: 'PUT', data: 'from a client', headers: { 'x-ms-blob-type': 'BlockBlob' } });
        const written = await driver.getObject(shared.name, 'sas/written.txt');
        expect((await readAll(await driver.downloadObjectAsStream(written))).toString()).toBe('from a client');
      } finally {
        await plain.close();
      }
    });

    it('works through a driver whose credential is a container SAS', async () => {
      const token = new URL(
        driver.connection.blobSasUrl(shared.name, undefined, { permissions: 'rl', expiresOn: new Date(Date.now() + 300_000) }),
      ).search;
      const reader = new AzureBlobsStorageDriver(AZURITE_ACCOUNT, token, { url: `http://127.0.0.1:${azurite.port}`, env: {} });
      try {
        const listed = await reader.listContainerObjects(shared.name, { prefix: 'sas/' });
        expect(listed.map((o) => o.name)).toContain('sas/read.txt');
        const got = await reader.getObject(shared.name, 'sas/read.txt');
        expect((await readAll(await reader.downloadObjectAsStream(got))).toString()).toBe('shared secret');
      } finally {
        await reader.close();
      }
    });
  });
});
