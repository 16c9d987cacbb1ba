/**
 * CRC32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78): the checksum Google
 * Cloud Storage keeps for every object (`crc32c`, `x-goog-hash: crc32c=`), the only one a
 * composite object has. node:crypto has no CRC32C and node:zlib's `crc32` is the other
 * polynomial, so it is computed here, slicing by 8 bytes (eight 256-entry tables, 8 KiB).
 *
 * Reference: RFC 3720 §12.1 (iSCSI) and its appendix B.4 check values.
 */

function makeTables(): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const t0 = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t0[n]!;
    for (let k = 1; k < 8; k++) {
      c = t0[c & 0xff]! ^ (c >>> 8);
      tables[k]![n] = c >>> 0;
    }
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = makeTables() as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/**
 * Continues a CRC32C over `data`. Start with `0` (the default); pass the previous result
 * to checksum a stream piece by piece.
 *
 * @example
 * ```ts
 * // src/common/crc32c.ts (internal to nubes' drivers)
 * crc32c(Buffer.from('123456789')).toString(16); // 'e3069283'
 * const whole = crc32c(Buffer.from('6789'), crc32c(Buffer.from('12345')));
 * ```
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  let i = 0;
  const n = data.length;
  const end8 = n - (n % 8);
  while (i < end8) {
    const a = (crc ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    crc =
      T7[a & 0xff]! ^
      T6[(a >>> 8) & 0xff]! ^
      T5[(a >>> 16) & 0xff]! ^
      T4[a >>> 24]! ^
      T3[data[i + 4]!]! ^
      T2[data[i + 5]!]! ^
      T1[data[i + 6]!]! ^
      T0[data[i + 7]!]!;
    i += 8;
  }
  while (i < n) crc = T0[(crc ^ data[i++]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** A CRC32C as Google writes it: the 4 bytes big-endian, base64 (`crc32c=` in `x-goog-hash`). */
export function crc32cBase64(crc: number): string {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(crc >>> 0, 0);
  return buf.toString('base64');
}

/** An incremental CRC32C, for data that arrives in pieces. */
export class Crc32c {
  #value = 0;

  /** Adds `data` to the checksum. */
  update(data: Uint8Array): this {
    this.#value = crc32c(data, this.#value);
    return this;
  }

  /** The checksum so far, as an unsigned 32-bit number. */
  get value(): number {
    return this.#value;
  }

  /** The checksum so far, base64 of the big-endian bytes (Google's form). */
  base64(): string {
    return crc32cBase64(this.#value);
  }
}
