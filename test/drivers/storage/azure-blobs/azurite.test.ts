/**
 * The Azure Blobs driver against a real Blob service (Azurite), for what the shared
 * behavioural suite (azure-blobs-behaviour.test.ts, on the same Azurite) does not cover:
 * container pagination, MD5 hashes in listings, Azure's metadata rules, the CRC-32
 * nubes records (and checks) on block blobs, SAS URLs and a container-SAS credential.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../../../src/connection/connection.js';
import { AzureBlobsStorageDriver } from '../../../../src/drivers/storage/azure-blobs/index.js';
import { Container } from '../../../../src/drivers/storage/index.js';
import { AZURITE_ACCOUNT, AZURITE_KEY, azuriteUnavailable, startAzurite, type Azurite } from '../../../peers/azurite.js';
import { ObjectHashMismatchError } from '../../../../src/common/errors/index.js';
import { bytes, md5, readAll } from '../helpers.js';

/** Base64 of the big-endian CRC-32 of `data`, as nubes records it. */
function crc32Base64(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out.toString('base64');
}

const skip = await azuriteUnavailable();
const PAGE = 3;

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

  });

  describe('listing', () => {
    const tree = ['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'a-side.txt', 'c.txt', 'd/4.txt'];

    it('lists each blob with the MD5 of its bytes as its hash, across pages', async () => {
      const c = await newContainer();
      for (const n of tree) await driver.uploadObjectViaStream(n, c, n);
      const objects = await driver.listContainerObjects(c);
      expect(objects.map((o) => o.name)).toEqual([...tree].sort());
      for (const o of objects) expect(o.hash).toBe(md5(Buffer.from(o.name)));
    });
  });

  describe('uploads', () => {
    it('keeps the content type and metadata (keys lowercased), in getObject and in listings', async () => {
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

    it('uploads a stream larger than the block size as blocks, recording its CRC-32, which downloads check', async () => {
      const partSize = 256 * 1024;
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
      // No whole-object MD5 by default (blobMd5): the hash is the ETag; the CRC-32 is in extra, not in metaData.
      expect(got).toMatchObject({ size: data.length, metaData: { kind: 'blocks' }, contentType: 'application/octet-stream' });
      expect(got.hash).not.toBe(md5(data));
      expect(got.extra.crc32).toBe(crc32Base64(data));
      expect(obj.extra.crc32).toBe(crc32Base64(data));
      const listed = await driver.listContainerObjects(shared, { prefix: 'blocks/big' });
      expect(listed[0]!.metaData).toEqual({ kind: 'blocks' });
      expect(listed[0]!.extra.crc32).toBe(crc32Base64(data));
      const dest = join(scratch, 'blocks.bin');
      await driver.downloadObject(got, dest);
      expect(md5(readFileSync(dest))).toBe(md5(data));
      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
    });

    it('stores the whole MD5 of a block blob with blobMd5: true', async () => {
      const withMd5 = new AzureBlobsStorageDriver(AZURITE_ACCOUNT, AZURITE_KEY, { url: `http://127.0.0.1:${azurite.port}`, env: {}, blobMd5: true, blockSize: 64 * 1024 });
      try {
        const data = bytes(200 * 1024, 5);
        await withMd5.uploadObjectViaStream(data, shared, 'blocks/md5.bin');
        const got = await driver.getObject(shared.name, 'blocks/md5.bin');
        expect(got.hash).toBe(md5(data));
        expect(got.extra.crc32).toBe(crc32Base64(data));
        expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
      } finally {
        await withMd5.close();
      }
    });

    it('fails downloads of a blob whose bytes no longer match the recorded CRC-32 (same size, as a file in ranges and as a stream)', async () => {
      // Larger than the 8 MiB above which downloads to a file go in parallel ranges.
      const data = bytes(9 * 1024 * 1024 + 123, 33);
      const name = 'corrupt/big.bin';
      await driver.uploadObjectViaStream(Readable.from([data]), shared, name, { partSize: 4 * 1024 * 1024 });
      // Another writer puts other bytes of the same size, carrying nubes' entry along.
      const other = Buffer.from(data);
      other.writeUInt8(other.readUInt8(5 * 1024 * 1024) ^ 0xff, 5 * 1024 * 1024);
      await driver.connection.request(driver.connection.resourcePath(shared.name, name), {
        method: 'PUT',
        data: other,
        headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-meta-nubes_crc32': `${data.length}:${crc32Base64(data)}` },
      });
      const got = await driver.getObject(shared.name, name);
      expect(got.extra.crc32).toBe(crc32Base64(data));
      const dest = join(scratch, 'corrupt.bin');
      await expect(driver.downloadObject(got, dest)).rejects.toBeInstanceOf(ObjectHashMismatchError);
      expect(() => readFileSync(dest)).toThrow();
      await expect(readAll(await driver.downloadObjectAsStream(got))).rejects.toBeInstanceOf(ObjectHashMismatchError);
      // Without the check the bytes come through.
      expect(md5(await readAll(await driver.downloadObjectAsStream(got, { verifyHash: false })))).toBe(md5(other));
    });

    it('never fails a sound blob after Set Blob Metadata, with or without nubes\' entry, nor a rewrite of another size', async () => {
      const data = bytes(300 * 1024, 8);
      const name = 'meta/rewritten.bin';
      await driver.uploadObjectViaStream(data, shared, name, { partSize: 128 * 1024, metaData: { a: '1' } });
      const path = driver.connection.resourcePath(shared.name, name);
      // Set Blob Metadata replaces all metadata: nubes' entry is gone, nothing is checked but the size.
      await driver.connection.request(path, { method: 'PUT', params: { comp: 'metadata' }, headers: { 'x-ms-meta-b': '2' } });
      let got = await driver.getObject(shared.name, name);
      expect(got.metaData).toEqual({ b: '2' });
      expect(got.extra.crc32).toBeUndefined();
      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
      // A tool that copies all metadata back keeps a CRC that still matches.
      await driver.connection.request(path, {
        method: 'PUT',
        params: { comp: 'metadata' },
        headers: { 'x-ms-meta-b': '2', 'x-ms-meta-NUBES_CRC32': `${data.length}:${crc32Base64(data)}` },
      });
      got = await driver.getObject(shared.name, name);
      expect(got.metaData).toEqual({ b: '2' });
      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
      // Rewritten with other content of another size, the entry carried along: ignored, not a false mismatch.
      const shorter = data.subarray(0, 1000);
      await driver.connection.request(path, { method: 'PUT', data: shorter, headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-meta-nubes_crc32': `${data.length}:${crc32Base64(data)}` } });
      got = await driver.getObject(shared.name, name);
      expect(got.extra.crc32).toBeUndefined();
      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(shorter));
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
