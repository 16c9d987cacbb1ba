/**
 * How downloads reach the caller: the body of every download of every driver passes
 * through a {@link VerifiedBody}, which counts the bytes against what is known of the
 * object and checks the digests the provider offers, failing the stream BEFORE its end
 * when anything is off. Internal: not re-exported from `nubes/storage`.
 */
import type { Hash } from 'node:crypto';
import { createHash, nodeZlib } from '../../common/builtins.js';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32c } from '../../common/crc32c.js';
import { ObjectHashMismatchError, ObjectSizeMismatchError } from '../../common/errors/index.js';
import type { ProgressCallback } from './streams.js';

/**
 * Pipes `body` into `through` and returns `through`, their lifetimes tied: an error of
 * the body fails `through`, and when `through` closes first (the caller destroyed it or
 * stopped reading) the body is destroyed, so its connection is released rather than
 * left paused.
 */
export function pipeBody<T extends Transform>(body: Readable, through: T): T {
  body.on('error', (err) => through.destroy(err));
  through.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(through);
}

/**
 * Digests a provider vouches for, for the whole object. MD5 in hex (ETags, sidecars;
 * Azure's base64 Content-MD5 is converted by the driver), the S3 checksums in base64 as
 * `x-amz-checksum-*` carries them (the big-endian CRC, or the SHA digest).
 */
export interface ExpectedDigests {
  /** MD5, hex. */
  md5?: string | undefined;
  /** CRC-32 (ISO-HDLC, as zlib), base64 of the 4 big-endian bytes. */
  crc32?: string | undefined;
  /** CRC-32C (Castagnoli), base64 of the 4 big-endian bytes. */
  crc32c?: string | undefined;
  /** SHA-1, base64. */
  sha1?: string | undefined;
  /** SHA-256, base64. */
  sha256?: string | undefined;
}

/** What a driver's download request produced, for the storage base to verify. */
export interface OpenedDownload {
  /** The body bytes. */
  body: Readable;
  /** The bytes the response declares (Content-Length, or a file's size), when it does. */
  length?: number | undefined;
  /** The raw `Content-Range` header of a ranged answer, when there was one. */
  contentRange?: string | undefined;
  /** HTTP status (200, 206), when there is one: a 200 to a range request is the whole object. */
  status?: number | undefined;
  /** Digests of the whole object the response vouches for (ignored for ranges). */
  digests?: ExpectedDigests;
  /**
   * True when the response is of a composite object (Swift large object, ...) whose
   * listed size and hash do not describe its bytes: the object's own size and hash are
   * then not used, only what the response declares.
   */
  composite?: boolean;
  /**
   * The version the response is of — the ETag as sent (S3, Swift, Azure), Cloud Storage's
   * generation — when the driver can pin a ranged request to it ({@link OpenDownloadOptions.pin}).
   * A whole download of a large object is then continued as parallel ranges.
   */
  version?: string | undefined;
}

/** What the storage base asks of a driver's download request. */
export interface OpenDownloadOptions {
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
  /**
   * Serve the range only from this version ({@link OpenedDownload.version}): S3, Swift and
   * Azure send `If-Match`, Cloud Storage `ifGenerationMatch`; the provider answers 412 when
   * the object changed.
   */
  pin?: string | undefined;
}

/**
 * Updates a CRC-32C with `data` (start with 0): the slicing-by-16 one of
 * src/common/crc32c.ts, which Cloud Storage uploads use too.
 */
export { crc32c } from '../../common/crc32c.js';

const CRC32_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Updates a CRC-32 (the zlib one) with `data` (start with 0): node:zlib's native
 * `crc32` where this Node has it (20.15+, 22.2+), a table otherwise.
 */
export function crc32(data: Uint8Array, crc = 0): number {
  const native = (nodeZlib() as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(data, crc);
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC32_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * `a · b` modulo the CRC polynomial `poly` (reflected: bit 31 is x^0), both operands
 * polynomials of degree < 32 in the same reflected form. zlib's `multmodp` (crc32.c,
 * zlib 1.2.12+). `a` must not be 0 (x^k mod P never is: P has an x^0 term).
 */
function multModP(a: number, b: number, poly: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ poly : b >>> 1;
  }
  return p >>> 0;
}

/**
 * x^(2^k) mod P for k = 0..63: squares of x, one per bit of a length in bits. zlib's
 * `x2n_table` holds 32 and wraps its index (`k & 31`), which is right for CRC-32 only
 * (its x^(2^32) ≡ x); CRC-32C's is not (its polynomial is reducible) and lengths of 2^29
 * bytes and up came out wrong with the wrap, so the table covers every bit of a length in
 * bits up to 2^64.
 */
function x2nTable(poly: number): Uint32Array {
  const table = new Uint32Array(64);
  let p = 0x40000000; // x^1
  table[0] = p;
  for (let k = 1; k < 64; k++) table[k] = p = multModP(p, p, poly);
  return table;
}

