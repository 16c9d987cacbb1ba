/**
 * CRC32C against the check values of RFC 3720 appendix B.4 and Google's documented
 * example, plus incremental use.
 */
import { describe, expect, it } from 'vitest';
import { Crc32c, crc32c, crc32cBase64 } from '../../src/common/crc32c.js';

/** A bit-at-a-time reference, to compare the sliced tables with. */
function slow(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0x82f63b78 ^ (crc >>> 1) : crc >>> 1;
  }
  return ~crc >>> 0;
}

describe('crc32c', () => {
  it('matches the standard check value and the RFC 3720 vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('writes Google\'s base64 form (big-endian bytes)', () => {
    // Cloud Storage documents crc32c "AAAAAA==" for an empty object.
    expect(crc32cBase64(crc32c(Buffer.alloc(0)))).toBe('AAAAAA==');
    expect(crc32cBase64(0xe3069283)).toBe('4waSgw==');
  });

  it('agrees with a bit-by-bit reference on every length, and piece by piece', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 0xff));
    for (const n of [1, 7, 8, 9, 15, 16, 17, 63, 999, 1000]) expect(crc32c(data.subarray(0, n))).toBe(slow(data.subarray(0, n)));
    const inc = new Crc32c();
    for (let i = 0; i < data.length; i += 37) inc.update(data.subarray(i, i + 37));
    expect(inc.value).toBe(slow(data));
    expect(inc.base64()).toBe(crc32cBase64(slow(data)));
  });
});

describe('crc32c on large, unaligned and shared buffers', () => {
  it('agrees with the reference at every alignment and length around the 16-byte steps', () => {
    const backing = Buffer.from(Array.from({ length: 4096 + 64 }, (_, i) => (i * 197 + 11) & 0xff));
    for (const offset of [0, 1, 2, 3, 5, 8]) {
      for (const n of [63, 64, 65, 79, 80, 81, 127, 128, 129, 1000, 4096]) {
        const view = backing.subarray(offset, offset + n);
        expect(crc32c(view), `offset ${offset}, length ${n}`).toBe(slow(view));
      }
    }
  });

  it('continues across pieces of any size', () => {
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff));
    let crc = 0;
    for (let i = 0; i < data.length; ) {
      const n = 1 + ((i * 7) % 3001);
      crc = crc32c(data.subarray(i, i + n), crc);
      i += n;
    }
    expect(crc).toBe(slow(data));
    expect(crc32c(data)).toBe(slow(data));
  });
});
