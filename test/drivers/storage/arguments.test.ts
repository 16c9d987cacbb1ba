/**
 * Every public storage method of every driver checks its arguments before anything
 * runs: wrong types and unknown per-call option keys are an InvalidArgumentError naming
 * the argument (and the key it was probably meant to be), never a raw TypeError and
 * never silently ignored. The checks live in the storage base, so this one table covers
 * every driver, and the next one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/index.js';
import {
  AzureBlobsStorageDriver,
  Container,
  LocalStorageDriver,
  MinIOStorageDriver,
  OpenStackSwiftStorageDriver,
  S3StorageDriver,
  StorageObject,
  type StorageDriver,
  type StorageMethod,
} from '../../../src/drivers/storage/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'nubes-storage-args-'));
const file = join(scratch, 'source.txt');
writeFileSync(file, 'abc');
// Nothing listens on port 9: a call that got past the checks would fail with a NetworkError, not InvalidArgumentError.
const nowhere = { env: {}, retry: { retries: 0 }, timeout: 2000 } as const;

const DRIVERS: { label: string; make: () => StorageDriver }[] = [
  { label: 'Local', make: () => new LocalStorageDriver(join(scratch, 'local')) },
  { label: 'S3', make: () => new S3StorageDriver('AKIDEXAMPLE', 'secret', { ...nowhere, url: 'http://127.0.0.1:9' }) },
  { label: 'MinIO', make: () => new MinIOStorageDriver('AKIDEXAMPLE', 'secret', { ...nowhere, url: 'http://127.0.0.1:9' }) },
  {
    label: 'Swift',
    make: () => new OpenStackSwiftStorageDriver('test:tester', 'testing', { ...nowhere, authUrl: 'http://127.0.0.1:9/auth/v1.0', authVersion: '1.0' }),
  },
  {
    label: 'Azure Blobs',
    make: () => new AzureBlobsStorageDriver('devstoreaccount1', Buffer.from('key').toString('base64'), { ...nowhere, url: 'http://127.0.0.1:9/devstoreaccount1' }),
  },
];

function objectOf(driver: StorageDriver): StorageObject {
  return new StorageObject({ name: 'k.txt', size: 3, hash: '', metaData: {}, container: new Container({ name: 'c', extra: {} }, driver), extra: {} }, driver);
}

type Call = (d: StorageDriver, o: StorageObject) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- calls with wrong types on purpose, as plain JavaScript would
const any = (d: StorageDriver): any => d;

/** [capability, what is wrong, the call, the option the error must name, a word the message must hold]. */
const CASES: [StorageMethod, string, Call, string, string?][] = [
  ['getContainer', 'a number as the name', (d) => any(d).getContainer(42), 'container'],
  ['getContainer', 'no name', (d) => any(d).getContainer(), 'container'],
  ['createContainer', 'an object as the name', (d) => any(d).createContainer({}), 'container'],
  ['deleteContainer', 'null', (d) => any(d).deleteContainer(null), 'container'],
  ['listContainerObjects', 'undefined container', (d) => any(d).listContainerObjects(undefined), 'container'],
  ['listContainerObjects', 'a number as prefix', (d) => any(d).listContainerObjects('c', { prefix: 1 }), 'prefix'],
  ['listContainerObjects', 'a misspelt option', (d) => any(d).listContainerObjects('c', { perfix: 'a/' }), 'perfix', '"prefix"'],
  ['listContainerObjects', 'null options', (d) => any(d).listContainerObjects('c', null), 'options'],
  [
    'listContainerObjects',
    'iterateContainerObjects with a null container',
    async (d) => {
      for await (const _ of any(d).iterateContainerObjects(null)) break;
    },
    'container',
  ],
  ['getObject', 'null container', (d) => any(d).getObject(null, 'k'), 'container'],
  ['getObject', 'a number as the object name', (d) => any(d).getObject('c', 7), 'objectName'],
  ['uploadObjectViaStream', 'metadata instead of metaData', (d) => any(d).uploadObjectViaStream('x', 'c', 'k', { metadata: { a: 'b' } }), 'metadata', '"metaData"'],
  ['uploadObjectViaStream', 'no source', (d) => any(d).uploadObjectViaStream(undefined, 'c', 'k'), 'source'],
  ['uploadObjectViaStream', 'null container', (d) => any(d).uploadObjectViaStream('x', null, 'k'), 'container'],
  ['uploadObjectViaStream', 'a number as the object name', (d) => any(d).uploadObjectViaStream('x', 'c', 7), 'objectName'],
  ['uploadObjectViaStream', 'a number in metaData', (d) => any(d).uploadObjectViaStream('x', 'c', 'k', { metaData: { a: 1 } }), 'metaData'],
  ['uploadObjectViaStream', 'a string as signal', (d) => any(d).uploadObjectViaStream('x', 'c', 'k', { signal: 'stop' }), 'signal'],
  ['uploadObjectViaStream', 'a string as contentLength', (d) => any(d).uploadObjectViaStream('x', 'c', 'k', { contentLength: '3' }), 'contentLength'],
  ['uploadObjectViaStream', 'a string as options', (d) => any(d).uploadObjectViaStream('x', 'c', 'k', 'text/plain'), 'options'],
  ['uploadObject', 'no file path', (d) => any(d).uploadObject(undefined, 'c', 'k'), 'filePath'],
  ['uploadObject', 'a misspelt option', (d) => any(d).uploadObject(file, 'c', 'k', { contentlength: 3 }), 'contentlength', '"contentLength"'],
  ['downloadObject', 'null object', (d) => any(d).downloadObject(null, join(scratch, 'x')), 'object'],
  ['downloadObject', 'an object name instead of the object', (d) => any(d).downloadObject('k.txt', join(scratch, 'x')), 'object'],
  ['downloadObject', 'no destination', (d, o) => any(d).downloadObject(o), 'destPath'],
  ['downloadObject', 'an unknown option', (d, o) => any(d).downloadObject(o, join(scratch, 'x'), { overwrite: true }), 'overwrite'],
  ['downloadObject', 'a string as overwriteExisting', (d, o) => any(d).downloadObject(o, join(scratch, 'x'), { overwriteExisting: 'yes' }), 'overwriteExisting'],
  ['downloadObjectAsStream', 'undefined object', (d) => any(d).downloadObjectAsStream(undefined), 'object'],
  ['downloadObjectAsStream', 'a misspelt option', (d, o) => any(d).downloadObjectAsStream(o, { verifyhash: false }), 'verifyhash', '"verifyHash"'],
  ['downloadObjectAsStream', 'a number as onProgress', (d, o) => any(d).downloadObjectAsStream(o, { onProgress: 1 }), 'onProgress'],
  ['downloadObjectRange', 'a negative start', (d, o) => any(d).downloadObjectRange(o, join(scratch, 'x'), -1), 'start'],
  ['downloadObjectRange', 'a string as start', (d, o) => any(d).downloadObjectRangeAsStream(o, 'a'), 'start'],
  ['downloadObjectRange', 'a fraction as end', (d, o) => any(d).downloadObjectRangeAsStream(o, 0, 0.5), 'end'],
  ['downloadObjectRange', 'an unknown option', (d, o) => any(d).downloadObjectRangeAsStream(o, 0, 5, { range: 'bytes=0-4' }), 'range'],
  ['deleteObject', 'null', (d) => any(d).deleteObject(null), 'object'],
  ['deleteObject', 'an object name instead of the object', (d) => any(d).deleteObject('k.txt'), 'object'],
  ['presignedUrl', 'null', (d) => any(d).presignedUrl(null), 'object'],
  ['presignedUrl', 'a misspelt option', (d, o) => any(d).presignedUrl(o, { expires: 60 }), 'expires', '"expiresIn"'],
];

