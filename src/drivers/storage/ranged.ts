/**
 * Parallel ranged downloads: a large object is read as `concurrency` ranged GETs at once
 * (the way the official transfer managers download), and its bytes are handed on IN
 * ORDER, so the storage base still counts and hashes the whole object in one pass (the
 * provider's whole-object digest is checked as for a single GET). Every range after the
 * first is pinned to the version the first response described (If-Match on the ETag, or
 * Cloud Storage's `ifGenerationMatch`): an object replaced mid-download fails, it is never
 * stitched from two versions. Internal: not re-exported from `nubes/storage`.
 *
 * Memory: at most `concurrency` parts exist at once (the one being handed on and the ones
 * fetched ahead of it), each at most `partSize` bytes: the bound is concurrency × partSize.
 */
import type { FileHandle } from 'node:fs/promises';
import { finished, Readable } from 'node:stream';
import { NetworkError } from '../../common/errors/index.js';
import type { BodyCheck } from './download.js';

/** How {@link OrderedRanges} reads an object. */
export interface OrderedRangesOptions {
  /** The body of the whole-object GET: its first `partSize` bytes are the first part (the rest is not read). */
  first: Readable;
  /** The object's size in bytes (known from the first response). */
  size: number;
  /** Bytes per range. */
  partSize: number;
  /** Ranges in flight at once, the one being handed on included. */
  concurrency: number;
  /**
   * Opens bytes `[start, end)` of the same version of the object, its byte count checked
   * (a body of other length fails); rejects when the object changed.
   */
  openRange: (start: number, end: number) => Promise<Readable>;
  /** Times a range whose body failed with a network error is asked again for its missing bytes. */
  retries: number;
}

/** A range being read: `[start, end)`, `received` bytes of it so far, `body` the response being read. */
interface Span {
  readonly start: number;
  readonly end: number;
  received: number;
  body: Readable | undefined;
}

/**
 * Reads bytes `[span.start, span.end)` into `take`, one chunk at a time (the next is read
 * when `take` resolved: backpressure). `first`, when given, is a whole-object body whose
 * first bytes are this span (it is destroyed once the span is read). A body that fails
 * with a network error is replaced by a range request for the bytes still missing, up to
 * `retries` times; any other failure (a byte count that does not add up, an object that
 * changed) is thrown at once.
 */
async function readPart(
  span: Span,
  first: Readable | undefined,
  o: Pick<OrderedRangesOptions, 'openRange' | 'retries'>,
  take: (chunk: Buffer) => Promise<void> | void,
  cancelled: () => boolean,
): Promise<void> {
  const length = span.end - span.start;
  let attempts = 0;
  while (span.received < length) {
    if (cancelled()) return;
    const body = first !== undefined && attempts === 0 ? first : await o.openRange(span.start + span.received, span.end);
    span.body = body;
    // Once this span is done with the body (cut short, cancelled, failed), what it reports
    // later concerns nobody; while it is read, drainInto hears its errors.
    body.on('error', () => undefined);
    if (cancelled()) {
      span.body = undefined;
      body.destroy();
      return;
    }
    try {
      await drainInto(body, span, length, take, cancelled);
    } catch (err) {
      attempts++;
      if (cancelled() || !(err instanceof NetworkError) || attempts > o.retries) throw err;
      continue;
    } finally {
      span.body = undefined;
      if ((body === first || cancelled()) && !body.destroyed) body.destroy();
    }
    if (span.received < length) {
      // Only the whole-object body can end early here (a range's own verifier fails a short range).
      attempts++;
      if (attempts > o.retries) throw new NetworkError(`the body ended after ${span.received} of the ${length} bytes of its range`);
    }
  }
}

/**
 * Feeds `body` to `take` until the span is full or the body ends. The body flows (one
 * `data` event per chunk, no pause): it is paused only while a promise `take` returned is
 * pending. (Pausing after every chunk, as an async iterator does, let a paused undici body
 * stop reading its socket between chunks: parallel downloads ran at 0.6× one GET.)
 */
function drainInto(body: Readable, span: Span, length: number, take: (chunk: Buffer) => Promise<void> | void, cancelled: () => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let pending: Promise<void> | undefined;
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      stopWatching();
      if (err !== undefined) reject(err);
      else if (pending) pending.then(resolve, reject);
      else resolve();
    };
    const onData = (data: Buffer | string): void => {
      if (settled) return;
      if (cancelled()) return settle();
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      const want = length - span.received;
      // The whole-object body goes on past the span: stop where the span ends.
      const piece = chunk.length > want ? chunk.subarray(0, want) : chunk;
      span.received += piece.length;
      let result: Promise<void> | void;
      try {
        result = take(piece);
      } catch (err) {
        return settle(err);
      }
      if (result) {
        body.pause();
        pending = result.then(() => {
          pending = undefined;
          if (!settled) body.resume();
        });
        pending.catch((err: unknown) => settle(err));
      }
      if (span.received === length) settle();
    };
    const stopWatching = finished(body, { writable: false }, (err) => settle(err ?? undefined));
    body.on('data', onData);
  });
}

