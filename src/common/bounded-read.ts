/**
 * Bounded reading of a response body into memory: the one place that enforces
 * `maxResponseSize`, for the Connection pipeline and for drivers that read a raw
 * (streamed) response themselves. A common leaf: imports only node modules and errors.
 */
import type { Readable } from 'node:stream';
import type { Gunzip } from 'node:zlib';
import { createBrotliDecompress, createGunzip, createInflate, nodeStream } from './builtins.js';
import { ResponseTooLargeError } from './errors/index.js';

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
  const source = nodeStream().Readable.from(counted()).pipe(decoder);
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
