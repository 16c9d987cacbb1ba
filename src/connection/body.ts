/**
 * Request body normalisation and bounded response reading.
 */
import { Readable } from 'node:stream';
import { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createBrotliDecompress, createGunzip, createInflate, type Gunzip } from 'node:zlib';
import { ResponseTooLargeError } from '../common/errors/index.js';
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
  if (typeof value === 'string' || value instanceof Uint8Array || value instanceof Readable) return true;
  if (value instanceof WebReadableStream || (typeof ReadableStream !== 'undefined' && value instanceof ReadableStream)) return true;
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Turns any accepted body into what transports take: string, bytes or a Node Readable. */
export function toTransportBody(body: RequestBody | undefined): TransportBody | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof Readable) return body;
  if (body instanceof WebReadableStream || (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)) {
    return Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  }
  return Readable.from(body as AsyncIterable<Uint8Array | string>, { objectMode: false });
}

/** Byte length of a replayable body, for Content-Length. */
export function byteLength(body: TransportBody | undefined): number | undefined {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return undefined;
}

function decoderFor(encoding: string | undefined): Gunzip | ReturnType<typeof createBrotliDecompress> | ReturnType<typeof createInflate> | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * Reads a response body into memory, decoding gzip/deflate/br, and fails with
 * {@link ResponseTooLargeError} as soon as either the wire bytes or the decoded bytes
 * pass `limit` (a decompression bomb never gets far).
 */
export async function readBounded(stream: Readable, limit: number, encoding: string | undefined, what: string): Promise<Buffer> {
  const tooLarge = (): ResponseTooLargeError =>
    new ResponseTooLargeError(
      `Response body of ${what} is larger than maxResponseSize (${limit} bytes). Raise maxResponseSize or use a raw (streamed) request.`,
    );
  const decoder = decoderFor(encoding);
  if (!decoder) return collect(stream, limit, tooLarge);
  let wire = 0;
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      wire += (chunk as Buffer).length;
      if (wire > limit) throw tooLarge();
      yield chunk as Buffer;
    }
  };
  const source = Readable.from(counted()).pipe(decoder);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    stream.destroy();
    source.destroy();
    throw err;
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads an undecoded body with plain listeners: the common case (small JSON and XML
 * answers), where an async iterator and an extra stream cost more than the read.
 */
function collect(stream: Readable, limit: number, tooLarge: () => ResponseTooLargeError): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        done();
        // undici's body emits 'error' (RequestAbortedError) when destroyed: without a
        // listener left, that is an uncaught exception.
        stream.on('error', () => undefined);
        stream.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onClose = (): void => {
      done();
      reject(Object.assign(new Error('The response body ended early (premature close)'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}
