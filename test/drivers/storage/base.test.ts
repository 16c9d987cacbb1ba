import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AbortError, FileExistsError, NotSupportedError, ObjectHashMismatchError } from '../../../src/index.js';
import { Container, StorageDriver, StorageObject, rangeHeader, guessContentType, type OpenedDownload } from '../../../src/drivers/storage/index.js';
import { createHash } from 'node:crypto';

const BODY = Buffer.from('hello, storage');

/** A minimal driver over one in-memory object, to test the base's behaviour. */
class OneObjectDriver extends StorageDriver {
  static override readonly capabilities = ['downloadObjectAsStream', 'downloadObject'] as const;
  readonly type = 'one';
  readonly name = 'OneObject';
  readonly website = 'https://example.invalid';
  failMidway = false;
  streamOptions: unknown[] = [];

  protected override async openDownload(_object: StorageObject<object>, _range: unknown, options?: unknown): Promise<OpenedDownload> {
    this.streamOptions.push(options);
    if (!this.failMidway) return { body: Readable.from([BODY]) };
    return {
      body: new Readable({
        read() {
          this.push(BODY.subarray(0, 5));
          this.destroy(new Error('connection reset'));
        },
      }),
    };
  }
}

function object(driver: StorageDriver, hash: string): StorageObject {
  const container = new Container({ name: 'c', extra: {} }, driver);
  return new StorageObject({ name: 'o.txt', size: BODY.length, hash, metaData: {}, container, extra: {} }, driver);
}

const md5 = createHash('md5').update(BODY).digest('hex');

describe('StorageDriver base', () => {
  it('downloads to a file atomically after checking the MD5', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-dl-'));
    const driver = new OneObjectDriver('k');
    await driver.downloadObject(object(driver, md5), join(dir, 'out'));
    expect(readFileSync(join(dir, 'out'))).toEqual(BODY);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('discards a download whose digest differs and leaves no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-dl-'));
    const driver = new OneObjectDriver('k');
    await expect(driver.downloadObject(object(driver, '0'.repeat(32)), join(dir, 'out'))).rejects.toBeInstanceOf(ObjectHashMismatchError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no partial file when the stream fails midway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-dl-'));
    const driver = new OneObjectDriver('k');
    driver.failMidway = true;
    await expect(driver.downloadObject(object(driver, md5), join(dir, 'out'))).rejects.toThrow('connection reset');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports download progress once per byte and does not pass onProgress on to the stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-dl-'));
    const driver = new OneObjectDriver('k');
    const seen: number[] = [];
    await driver.downloadObject(object(driver, md5), join(dir, 'out'), { onProgress: (p) => seen.push(p.loaded) });
    expect(seen).toEqual([BODY.length]);
    expect(driver.streamOptions[0]).not.toHaveProperty('onProgress');
  });

  it('turns an aborted download into a nubes AbortError and leaves no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-dl-'));
    const driver = new OneObjectDriver('k');
    const ac = new AbortController();
    const err = await driver
      .downloadObject(object(driver, md5), join(dir, 'out'), { signal: ac.signal, onProgress: () => ac.abort() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-dl-'));
    writeFileSync(join(dir, 'out'), 'keep me');
    const driver = new OneObjectDriver('k');
    await expect(driver.downloadObject(object(driver, md5), join(dir, 'out'))).rejects.toBeInstanceOf(FileExistsError);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('keep me');
    await driver.downloadObject(object(driver, md5), join(dir, 'out'), { overwriteExisting: true });
    expect(readFileSync(join(dir, 'out'))).toEqual(BODY);
  });

  it('throws NotSupportedError naming the driver and method for what it lacks', async () => {
    const driver = new OneObjectDriver('k');
    const err = await driver.createContainer('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotSupportedError);
    expect(err).toMatchObject({ driver: 'OneObject', method: 'createContainer' });
    await expect(driver.listContainers()).rejects.toBeInstanceOf(NotSupportedError);
    expect(driver.supports('downloadObject')).toBe(true);
    expect(driver.supports('createContainer')).toBe(false);
  });

  it('keeps the driver out of JSON', () => {
    const driver = new OneObjectDriver('k');
    expect(JSON.parse(JSON.stringify(object(driver, md5)))).not.toHaveProperty('driver');
  });

  it('builds Range headers with an exclusive end and refuses bad bounds', () => {
    expect(rangeHeader(0, 100)).toBe('bytes=0-99');
    expect(rangeHeader(10)).toBe('bytes=10-');
    expect(() => rangeHeader(5, 5)).toThrow(/exclusive/);
    expect(() => rangeHeader(-1)).toThrow(/start/);
    expect(guessContentType('a/b.JSON')).toBe('application/json');
    expect(guessContentType('noext')).toBe('application/octet-stream');
  });
});
