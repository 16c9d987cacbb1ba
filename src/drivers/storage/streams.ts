/**
 * Stream helpers shared by storage drivers: normalising upload sources, counting
 * progress, hashing on the fly, and bounded chunking for multipart uploads.
 */
import type { Hash } from 'node:crypto';
import { createHash } from '../../common/builtins.js';
import { finished, Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { FileSource, fileParts } from './file-source.js';

/** What `uploadObjectViaStream` accepts. */
export type UploadSource =
  | Readable
  | WebReadableStream<Uint8Array>
  | globalThis.ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Buffer
  | Uint8Array
  | string;

/** Progress of a transfer. */
export interface TransferProgress {
  /** Bytes transferred so far. */
  loaded: number;
  /** Total bytes, when known. */
  total: number | undefined;
}

/** Called as bytes move. */
export type ProgressCallback = (progress: TransferProgress) => void;

/**
 * Iterates `source` until `signal` fires, then rejects at once with `abortError()`. A
 * source stalled inside an async generator cannot be cancelled (its `return()` waits
 * for the pending `await`; Node 22 waits for it when a pipeline is destroyed), so an
 * upload must stop waiting for such a source rather than on it.
 */
export async function* untilAborted<T>(
  source: AsyncIterator<T> | AsyncIterable<T>,
  signal: AbortSignal | undefined,
  abortError: () => Error,
): AsyncGenerator<T, void, undefined> {
  const iterator = Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : (source as AsyncIterator<T>);
  if (!signal) {
    for (;;) {
      const step = await iterator.next();
      if (step.done) return;
      yield step.value;
    }
  }
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    if (signal.aborted) throw abortError();
    for (;;) {
      const step = await Promise.race([iterator.next(), aborted]);
      if (step.done) return;
      yield step.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Iterates a Readable one chunk at a time, as its producer pushed them. Node's own async
 * iterator calls `read()`, which joins everything buffered into one new buffer: on a
 * source faster than the consumer that copies most of the data into short-lived buffers
 * the GC reclaims late (28 joined buffers of 2 MiB and more in one 256 MiB upload). A
 * Readable in flowing mode hands out one chunk per `data` event without joining, so this
 * iterator resumes the stream for exactly one chunk at a time.
 *
 * Strings become Buffers (UTF-8). Leaving the loop early destroys the stream, as Node's iterator does; an error or a
 * premature close is thrown.
 */
export async function* readChunks(stream: Readable): AsyncGenerator<Buffer, void, undefined> {
  let chunk: Buffer | undefined;
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (data: Buffer | Uint8Array | string): void => {
    chunk = typeof data === 'string' ? Buffer.from(data) : Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    stream.pause();
    notify();
  };
  const stopWatching = finished(stream, { writable: false }, (err) => {
    if (err) failure = err;
    ended = true;
    notify();
  });
  stream.pause();
  stream.on('data', onData);
  try {
    for (;;) {
      if (chunk !== undefined) {
        const next = chunk;
        chunk = undefined;
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      const arrived = new Promise<void>((resolve) => (wake = resolve));
      stream.resume();
      await arrived;
    }
  } finally {
    stream.off('data', onData);
    stopWatching();
    if (!ended) stream.destroy();
  }
}

/**
 * Turns any upload source into a Node Readable (bytes). An async iterable source can be
 * destroyed at any time, even while it is stalled (see `iterableReadable`).
 */
export function toReadable(source: UploadSource): Readable {
  if (source instanceof Readable) return source;
  if (typeof source === 'string') return Readable.from([Buffer.from(source)]);
  if (source instanceof Uint8Array) return Readable.from(source.byteLength ? [Buffer.from(source.buffer, source.byteOffset, source.byteLength)] : []);
  // node:stream/web's ReadableStream is this global class; the global costs no import.
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return Readable.fromWeb(source as WebReadableStream<Uint8Array>);
  }
  if (source && typeof source === 'object' && Symbol.asyncIterator in source) {
    return iterableReadable(source as AsyncIterable<Uint8Array | string>);
  }
  throw new InvalidArgumentError('Upload source must be a Readable, a web ReadableStream, an AsyncIterable, a Buffer or a string', {
    option: 'source',
  });
}

/**
 * A Readable over an async iterable that can be destroyed at any time. `Readable.from`
 * waits for the iterator's `return()` before it finishes destroying, and a generator
 * stalled in an `await` cannot return until that await settles: an aborted upload of
 * such a source would hang. Here `return()` is requested but not awaited.
 */
function iterableReadable(source: AsyncIterable<Uint8Array | string>): Readable {
  const iterator = source[Symbol.asyncIterator]();
  let pending = false;
  return new Readable({
    read() {
      if (pending) return;
      pending = true;
      iterator.next().then(
        (step) => {
          pending = false;
          if (this.destroyed) return;
          if (step.done) {
            this.push(null);
            return;
          }
          const chunk = step.value;
          this.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        },
        (err: unknown) => {
          pending = false;
          this.destroy(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },
    destroy(err, callback) {
      iterator.return?.()?.catch(() => undefined);
      callback(err);
    },
  });
}

/** Byte length of a source known up front (buffers and strings), else undefined. */
export function knownLength(source: UploadSource): number | undefined {
  if (typeof source === 'string') return Buffer.byteLength(source);
  if (source instanceof Uint8Array) return source.byteLength;
  return undefined;
}

/**
 * A pass-through that hashes (MD5 by default, or any node:crypto algorithm) and
 * counts bytes, reporting progress. Read `digest()` after the stream ends.
 *
 * @example
 * ```ts
 * import { createReadStream, createWriteStream } from 'node:fs';
 * import { pipeline } from 'node:stream/promises';
 * import { HashingStream } from 'nubes/storage';
 *
 * const hasher = new HashingStream({ algorithms: ['md5', 'sha256'], onProgress: ({ loaded }) => console.log(loaded) });
 * await pipeline(createReadStream('./db.dump'), hasher, createWriteStream('./db.copy'));
 * const md5 = hasher.digest('md5', 'base64');
 * ```
 */
export class HashingStream extends Transform {
  readonly #hashes: Map<string, Hash>;
  #bytes = 0;
  readonly #onProgress: ProgressCallback | undefined;
  readonly #total: number | undefined;

  /**
   * @param options - `algorithms`: node:crypto hash names to compute (default `['md5']`);
   *   `onProgress`: called after each chunk with `{ loaded, total }`; `total`: the expected
   *   byte count passed on to `onProgress`, when known.
   */
  constructor(options: { algorithms?: readonly string[]; onProgress?: ProgressCallback; total?: number } = {}) {
    super();
    this.#hashes = new Map((options.algorithms ?? ['md5']).map((a) => [a, createHash(a)]));
    this.#onProgress = options.onProgress;
    this.#total = options.total;
  }

  /** Feeds the chunk to every hash, counts it, reports progress and passes it on unchanged. */
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const hash of this.#hashes.values()) hash.update(chunk);
    this.#bytes += chunk.length;
    this.#onProgress?.({ loaded: this.#bytes, total: this.#total });
    callback(null, chunk);
  }

  /** Bytes seen. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The digest of everything seen, in hex (or base64). Call once, after the end. */
  digest(algorithm = 'md5', encoding: 'hex' | 'base64' = 'hex'): string {
    const hash = this.#hashes.get(algorithm);
    if (!hash) throw new InvalidArgumentError(`HashingStream was not asked to compute ${algorithm}`, { option: 'algorithm' });
    return hash.copy().digest(encoding);
  }
}

/**
 * Reads a stream into chunks of exactly `size` bytes (the last may be shorter),
 * copying at most once. Memory held: one chunk being filled.
 *
 * With `allocate`, each chunk is filled into the buffer it returns (at least `size`
 * bytes) and yielded as a view of it: the caller can hand buffers back for reuse, so a
 * long transfer allocates a fixed set instead of a new buffer per chunk. The file source
 * of `uploadObject` is then read straight into those buffers, with no chunk in between.
 */
export async function* chunked(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  size: number,
  allocate?: () => Buffer,
): AsyncGenerator<Buffer, void, undefined> {
  if (!(size > 0)) throw new InvalidArgumentError('part size must be positive', { option: 'partSize' });
  if (allocate) {
    // A file is read straight into the part buffers (see file-source.ts).
    if (source instanceof FileSource) yield* fileParts(source, size, allocate);
    else yield* chunkedInto(source, size, allocate);
    return;
  }
  let parts: Buffer[] = [];
  let filled = 0;
  for await (const raw of source) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    while (chunk.length > 0) {
      const take = Math.min(size - filled, chunk.length);
      parts.push(chunk.subarray(0, take));
      filled += take;
      chunk = chunk.subarray(take);
      if (filled === size) {
        yield parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts, size);
        parts = [];
        filled = 0;
      }
    }
  }
  if (filled > 0) yield Buffer.concat(parts, filled);
}

async function* chunkedInto(source: AsyncIterable<Buffer | Uint8Array | string>, size: number, allocate: () => Buffer): AsyncGenerator<Buffer, void, undefined> {
  let target: Buffer | undefined;
  let filled = 0;
  for await (const raw of source) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    while (chunk.length > 0) {
      if (!target) {
        target = allocate();
        if (target.length < size) throw new InvalidArgumentError(`allocate() returned ${target.length} bytes, less than the part size ${size}`, { option: 'allocate' });
      }
      const take = Math.min(size - filled, chunk.length);
      chunk.copy(target, filled, 0, take);
      filled += take;
      chunk = chunk.subarray(take);
      if (filled === size) {
        const full = target.subarray(0, size);
        target = undefined;
        filled = 0;
        yield full;
      }
    }
  }
  if (target && filled > 0) yield target.subarray(0, filled);
}