interface Part extends Span {
  /** Bytes received and not yet handed on. */
  chunks: Buffer[];
  /** Bytes of `chunks`. */
  buffered: number;
  done: boolean;
  /** Wakes the reader of this part when bytes arrive, it ends, or fails. */
  wake: (() => void) | undefined;
  /** Wakes the fetcher when the reader took bytes (the head part is bounded too). */
  room: (() => void) | undefined;
}

/** The head part fetches ahead of the reader by at most this much. */
const HEAD_AHEAD = 1024 * 1024;

/**
 * A Readable of an object's bytes in order, fetched as parallel ranges. It fails with the
 * first error of any range (after its retries), and destroying it cancels every request.
 */
export class OrderedRanges extends Readable {
  readonly #o: OrderedRangesOptions;
  readonly #parts: Part[] = [];
  /** Index of the part being handed on. */
  #head = 0;
  /** Index of the next part to start fetching. */
  #next = 0;
  #pumping = false;
  /** `_read` was called since the last push. */
  #wanted = false;
  #failed = false;

  constructor(options: OrderedRangesOptions) {
    super({ highWaterMark: 64 * 1024 });
    this.#o = options;
    // The whole-object body is destroyed once its first part is read; whatever it reports
    // after that (an abort) concerns nobody. While it is read, its errors reach readPart.
    options.first.on('error', () => undefined);
    const count = Math.ceil(options.size / options.partSize);
    for (let i = 0; i < count; i++) {
      const start = i * options.partSize;
      this.#parts.push({ start, end: Math.min(options.size, start + options.partSize), chunks: [], buffered: 0, received: 0, done: false, wake: undefined, room: undefined, body: undefined });
    }
    this.#fill();
  }

  /** Starts fetches until `concurrency` parts are in flight or waiting to be handed on. */
  #fill(): void {
    while (!this.#failed && this.#next < this.#parts.length && this.#next - this.#head < this.#o.concurrency) {
      const index = this.#next++;
      this.#fetch(index).catch((err: unknown) => this.#fail(err));
    }
  }

  async #fetch(index: number): Promise<void> {
    const part = this.#parts[index]!;
    await readPart(
      part,
      index === 0 ? this.#o.first : undefined,
      this.#o,
      async (chunk) => {
        part.chunks.push(chunk);
        part.buffered += chunk.length;
        this.#wakeReader(part);
        while (index === this.#head && part.buffered >= HEAD_AHEAD && !this.#failed) {
          await new Promise<void>((resolve) => (part.room = resolve));
        }
      },
      () => this.#failed,
    );
    part.done = true;
    this.#wakeReader(part);
  }

  #wakeReader(part: Part): void {
    const w = part.wake;
    part.wake = undefined;
    w?.();
  }

  #fail(err: unknown): void {
    if (this.#failed) return;
    this.#cancel();
    this.destroy(err instanceof Error ? err : new Error(String(err)));
  }

  /** Stops every fetch and drops what was buffered. */
  #cancel(): void {
    this.#failed = true;
    for (const p of this.#parts) {
      p.body?.destroy();
      p.chunks = [];
      this.#wakeReader(p);
      p.room?.();
    }
    if (!this.#o.first.destroyed) this.#o.first.destroy();
  }

  override _read(): void {
    // Readable may ask again while the pump runs (even from inside push()): remember it,
    // or the request is lost and the stream stalls.
    this.#wanted = true;
    if (this.#pumping) return;
    this.#pumping = true;
    this.#pump().catch((err: unknown) => {
      this.#pumping = false;
      this.#fail(err);
    });
  }

  /** Hands on buffered bytes of the head part until the consumer wants no more. */
  async #pump(): Promise<void> {
    for (;;) {
      if (this.#failed) {
        this.#pumping = false;
        return;
      }
      if (this.#head >= this.#parts.length) {
        this.#pumping = false;
        this.push(null);
        return;
      }
      const part = this.#parts[this.#head]!;
      if (part.chunks.length > 0) {
        const chunk = part.chunks.shift()!;
        part.buffered -= chunk.length;
        const room = part.room;
        part.room = undefined;
        room?.();
        this.#wanted = false;
        if (!this.push(chunk) && !this.#wanted) {
          this.#pumping = false;
          return;
        }
        continue;
      }
      if (part.done) {
        this.#head++;
        this.#fill();
        continue;
      }
      await new Promise<void>((resolve) => (part.wake = resolve));
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#failed) this.#cancel();
    callback(err);
  }
}

/** How {@link downloadRangesToFile} writes an object. */
export interface RangedFileOptions extends OrderedRangesOptions {
  /** The (temporary) file, open for writing: each range is written at its offset. */
  file: FileHandle;
  /**
   * Counts and hashes the whole object: fed each range's length and CRC in order when it
   * is {@link BodyCheck.combinable}, otherwise the file's bytes in order as its parts complete.
   */
  check: BodyCheck;
}

