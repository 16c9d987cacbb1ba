/**
 * Request body normalisation and bounded response reading.
 */
import type { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { nodeStream } from '../common/builtins.js';
import type { TransportBody } from './transport/transport.js';

/** What `request({ data })` accepts once `encodeData` has run. */
export type RequestBody =
  | string
  | Buffer
  | Uint8Array
  | Readable
  | WebReadableStream<Uint8Array>
  | globalThis.ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** True for bodies that can be sent twice (strings and byte arrays). */
export function isReplayable(body: TransportBody | undefined): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

/** True for values `encodeData` passes through untouched (not JSON-encoded). */
export function isRequestBody(value: unknown): value is RequestBody {
  if (typeof value === 'string' || value instanceof Uint8Array || value instanceof nodeStream().Readable) return true;
  // node:stream/web's ReadableStream is this global class; the global costs no import.
  if (typeof ReadableStream !== 'undefined' && value instanceof ReadableStream) return true;
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Turns any accepted body into what transports take: string, bytes or a Node Readable. */
export function toTransportBody(body: RequestBody | undefined): TransportBody | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof nodeStream().Readable) return body;
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    return nodeStream().Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  }
  return nodeStream().Readable.from(body as AsyncIterable<Uint8Array | string>, { objectMode: false });
}

/** Byte length of a replayable body, for Content-Length. */
export function byteLength(body: TransportBody | undefined): number | undefined {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return undefined;
}

/** @internal The home of bounded body reading is the common leaf bounded-read.ts (drivers use it too). */
export { readBounded } from '../common/bounded-read.js';
