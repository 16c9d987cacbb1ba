/**
 * The Local driver's two safety rules, with real symbolic links and real concurrency:
 * nothing below the root reaches outside it (no symbolic link is followed, for reads,
 * writes, deletes and listings), and an object's metadata and hash always belong to the
 * bytes that are there, whatever concurrent uploads do.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ObjectDoesNotExistError } from '../../../src/index.js';
import { Container, LocalStorageDriver, StorageObject } from '../../../src/drivers/storage/index.js';
import { readAll } from './helpers.js';

let root: string;
let outside: string;
let driver: LocalStorageDriver;

beforeEach(async () => {
  const base = mkdtempSync(join(tmpdir(), 'nubes-local-safety-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'outside the root');
  driver = new LocalStorageDriver(root);
  await driver.createContainer('c');
});

afterEach(async () => {
  await rm(join(root, '..'), { recursive: true, force: true });
});

function objectIn(container: string, name: string): StorageObject {
  return new StorageObject({ name, size: 0, hash: '', metaData: {}, container: new Container({ name: container, extra: {} }, driver), extra: {} }, driver);
}

/** The outside directory is exactly as the test left it: nothing written, nothing removed. */
function expectOutsideUntouched(): void {
  expect(readdirSync(outside)).toEqual(['secret.txt']);
  expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('outside the root');
}

/** Every storage operation on `container`/`name`, each of which must be refused. */
function operations(container: string, name: string): [string, () => Promise<unknown>][] {
  const file = join(root, '..', 'upload-source.txt');
  writeFileSync(file, 'from a file');
  return [
    ['uploadObjectViaStream', () => driver.uploadObjectViaStream('written?', container, name)],
    ['uploadObject', () => driver.uploadObject(file, container, name)],
    ['getObject', () => driver.getObject(container, name)],
    ['downloadObjectAsStream', async () => readAll(await driver.downloadObjectAsStream(objectIn(container, name)))],
    ['downloadObjectRangeAsStream', async () => readAll(await driver.downloadObjectRangeAsStream(objectIn(container, name), 0, 3))],
    ['downloadObject', () => driver.downloadObject(objectIn(container, name), join(root, '..', `dl-${Math.random()}`))],
    ['deleteObject', () => driver.deleteObject(objectIn(container, name))],
  ];
}