/** Bytes the trailing check reads back from the file at a time. */
const CHECK_BLOCK = 1024 * 1024;
/** Bytes of a range gathered before they are written. */
const WRITE_BLOCK = 1024 * 1024;

/** Writes `buffers` (`bytes` in all) at `position`, all of them. */
async function writeAt(file: FileHandle, buffers: Buffer[], bytes: number, position: number): Promise<void> {
  const { bytesWritten } = await file.writev(buffers, position);
  if (bytesWritten === bytes) return;
  const rest = Buffer.concat(buffers, bytes).subarray(bytesWritten);
  for (let done = 0; done < rest.length; ) done += (await file.write(rest, done, rest.length - done, position + bytesWritten + done)).bytesWritten;
}

/**
 * Downloads an object into `file` as parallel ranges, each written at its offset as it
 * arrives (positional writes: nothing waits in memory for an earlier range), and checks the
 * whole object. When its digest is a CRC (or there is none: {@link BodyCheck.combinable}),
 * each range's CRC is computed on its chunks as they arrive, and the range CRCs are combined
 * in order as the ranges complete (crc32_combine: no pass over the bytes), so nothing is
 * read back. Otherwise (MD5, SHA: digests that do not combine) the file is read back in
 * order as its parts complete — from the page cache, while later ranges are still
 * downloading — into `check`; that read-back cost 0.12 s of CPU per 256 MiB. Memory: up to
 * 1 MiB gathered per range in flight (written in one call), and for the read-back one
 * 1 MiB buffer, whatever `partSize`. Resolves when every byte is written and verified;
 * rejects with the first failure (the caller removes the file).
 */
export async function downloadRangesToFile(o: RangedFileOptions): Promise<void> {
  /** `crc`: of the bytes of the range received so far, when the check combines range CRCs. */
  const spans: (Span & { done: boolean; crc: number })[] = [];
  for (let start = 0; start < o.size; start += o.partSize) spans.push({ start, end: Math.min(o.size, start + o.partSize), received: 0, body: undefined, done: false, crc: 0 });
  const { check } = o;
  const combine = check.combinable;
  let failure: { error: unknown } | undefined;
  let wakeChecker: (() => void) | undefined;
  const wake = (): void => {
    const w = wakeChecker;
    wakeChecker = undefined;
    w?.();
  };
  const fail = (error: unknown): void => {
    if (failure) return;
    failure = { error };
    if (!o.first.destroyed) o.first.destroy();
    for (const s of spans) s.body?.destroy();
    wake();
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!failure && next < spans.length) {
      const index = next++;
      const span = spans[index]!;
      // Chunks are gathered into writes of WRITE_BLOCK bytes: one write per socket chunk
      // (16–64 KiB) cost more main-thread time than the hashing.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let at = span.start;
      const flush = async (): Promise<void> => {
        if (pendingBytes === 0) return;
        const buffers = pending;
        const bytes = pendingBytes;
        pending = [];
        pendingBytes = 0;
        await writeAt(o.file, buffers, bytes, at);
        at += bytes;
      };
      await readPart(
        span,
        index === 0 ? o.first : undefined,
        o,
        (chunk) => {
          // Hashed now, while the chunk is fresh in the cache; a range asked again after a
          // network error continues from its missing bytes, so the CRC continues too.
          if (combine) span.crc = check.rangeCrc(chunk, span.crc);
          pending.push(chunk);
          pendingBytes += chunk.length;
          return pendingBytes >= WRITE_BLOCK ? flush() : undefined;
        },
        () => failure !== undefined,
      );
      if (failure) return;
      await flush();
      span.done = true;
      wake();
    }
  };
  const checker = async (): Promise<void> => {
    const block = combine ? undefined : Buffer.allocUnsafe(Math.min(CHECK_BLOCK, o.partSize));
    for (const span of spans) {
      while (!span.done && !failure) await new Promise<void>((resolve) => (wakeChecker = resolve));
      if (failure) return;
      if (!block) {
        // readPart stops each range at its end and fails one that falls short: its
        // `received` is its byte count, as update() would have counted the file's bytes.
        const error = check.appendRange(span.received, span.crc);
        if (error) throw error;
        continue;
      }
      for (let at = span.start; at < span.end; ) {
        const n = Math.min(block.length, span.end - at);
        const { bytesRead } = await o.file.read(block, 0, n, at);
        if (bytesRead === 0) throw new Error(`the file ended at byte ${at} while bytes up to ${span.end} were written`);
        const error = check.update(block.subarray(0, bytesRead));
        if (error) throw error;
        at += bytesRead;
      }
    }
    const error = check.finish();
    if (error) throw error;
  };
  o.first.on('error', () => undefined);
  const tasks = [checker(), ...Array.from({ length: Math.min(o.concurrency, spans.length) }, () => worker())].map((t) => t.catch(fail));
  await Promise.all(tasks);
  if (failure) throw failure.error;
}