describe.each(DRIVERS)('storage arguments: $label', ({ make }) => {
  const driver = make();
  const object = objectOf(driver);
  const cases = CASES.filter(([capability]) => driver.supports(capability));

  it.each(cases.map(([capability, what, call, option, hint]) => ({ capability, what, call, option, hint })))(
    '$capability: $what → InvalidArgumentError naming $option',
    async ({ call, option, hint }) => {
      const err = await (async () => call(driver, object))().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(err).not.toBeInstanceOf(TypeError);
      expect((err as InvalidArgumentError).option).toBe(option);
      expect((err as Error).message).toContain(option);
      if (hint) expect((err as Error).message).toContain(`did you mean ${hint}`);
    },
  );

  it('accepts every documented option key (nothing valid is refused)', async () => {
    const ok = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => undefined,
        (e: unknown) => {
          if (e instanceof InvalidArgumentError) throw e;
        },
      );
    if (driver.supports('uploadObjectViaStream')) {
      await ok(
        driver.uploadObjectViaStream('x', 'c', 'k', {
          contentType: 'text/plain',
          metaData: { a: 'b' },
          contentLength: 1,
          verifyHash: true,
          partSize: 8 * 1024 * 1024,
          concurrency: 2,
          onProgress: () => undefined,
          signal: new AbortController().signal,
        }),
      );
    }
    await ok(driver.downloadObject(object, join(scratch, 'ok'), { overwriteExisting: true, deleteOnFailure: true, verifyHash: true }));
    await ok(driver.listContainerObjects('c', { prefix: 'a', delimiter: '/' }));
  });
});
