/**
 * CRC combination (src/drivers/storage/download.ts `crc32Combine`, `crc32cCombine`): the
 * CRC of A ‖ B from the CRCs of A and B and B's length, which lets a download hashed as
 * parallel ranges be checked as one whole. Checked against direct computation over the
 * joined bytes, with node:zlib's `crc32` as the oracle for CRC-32 and nubes' own `crc32c`
 * (checked against RFC 3720's vectors in test/common/crc32c.test.ts) for CRC-32C: random
 * splits into many parts, empty parts, parts of 0, 1 and many bytes, a real pass over
 * 4 GiB of zeros for CRC-32, and for lengths up to 2^53 against the other classic method
 * (GF(2) matrix squaring, written here with BigInt lengths).
 */
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32c, crc32cCombine, crc32Combine } from '../../../src/drivers/storage/download.js';
import { bytes } from './helpers.js';

/** A small deterministic generator (xorshift32), so a failing split can be replayed from its seed. */
function rng(seed: number): (below: number) => number {
  let x = seed >>> 0 || 1;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

/** `data` cut at `cuts - 1` random places (repeats allowed: empty parts). */
function split(data: Buffer, cuts: number, random: (below: number) => number): Buffer[] {
  const at = Array.from({ length: cuts - 1 }, () => random(data.length + 1)).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const to of [...at, data.length]) {
    parts.push(data.subarray(from, to));
    from = to;
  }
  return parts;
}

const KINDS = [
  // node:zlib's crc32 is the oracle for CRC-32 (the native one; nubes' crc32 uses it too where it exists).
  { name: 'CRC-32', crc: (d: Uint8Array, c?: number) => crc32(d, c), oracle: (d: Uint8Array) => zlibCrc32(d) >>> 0, combine: crc32Combine },
  { name: 'CRC-32C', crc: (d: Uint8Array, c?: number) => crc32c(d, c), oracle: (d: Uint8Array) => crc32c(d), combine: crc32cCombine },
] as const;