/**
 * The combine function of a CRC over `poly` (reflected, initial value and final XOR
 * 0xFFFFFFFF, as CRC-32 and CRC-32C both are): zlib's `crc32_combine` in its
 * x^(8n) mod P form. Appending `lengthB` bytes to data whose CRC is `crcA` multiplies the
 * register by x^(8·lengthB); the pre- and post-conditioning XORs cancel out, so
 * `crc(A ‖ B) = crcA · x^(8·lengthB) mod P ⊕ crcB`. The power is built from the squares
 * table, one multiply per set bit of the length: O(log lengthB) and no pass over the bytes.
 */
function crcCombiner(poly: number): (crcA: number, crcB: number, lengthB: number) => number {
  const x2n = x2nTable(poly);
  return (crcA, crcB, lengthB) => {
    // x^(8n) mod P: start at x^0 (bit 31) and multiply in x^(2^(k+3)) for each set bit k of n.
    // n goes past 2^32 (objects of up to 5 TiB): halved arithmetically, not with >>>.
    let p = 0x80000000;
    let n = lengthB;
    for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) if (n % 2 === 1) p = multModP(x2n[k]!, p, poly);
    return (multModP(p, crcA >>> 0, poly) ^ crcB) >>> 0;
  };
}

/**
 * The CRC-32 (zlib) of A followed by B, from `crcA`, `crcB` and B's length: zlib's
 * `crc32_combine`. Lets parts of an object read out of order (parallel ranges) be hashed
 * as they arrive and checked as one whole at the end.
 */
export const crc32Combine: (crcA: number, crcB: number, lengthB: number) => number = crcCombiner(0xedb88320);

/** {@link crc32Combine} for CRC-32C (Castagnoli). */
export const crc32cCombine: (crcA: number, crcB: number, lengthB: number) => number = crcCombiner(0x82f63b78);

function crcBase64(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
}

/** Digest names of {@link ExpectedDigests}, cheapest to compute first. */
const COST_ORDER = ['crc32', 'crc32c', 'sha256', 'sha1', 'md5'] as const;

/**
 * The one digest of `digests` a download checks: the cheapest to compute of those the
 * provider vouches for. Any of them detects a corrupted transfer (they are all checked
 * against the same bytes the provider stored); computing two only doubles the cost, which
 * was 60 % of a Cloud Storage download's CPU time when MD5 and CRC32C were both computed.
 * Measured on one core here: node:zlib's native CRC-32 6.6 GB/s, nubes' CRC-32C 2 GB/s,
 * SHA-256 1.9 GB/s (SHA extensions), SHA-1 and MD5 0.5–0.8 GB/s.
 */
export function cheapestDigest(digests: ExpectedDigests): ExpectedDigests {
  for (const name of COST_ORDER) {
    const value = digests[name];
    if (value !== undefined) return { [name]: value };
  }
  return {};
}

/** What {@link VerifiedBody} checks. */
export interface VerifyPlan {
  /** Exact byte count expected, when known. */
  length: number | undefined;
  /** Digests to check at the end (empty: none). */
  digests: ExpectedDigests;
  /** `total` for progress reports. */
  total: number | undefined;
  /** Called as bytes pass. */
  onProgress: ProgressCallback | undefined;
  /** Names the download in messages (driver and object). */
  what: string;
  /** Provider id for the errors. */
  provider: string;
}

/**
 * Counts and hashes the bytes of a download, in order: {@link BodyCheck.update} per chunk
 * (an error once more bytes than expected arrived), {@link BodyCheck.finish} at the end (an
 * error when the count falls short or the digest differs). Used by {@link VerifiedBody}
 * and by parallel downloads to a file: those hash each range as it arrives and append the
 * ranges in order when the digest is a CRC ({@link BodyCheck.combinable}), and otherwise
 * hash the file as its parts complete.
 */
export class BodyCheck {
  #bytes = 0;
  readonly #plan: VerifyPlan;
  readonly #hashes = new Map<'md5' | 'sha1' | 'sha256', Hash>();
  #crc32: number | undefined;
  #crc32c: number | undefined;

  constructor(plan: VerifyPlan) {
    this.#plan = plan;
    const d = plan.digests;
    if (d.md5 !== undefined) this.#hashes.set('md5', createHash('md5'));
    if (d.sha1 !== undefined) this.#hashes.set('sha1', createHash('sha1'));
    if (d.sha256 !== undefined) this.#hashes.set('sha256', createHash('sha256'));
    if (d.crc32 !== undefined) this.#crc32 = 0;
    if (d.crc32c !== undefined) this.#crc32c = 0;
  }