describe('Local: no symbolic link below the root is followed', () => {
  it('refuses a container that is a symbolic link to a directory outside the root', async () => {
    symlinkSync(outside, join(root, 'evil'), 'dir');
    expect((await driver.listContainers()).map((c) => c.name)).toEqual(['c']);
    await expect(driver.getContainer('evil')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(driver.listContainerObjects('evil')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(driver.deleteContainer('evil')).rejects.toBeInstanceOf(InvalidArgumentError);
    for (const [op, run] of operations('evil', 'secret.txt')) {
      await expect(run(), op).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    for (const [op, run] of operations('evil', 'new.txt')) {
      await expect(run(), op).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expectOutsideUntouched();
  });

  it('refuses an object path through a symbolic link to a directory outside the root', async () => {
    symlinkSync(outside, join(root, 'c', 'link'), 'dir');
    await driver.uploadObjectViaStream('inside', 'c', 'real.txt');
    expect((await driver.listContainerObjects('c')).map((o) => o.name)).toEqual(['real.txt']);
    expect((await driver.listContainerObjects('c', { prefix: 'link/' })).map((o) => o.name)).toEqual([]);
    for (const [op, run] of [...operations('c', 'link/secret.txt'), ...operations('c', 'link/new.txt'), ...operations('c', 'link/deeper/new.txt')]) {
      await expect(run(), op).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expectOutsideUntouched();
  });

  it('refuses an object that is a symbolic link to a file outside the root', async () => {
    symlinkSync(join(outside, 'secret.txt'), join(root, 'c', 'obj.txt'), 'file');
    expect((await driver.listContainerObjects('c')).map((o) => o.name)).toEqual([]);
    for (const [op, run] of operations('c', 'obj.txt')) {
      await expect(run(), op).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expectOutsideUntouched();
  });

  it("refuses to work through a container whose .nubes directory is a symbolic link", async () => {
    symlinkSync(outside, join(root, 'c', '.nubes'), 'dir');
    await expect(driver.uploadObjectViaStream('x', 'c', 'a.txt')).rejects.toBeInstanceOf(InvalidArgumentError);
    expectOutsideUntouched();
    expect(existsSync(join(root, 'c', 'a.txt'))).toBe(false);
  });

  it('refuses a symbolic link that points back inside the root too: links are never followed', async () => {
    await driver.uploadObjectViaStream('inside', 'c', 'real.txt');
    symlinkSync(join(root, 'c', 'real.txt'), join(root, 'c', 'alias.txt'), 'file');
    await expect(driver.getObject('c', 'alias.txt')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(readFileSync(join(root, 'c', 'real.txt'), 'utf8')).toBe('inside');
  });

  it("reads a listed object's metadata lazily without following a link swapped in for .nubes/meta", async () => {
    await driver.uploadObjectViaStream('inside', 'c', 'real.txt', { metaData: { who: 'nubes' } });
    const [listed] = await driver.listContainerObjects('c');
    // After the listing, .nubes/meta becomes a link to a copy outside, with other metadata.
    const meta = join(root, 'c', '.nubes', 'meta');
    const copy = join(outside, 'meta');
    cpSync(meta, copy, { recursive: true });
    for (const f of readdirSync(copy, { recursive: true })) {
      const path = join(copy, String(f));
      if (path.endsWith('.json')) writeFileSync(path, readFileSync(path, 'utf8').replace('"nubes"', '"outside"'));
    }
    rmSync(meta, { recursive: true });
    symlinkSync(copy, meta, 'dir');
    expect(listed!.metaData).toEqual({});
    expect(listed!.hash).toBe('');
  });

  it('refuses a large file upload (a kernel copy) through a symbolic link', async () => {
    symlinkSync(outside, join(root, 'c', 'link'), 'dir');
    const big = join(root, '..', 'big.bin');
    writeFileSync(big, Buffer.alloc(9 * 1024 * 1024, 1));
    await expect(driver.uploadObject(big, 'c', 'link/big.bin')).rejects.toBeInstanceOf(InvalidArgumentError);
    expectOutsideUntouched();
  });

  it('still works under a root whose own path goes through a symbolic link', async () => {
    const alias = join(root, '..', 'root-alias');
    symlinkSync(root, alias, 'dir');
    const viaAlias = new LocalStorageDriver(alias);
    await viaAlias.uploadObjectViaStream('via alias', 'c', 'd/e.txt');
    expect((await readAll(await viaAlias.downloadObjectAsStream(await viaAlias.getObject('c', 'd/e.txt')))).toString()).toBe('via alias');
    await viaAlias.deleteObject(await viaAlias.getObject('c', 'd/e.txt'));
    await expect(viaAlias.getObject('c', 'd/e.txt')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
  });
});

describe('Local: metadata and hash always belong to the bytes that are there', () => {
  const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
  const payload = (i: number): string => `payload number ${i} `.repeat(200 + i * 37);

  it('six concurrent uploads with different metadata, raced many times, never leave a mismatch', async () => {
    const seen: string[] = [];
    for (let round = 0; round < 40; round++) {
      const name = `raced-${round}.txt`;
      const uploads = Array.from({ length: 6 }, (_, i) =>
        driver.uploadObjectViaStream(payload(i), 'c', name, { metaData: { writer: String(i) }, contentType: `text/x-writer-${i}` }),
      );
      // Readers racing the writers: whatever they see must be consistent.
      const readers = Array.from({ length: 6 }, async () => {
        const o = await driver.getObject('c', name).catch((err: unknown) => {
          if (err instanceof ObjectDoesNotExistError) return undefined;
          throw err;
        });
        if (o === undefined) return;
        const writer = Number(o.metaData.writer);
        expect(o.metaData.writer, `round ${round}: an object without its metadata`).toBeDefined();
        expect(o.hash).toBe(md5(payload(writer)));
        expect(o.contentType).toBe(`text/x-writer-${writer}`);
      });
      await Promise.all([...uploads, ...readers]);
      const object = await driver.getObject('c', name);
      const writer = Number(object.metaData.writer);
      expect(object.metaData, `round ${round}: an object without its metadata`).toEqual({ writer: String(writer) });
      expect(object.hash, `round ${round}: the hash of other bytes`).toBe(md5(payload(writer)));
      expect(object.size).toBe(Buffer.byteLength(payload(writer)));
      expect((await readAll(await driver.downloadObjectAsStream(object))).toString()).toBe(payload(writer));
      seen.push(object.metaData.writer!);
    }
    // Replaced files' sidecars are collected: one per object remains.
    const metaRoot = join(root, 'c', '.nubes', 'meta');
    const sidecars = readdirSync(metaRoot, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(sidecars).toHaveLength(40);
    expect(readdirSync(join(root, 'c', '.nubes', 'tmp'))).toEqual([]);
    expect(seen).toHaveLength(40);
  });

  it('deletes an object with its sidecars', async () => {
    await driver.uploadObjectViaStream('a', 'c', 'x.txt', { metaData: { k: 'v' } });
    await driver.uploadObjectViaStream('b', 'c', 'x.txt', { metaData: { k: 'w' } });
    await driver.deleteObject(await driver.getObject('c', 'x.txt'));
    const metaRoot = join(root, 'c', '.nubes', 'meta');
    expect(readdirSync(metaRoot, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toEqual([]);
  });
});
