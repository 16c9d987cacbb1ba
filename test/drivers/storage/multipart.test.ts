import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AbortError, ServiceUnavailableError } from '../../../src/index.js';
import { chunked, uploadInParts, type MultipartProtocol } from '../../../src/drivers/storage/index.js';

async function* source(total: number, chunk: number): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk) yield Buffer.alloc(Math.min(chunk, total - sent), sent % 251);
}

function recorder(failOn?: number): MultipartProtocol<string> & { parts: Map<number, number>; completed: string[] | undefined; aborted: boolean; maxInFlight: number } {
  let inFlight = 0;
  const state = {
    parts: new Map<number, number>(),
    completed: undefined as string[] | undefined,
    aborted: false,
    maxInFlight: 0,
    async uploadPart(n: number, data: Buffer): Promise<string> {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5 + ((n * 7) % 11)));
      inFlight--;
      if (n === failOn) throw new ServiceUnavailableError(`part ${n} failed`);
      state.parts.set(n, data.length);
      return `etag-${n}`;
    },
    async complete(parts: readonly string[]): Promise<void> {
      state.completed = [...parts];
    },
    async abort(): Promise<void> {
      state.aborted = true;
    },
  };
  return state;
}

describe('chunked', () => {
  it('cuts a stream into exact parts whatever the input chunking', async () => {
    const sizes: number[] = [];
    for await (const part of chunked(source(10_000, 333), 4096)) sizes.push(part.length);
    expect(sizes).toEqual([4096, 4096, 1808]);
  });
});

describe('chunked with an allocator', () => {
  it('fills the buffers it is given and yields views of exactly the part size', async () => {
    const given: Buffer[] = [];
    const parts: Buffer[] = [];
    for await (const part of chunked(source(10_000, 333), 4096, () => {
      const b = Buffer.alloc(4096);
      given.push(b);
      return b;
    })) {
      parts.push(Buffer.from(part));
      expect(part.buffer).toBe(given.at(-1)!.buffer);
    }
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
    const expected: Buffer[] = [];
    for await (const c of source(10_000, 333)) expected.push(c);
    expect(Buffer.concat(parts)).toEqual(Buffer.concat(expected));
  });
});

describe('uploadInParts', () => {
  it('reuses at most concurrency + 1 part buffers, each part with the right bytes', async () => {
    const buffers = new Set<ArrayBufferLike>();
    const digests: string[] = [];
    const protocol: MultipartProtocol<number> = {
      async uploadPart(n, data) {
        buffers.add(data.buffer);
        digests[n - 1] = createHash('md5').update(data).digest('hex');
        await new Promise((r) => setTimeout(r, 1 + (n % 3)));
        return n;
      },
      async complete() {},
      async abort() {},
    };
    const result = await uploadInParts(source(200_000, 777), protocol, { partSize: 10_000, concurrency: 3 });
    expect(result.parts).toBe(20);
    expect(buffers.size).toBeLessThanOrEqual(4);
    const whole: Buffer[] = [];
    for await (const c of source(200_000, 777)) whole.push(c);
    const all = Buffer.concat(whole);
    expect(digests).toEqual(Array.from({ length: 20 }, (_, i) => createHash('md5').update(all.subarray(i * 10_000, (i + 1) * 10_000)).digest('hex')));
  });

  it('uploads every part once, in bounded parallel, and completes them in order', async () => {
    const p = recorder();
    const progress: number[] = [];
    const result = await uploadInParts(source(100_000, 1000), p, { partSize: 10_000, concurrency: 3, onProgress: (x) => progress.push(x.loaded) });
    expect(result).toEqual({ parts: 10, bytes: 100_000 });
    expect(p.completed).toEqual(Array.from({ length: 10 }, (_, i) => `etag-${i + 1}`));
    expect(p.maxInFlight).toBeLessThanOrEqual(3);
    expect(p.maxInFlight).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(100_000);
    expect(p.aborted).toBe(false);
  });

  it('aborts the upload and rethrows when a part fails', async () => {
    const p = recorder(4);
    await expect(uploadInParts(source(100_000, 1000), p, { partSize: 10_000, concurrency: 2 })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(p.aborted).toBe(true);
    expect(p.completed).toBeUndefined();
  });

  it('aborts when the caller signal fires', async () => {
    const p = recorder();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 15);
    await expect(uploadInParts(source(1_000_000, 1000), p, { partSize: 10_000, concurrency: 2, signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(p.aborted).toBe(true);
    expect(p.completed).toBeUndefined();
  });

  it('refuses more parts than the provider allows, naming partSize', async () => {
    const p = recorder();
    await expect(uploadInParts(source(50_000, 1000), p, { partSize: 10_000, maxParts: 3 })).rejects.toMatchObject({ option: 'partSize' });
    expect(p.aborted).toBe(true);
  });
});