  /** Counts and hashes `chunk`; an error when the bytes now exceed what is expected (the chunk is then not hashed). */
  update(chunk: Uint8Array): ObjectSizeMismatchError | undefined {
    this.#bytes += chunk.length;
    const { length } = this.#plan;
    if (length !== undefined && this.#bytes > length) return this.#sizeError(`received more than the ${length} bytes expected`);
    for (const hash of this.#hashes.values()) hash.update(chunk);
    if (this.#crc32 !== undefined) this.#crc32 = crc32(chunk, this.#crc32);
    if (this.#crc32c !== undefined) this.#crc32c = crc32c(chunk, this.#crc32c);
    this.#plan.onProgress?.({ loaded: this.#bytes, total: this.#plan.total });
    return undefined;
  }

  /**
   * True when the bytes may be fed as ranges hashed apart, out of order, and combined
   * ({@link BodyCheck.rangeCrc}, {@link BodyCheck.appendRange}) rather than in order through
   * {@link BodyCheck.update}: when the digest checked is one CRC (CRCs combine: see
   * {@link crc32Combine}), or there is none. MD5 and SHA digests do not combine.
   */
  get combinable(): boolean {
    return this.#hashes.size === 0 && (this.#crc32 === undefined || this.#crc32c === undefined);
  }

  /**
   * Continues the CRC of one range with `chunk` (start each range at 0): the CRC this check
   * verifies, or `crc` unchanged when it verifies none. For a {@link BodyCheck.combinable} check.
   */
  rangeCrc(chunk: Uint8Array, crc: number): number {
    if (this.#crc32 !== undefined) return crc32(chunk, crc);
    if (this.#crc32c !== undefined) return crc32c(chunk, crc);
    return crc;
  }

  /**
   * Appends a whole range of `length` bytes whose CRC ({@link BodyCheck.rangeCrc}) is `crc`
   * after the bytes counted before, as {@link BodyCheck.update} would with its bytes:
   * counted (an error when they exceed what is expected), combined into the object's CRC,
   * reported as progress. Ranges must be appended in the object's order.
   */
  appendRange(length: number, crc: number): ObjectSizeMismatchError | undefined {
    this.#bytes += length;
    const expected = this.#plan.length;
    if (expected !== undefined && this.#bytes > expected) return this.#sizeError(`received more than the ${expected} bytes expected`);
    if (this.#crc32 !== undefined) this.#crc32 = crc32Combine(this.#crc32, crc, length);
    if (this.#crc32c !== undefined) this.#crc32c = crc32cCombine(this.#crc32c, crc, length);
    this.#plan.onProgress?.({ loaded: this.#bytes, total: this.#plan.total });
    return undefined;
  }

  /** The error the whole body earns (a short count, a digest that differs), or undefined when it is good. */
  finish(): ObjectSizeMismatchError | ObjectHashMismatchError | undefined {
    const { length, digests } = this.#plan;
    if (length !== undefined && this.#bytes !== length) return this.#sizeError(`the body ended after ${this.#bytes} of the ${length} bytes expected`);
    const checks: [string, string | undefined, () => string][] = [
      ['MD5', digests.md5?.toLowerCase(), () => this.#hashes.get('md5')!.digest('hex')],
      ['SHA-1', digests.sha1, () => this.#hashes.get('sha1')!.digest('base64')],
      ['SHA-256', digests.sha256, () => this.#hashes.get('sha256')!.digest('base64')],
      ['CRC-32', digests.crc32, () => crcBase64(this.#crc32!)],
      ['CRC-32C', digests.crc32c, () => crcBase64(this.#crc32c!)],
    ];
    for (const [name, expected, actual] of checks) {
      if (expected === undefined) continue;
      const got = actual();
      if (got !== expected) {
        return new ObjectHashMismatchError(`${this.#plan.what}: ${name} of the bytes received is ${got} but the provider said ${expected}; do not use them`, {
          provider: this.#plan.provider,
        });
      }
    }
    return undefined;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  #sizeError(why: string): ObjectSizeMismatchError {
    return new ObjectSizeMismatchError(`${this.#plan.what}: ${why}; do not use the bytes read`, { provider: this.#plan.provider });
  }
}

/**
 * Counts and hashes the body on its way to the caller. More bytes than expected fail
 * the stream at once; fewer, or a digest that differs, fail it in `_flush` — before the
 * `end` event, so no consumer ever sees a clean end of wrong data.
 */
export class VerifiedBody extends Transform {
  readonly #check: BodyCheck;

  constructor(plan: VerifyPlan) {
    super();
    this.#check = new BodyCheck(plan);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const error = this.#check.update(chunk);
    if (error) callback(error);
    else callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.#check.finish());
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#check.bytes;
  }
}

/** `Content-Range: bytes <first>-<last>/<total|*>`, parsed; undefined when absent or unreadable. */
export function parseContentRange(value: string | undefined): { first: number; last: number; total: number | undefined } | undefined {
  if (value === undefined) return undefined;
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim());
  if (!m) return undefined;
  return { first: Number(m[1]), last: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

/** A header's integer value, or undefined when absent or not a non-negative integer. */
export function lengthHeader(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
