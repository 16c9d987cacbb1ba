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
import { Readable } from 'node:stream';
import { NetworkError } from '../../common/errors/index.js';
import { readChunks } from './streams.js';

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

interface Part {
  readonly start: number;
  readonly end: number;
  /** Bytes received and not yet handed on. */
  chunks: Buffer[];
  /** Bytes of `chunks`. */
  buffered: number;
  /** Bytes received so far (handed on or buffered). */
  received: number;
  done: boolean;
  /** Wakes the reader of this part when bytes arrive, it ends, or fails. */
  wake: (() => void) | undefined;
  /** Wakes the fetcher when the reader took bytes (the head part is bounded too). */
  room: (() => void) | undefined;
  /** The body being read (destroyed on cancel). */
  body: Readable | undefined;
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
    let attempts = 0;
    while (part.received < part.end - part.start) {
      if (this.#failed) return;
      const from = part.start + part.received;
      let body: Readable;
      if (index === 0 && attempts === 0) body = this.#o.first;
      else body = await this.#o.openRange(from, part.end);
      part.body = body;
      try {
        for await (const chunk of readChunks(body)) {
          if (this.#failed) return;
          const want = part.end - part.start - part.received;
          // The first part is read from the whole-object body: stop where the part ends.
          const take = chunk.length > want ? chunk.subarray(0, want) : chunk;
          part.chunks.push(take);
          part.buffered += take.length;
          part.received += take.length;
          this.#wakeReader(part);
          if (part.received === part.end - part.start) break;
          while (index === this.#head && part.buffered >= HEAD_AHEAD && !this.#failed) {
            await new Promise<void>((resolve) => (part.room = resolve));
          }
        }
      } catch (err) {
        attempts++;
        if (this.#failed || !(err instanceof NetworkError) || attempts > this.#o.retries) throw err;
        continue;
      } finally {
        part.body = undefined;
        // The whole-object body goes on past the first part: stop it (its connection closes).
        if (index === 0 && body === this.#o.first && !body.destroyed) body.destroy();
      }
      if (part.received < part.end - part.start) {
        // A range body that ended short has been checked by openRange's verifier: only the first (whole) body can end here.
        attempts++;
        if (attempts > this.#o.retries) throw new NetworkError(`the body ended after ${part.received} of the ${part.end - part.start} bytes of its range`);
      }
    }
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
