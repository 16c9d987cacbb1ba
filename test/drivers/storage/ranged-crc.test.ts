/**
 * `downloadRangesToFile` (src/drivers/storage/ranged.ts) on its own, with a file that
 * records what is done to it: when the digest checked is a CRC (or there is none), the
 * ranges' CRCs are combined and the file is never read back; an MD5 or SHA digest is
 * checked by reading the file back in order. Either way the result is the same: the bytes
 * right, a wrong byte or a short range an error. The drivers' side of it (the digest each
 * provider offers, no file left on failure) is in ranged-download.test.ts.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../src/common/crc32c.js';
import { NetworkError, ObjectHashMismatchError, ObjectSizeMismatchError } from '../../../src/index.js';
import { BodyCheck, type ExpectedDigests } from '../../../src/drivers/storage/download.js';
import { downloadRangesToFile } from '../../../src/drivers/storage/ranged.js';
import { bytes } from './helpers.js';

const KiB = 1024;
const PART = 64 * KiB;
const DATA = bytes(7 * PART + 321, 21);

const b64 = (crc: number): string => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc >>> 0);
  return out.toString('base64');
};

/** A FileHandle in memory: positional writes and reads, reads counted. */
function memoryFile(size: number): { handle: FileHandle; data: Buffer; reads: () => number } {
  const data = Buffer.alloc(size);
  let reads = 0;
  const handle = {
    writev: async (buffers: Buffer[], position: number) => {
      let at = position;
      for (const b of buffers) at += b.copy(data, at);
      return { bytesWritten: at - position, buffers };
    },
    write: async (buffer: Buffer, offset: number, length: number, position: number) => ({ bytesWritten: buffer.copy(data, position, offset, offset + length), buffer }),
    read: async (buffer: Buffer, offset: number, length: number, position: number) => {
      reads++;
      return { bytesRead: data.copy(buffer, offset, position, Math.min(size, position + length)), buffer };
    },
  } as unknown as FileHandle;
  return { handle, data, reads: () => reads };
}

/** A body in chunks of 10 000 bytes (not aligned with anything), optionally altered. */
function body(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += 10_000) chunks.push(data.subarray(i, i + 10_000));
  return Readable.from(chunks, { objectMode: false });
}

interface Run {
  digests: ExpectedDigests;
  /** Alters the bytes served for a range starting at `start`. */
  serve?: (start: number, end: number) => Buffer;
  /** Alters the whole-object body (its first part is used). */
  first?: Buffer;
}

async function run(r: Run): Promise<{ error: unknown; file: ReturnType<typeof memoryFile>; progress: number[] }> {
  const file = memoryFile(DATA.length);
  const progress: number[] = [];
  const check = new BodyCheck({ length: DATA.length, digests: r.digests, total: DATA.length, onProgress: ({ loaded }) => progress.push(loaded), what: 'test: "big.bin"', provider: 'test' });
  const error = await downloadRangesToFile({
    first: body(r.first ?? DATA),
    size: DATA.length,
    partSize: PART,
    concurrency: 3,
    retries: 0,
    openRange: async (start, end) => body(r.serve ? r.serve(start, end) : DATA.subarray(start, end)),
    file: file.handle,
    check,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, file, progress };
}

const CASES = [
  { label: 'CRC-32', digests: { crc32: b64(zlibCrc32(DATA)) }, readBack: false },
  { label: 'CRC-32C', digests: { crc32c: b64(crc32c(DATA)) }, readBack: false },
  { label: 'no digest', digests: {}, readBack: false },
  { label: 'MD5', digests: { md5: createHash('md5').update(DATA).digest('hex') }, readBack: true },
  { label: 'SHA-256', digests: { sha256: createHash('sha256').update(DATA).digest('base64') }, readBack: true },
] as const;

describe.each(CASES)('downloadRangesToFile checked by $label', (c) => {
  it(c.readBack ? 'reads the file back in order and passes' : 'combines the range CRCs, never reads the file back, and passes', async () => {
    const { error, file, progress } = await run({ digests: c.digests });
    expect(error).toBeUndefined();
    expect(file.data.equals(DATA)).toBe(true);
    expect(file.reads() > 0).toBe(c.readBack);
    expect(progress.at(-1)).toBe(DATA.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  if (c.label === 'no digest') return;

  it('fails with ObjectHashMismatchError when one byte of one range differs', async () => {
    const { error } = await run({
      digests: c.digests,
      serve: (start, end) => {
        const out = Buffer.from(DATA.subarray(start, end));
        if (start === 4 * PART) out[PART - 1]! ^= 0x04;
        return out;
      },
    });
    expect(error).toBeInstanceOf(ObjectHashMismatchError);
  });

  it('fails with ObjectHashMismatchError when one byte of the first part (the whole-object body) differs', async () => {
    const first = Buffer.from(DATA);
    first[0]! ^= 0x01;
    const { error } = await run({ digests: c.digests, first });
    expect(error).toBeInstanceOf(ObjectHashMismatchError);
  });

  it('fails when two ranges are swapped (the combine is in the object order)', async () => {
    const { error } = await run({
      digests: c.digests,
      serve: (start, end) => (start === PART ? DATA.subarray(2 * PART, 3 * PART) : start === 2 * PART ? DATA.subarray(PART, 2 * PART) : DATA.subarray(start, end)),
    });
    expect(error).toBeInstanceOf(ObjectHashMismatchError);
  });
});

describe('downloadRangesToFile byte count', () => {
  it('fails when a range ends short (the whole-object body too), whatever the digest', async () => {
    for (const c of CASES) {
      const { error } = await run({ digests: c.digests, serve: (start, end) => DATA.subarray(start, start === 3 * PART ? end - 1 : end) });
      // A range body that ends early is a network failure of that range (retries 0 here).
      expect(error, c.label).toBeInstanceOf(NetworkError);
      const short = await run({ digests: c.digests, first: DATA.subarray(0, PART - 1) });
      expect(short.error, c.label).toBeInstanceOf(NetworkError);
    }
  });

  it('counts the bytes appended: more than the object holds is an ObjectSizeMismatchError', () => {
    const check = new BodyCheck({ length: 10, digests: { crc32: b64(0) }, total: 10, onProgress: undefined, what: 'test', provider: 'test' });
    expect(check.combinable).toBe(true);
    expect(check.appendRange(6, 0)).toBeUndefined();
    expect(check.appendRange(5, 0)).toBeInstanceOf(ObjectSizeMismatchError);
  });

  it('a check that combines: one CRC or none; MD5, SHA or two CRCs at once do not', () => {
    const plan = (digests: ExpectedDigests): BodyCheck => new BodyCheck({ length: undefined, digests, total: undefined, onProgress: undefined, what: 'test', provider: 'test' });
    expect(plan({}).combinable).toBe(true);
    expect(plan({ crc32: 'AAAAAA==' }).combinable).toBe(true);
    expect(plan({ crc32c: 'AAAAAA==' }).combinable).toBe(true);
    expect(plan({ crc32: 'AAAAAA==', crc32c: 'AAAAAA==' }).combinable).toBe(false);
    expect(plan({ md5: '00' }).combinable).toBe(false);
    expect(plan({ sha1: 'AA==' }).combinable).toBe(false);
    expect(plan({ crc32: 'AAAAAA==', sha256: 'AA==' }).combinable).toBe(false);
  });
});
