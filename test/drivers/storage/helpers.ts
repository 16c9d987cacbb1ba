/**
 * Small helpers the storage tests share: digests, reading a stream whole, and
 * deterministic test bytes.
 */
import { createHash } from 'node:crypto';

/** The MD5 of `data`, in hex (or base64). */
export function md5(data: Buffer | string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHash('md5').update(data).digest(encoding);
}

/** Every chunk of `stream`, joined (strings as UTF-8). */
export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Deterministic pseudo-random bytes (xorshift), so a wrong byte shows up as a different digest. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