describe.each(KINDS)('$name combine', (kind) => {
  it('matches the known check value when combining "12345" and "6789"', () => {
    const whole = kind.oracle(Buffer.from('123456789'));
    // Check values of the two CRCs (RFC 3720 B.4 for CRC-32C; zlib for CRC-32).
    expect(whole).toBe(kind.name === 'CRC-32' ? 0xcbf43926 : 0xe3069283);
    expect(kind.combine(kind.crc(Buffer.from('12345')), kind.crc(Buffer.from('6789')), 4)).toBe(whole);
  });

  it('is the CRC of the joined bytes for every split of a short buffer (lengths 0 to 40, every cut)', () => {
    for (let n = 0; n <= 40; n++) {
      const data = bytes(n, n + 7);
      const whole = kind.oracle(data);
      for (let cut = 0; cut <= n; cut++) {
        const a = data.subarray(0, cut);
        const b = data.subarray(cut);
        expect(kind.combine(kind.crc(a), kind.crc(b), b.length), `n=${n} cut=${cut}`).toBe(whole);
      }
    }
  });

  it('leaves a CRC as it is when the part appended is empty, and gives the part when the first is empty', () => {
    for (const data of [Buffer.alloc(0), Buffer.from([0]), Buffer.from([0xff]), randomBytes(1000)]) {
      const c = kind.oracle(data);
      expect(kind.combine(c, 0, 0)).toBe(c);
      expect(kind.combine(0, c, data.length)).toBe(c);
    }
  });

  it('is the CRC of the joined bytes for random splits into many parts, empty ones included, folded in order', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = rng(seed);
      const size = [0, 1, 2, 3, 17, 4096, 65_537, 1_000_003][seed % 8]!;
      const data = randomBytes(size);
      const parts = split(data, 1 + random(24), random);
      let acc = 0;
      for (const part of parts) acc = kind.combine(acc, kind.crc(part), part.length);
      expect(acc, `seed ${seed}, ${size} bytes, ${parts.length} parts`).toBe(kind.oracle(data));
    }
  });

  it('combines in any grouping: a tree of combines equals the fold (associativity over random splits)', () => {
    const data = randomBytes(300_000);
    const whole = kind.oracle(data);
    for (let seed = 100; seed < 120; seed++) {
      const random = rng(seed);
      let level = split(data, 2 + random(30), random).map((p) => ({ crc: kind.crc(p), length: p.length }));
      while (level.length > 1) {
        const next: { crc: number; length: number }[] = [];
        for (let i = 0; i < level.length; i += 2) {
          const a = level[i]!;
          const b = level[i + 1];
          next.push(b ? { crc: kind.combine(a.crc, b.crc, b.length), length: a.length + b.length } : a);
        }
        level = next;
      }
      expect(level[0]!.crc, `seed ${seed}`).toBe(whole);
    }
  });

  it('is the CRC of the joined bytes for parts of several MiB (the sizes of real ranges)', () => {
    const data = bytes(3 * 8 * 1024 * 1024 + 12_345, 11);
    const partSize = 8 * 1024 * 1024;
    let acc = 0;
    for (let start = 0; start < data.length; start += partSize) {
      const part = data.subarray(start, start + partSize);
      acc = kind.combine(acc, kind.crc(part), part.length);
    }
    expect(acc).toBe(kind.oracle(data));
  });

  it('gets an appended length past 2^32 bytes right (checked against the CRC of that many zero bytes)', () => {
    // CRC-32's native oracle runs at several GB/s: a real 4 GiB + 5 bytes pass over one
    // reused zero buffer. CRC-32C's (nubes' own, ~2 GB/s) at 512 MiB + 5 here, where
    // zlib's 32-entry table of squares would wrap (right for CRC-32 only); past 2^32 it is
    // checked against the matrix method below.
    const length = kind.name === 'CRC-32' ? 2 ** 32 + 5 : 2 ** 29 + 5;
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const head = Buffer.from('nubes');
    let direct = kind.crc(head);
    let zerosCrc = 0;
    for (let left = length; left > 0; left -= Math.min(left, zeros.length)) {
      const piece = zeros.subarray(0, Math.min(left, zeros.length));
      direct = kind.crc(piece, direct);
      zerosCrc = kind.crc(piece, zerosCrc);
    }
    expect(kind.combine(kind.crc(head), zerosCrc, length)).toBe(direct);
  }, 60_000);

  it('agrees with the GF(2) matrix-squaring combine (zlib before 1.2.12) for any length, past 2^32 and up to 2^53', () => {
    const random = rng(kind.name === 'CRC-32' ? 7 : 8);
    const lengths = [0, 1, 2, 3, 7, 8, 255, 256, 65_535, 8 * 1024 * 1024, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 32 + 5, 5 * 2 ** 40, 2 ** 53 - 1];
    for (let i = 0; i < 40; i++) lengths.push(random(2 ** 30) * 2 ** 23 + random(2 ** 23));
    for (const length of lengths) {
      const a = random(2 ** 32);
      // The CRC of no bytes is 0: a part of length 0 has no other.
      const b = length === 0 ? 0 : random(2 ** 32);
      expect(kind.combine(a, b, length), `length ${length}`).toBe(matrixCombine(kind.name === 'CRC-32' ? 0xedb88320 : 0x82f63b78, a, b, BigInt(length)));
    }
  });
});

/**
 * The other classic combine, as an independent reference: zlib's `crc32_combine` up to
 * 1.2.11, which squares the 32×32 GF(2) matrix of "one zero bit appended" to append
 * `length` zero bytes to `crcA` (the length a BigInt here, so nothing is cut at 32 bits).
 */
function matrixCombine(poly: number, crcA: number, crcB: number, length: bigint): number {
  const times = (mat: Uint32Array, vec: number): number => {
    let sum = 0;
    for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i]!;
    return sum >>> 0;
  };
  const square = (mat: Uint32Array): Uint32Array => Uint32Array.from(mat, (row) => times(mat, row));
  if (length === 0n) return crcA >>> 0;
  // One zero bit: row 0 is the polynomial, row n shifts bit n to bit n-1.
  let op: Uint32Array = new Uint32Array(32);
  op[0] = poly;
  for (let n = 1; n < 32; n++) op[n] = 1 << (n - 1);
  op = square(square(square(op))); // one zero byte
  let crc = crcA >>> 0;
  for (let n = length; n > 0n; n >>= 1n) {
    if (n & 1n) crc = times(op, crc);
    op = square(op);
  }
  return (crc ^ crcB) >>> 0;
}

describe('the two combines', () => {
  it('differ (each is tied to its polynomial)', () => {
    const a = Buffer.from('hello ');
    const b = Buffer.from('world');
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(zlibCrc32(Buffer.from('hello world')) >>> 0);
    expect(crc32cCombine(crc32(a), crc32(b), b.length)).not.toBe(zlibCrc32(Buffer.from('hello world')) >>> 0);
  });
});
