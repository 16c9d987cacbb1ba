/**
 * Swift uploads, reading the source once:
 *
 * - Bytes (Buffer, string) up to the threshold: one PUT carrying `ETag` (the MD5), which
 *   Swift verifies (422 on a difference, nothing stored); retried as a whole on
 *   network errors and 5xx.
 * - A stream up to the threshold (or of unknown length without `partSize`): one PUT
 *   streaming the bytes (`Content-Length` when known, else chunked), hashed on the way;
 *   the ETag Swift answers is compared with that MD5, and on a difference the object is
 *   deleted and ObjectHashMismatchError thrown.
 * - Larger (known length above the threshold, or unknown length with `partSize` that
 *   turns out longer than one part): a Static Large Object. Segments go in parallel
 *   through {@link uploadInParts} into `<container>_segments` as
 *   `<name>/<timestamp>-<random>/<00000001>`, each with its `ETag`; then the manifest
 *   (`?multipart-manifest=put`, JSON `[{path, etag, size_bytes}]`) is written, and its
 *   ETag (MD5 of the segments' MD5s) checked. On any failure or abort the uploaded
 *   segments are deleted.
 *
 * References: Object Storage API "Create or replace object"; Swift "Large Object
 * Support" (Static Large Objects).
 */
import { createHash, randomBytes } from '../../../common/builtins.js';
import type { Readable } from 'node:stream';
import {
  AbortError,
  InvalidArgumentError,
  NotFoundError,
  ObjectHashMismatchError,
} from '../../../common/errors/index.js';
import { uploadInParts } from '../multipart.js';
import { chunked, HashingStream, readChunks, untilAborted, type ProgressCallback } from '../streams.js';
import { MAX_OBJECT_NAME_BYTES, swiftPath } from './names.js';
import { unquoteEtag } from './mappers.js';
import type { SwiftConnection } from './connection.js';

/** Swift's default `max_manifest_segments`. */
export const MAX_SEGMENTS = 1000;
/** Swift's default `max_file_size` (5 GiB + 2 bytes; a single PUT above it fails with 413). */
export const MAX_SINGLE_OBJECT = 5 * 1024 * 1024 * 1024;

/** What an upload needs besides the source. */
export interface SwiftUploadRequest {
  /** The connection to send the requests through. */
  readonly connection: SwiftConnection;
  /** Provider name, for errors. */
  readonly provider: string;
  /** Container name. */
  readonly container: string;
  /** Object name, as stored. */
  readonly object: string;
  /** Content-Type and `x-object-meta-*` headers, already validated. */
  readonly headers: Readonly<Record<string, string>>;
  /** Length announced by the caller (or known from a Buffer/string). */
  readonly contentLength: number | undefined;
  /** Known lengths above this go as an SLO. */
  readonly threshold: number;
  /** Segment size in bytes. */
  readonly segmentSize: number;
  /** True when the caller gave `partSize`: a stream of unknown length is then segmented too. */
  readonly segmentUnknownLength: boolean;
  /** Parts uploaded at once. */
  readonly concurrency: number;
  /** Where segments go (`<container>_segments`). */
  readonly segmentContainer: string;
  /** Compare the digest the store reports with the bytes sent (ObjectHashMismatchError on a difference). */
  readonly verifyHash: boolean;
  /** Aborts the upload. */
  readonly signal: AbortSignal | undefined;
  /** Called with `{ loaded, total }` as bytes are sent. */
  readonly onProgress: ProgressCallback | undefined;
}

/** What an upload produced. */
export interface SwiftUploadResult {
  /** The ETag, unquoted (the MD5 for a plain object; the MD5 of the segments' MD5s for an SLO). */
  readonly etag: string;
  /** Bytes uploaded. */
  readonly size: number;
  /** 0 for a plain object. */
  readonly segments: number;
  /** Headers of the final response (object PUT or manifest PUT). */
  readonly headers: Readonly<Record<string, string>>;
  /** The segments the new manifest lists, as `/<container>/<object>` (empty for a plain object). */
  readonly segmentPaths: readonly string[];
}

function aborted(request: SwiftUploadRequest): AbortError {
  return new AbortError(`Upload of ${JSON.stringify(request.object)} aborted`, { provider: request.provider, cause: request.signal?.reason });
}

function lengthMismatch(request: SwiftUploadRequest, actual: number): InvalidArgumentError {
  return new InvalidArgumentError(`contentLength was ${String(request.contentLength)} but the source gave ${actual} bytes; nothing was stored`, {
    option: 'contentLength',
  });
}

function mismatch(request: SwiftUploadRequest, what: string, expected: string, got: string): ObjectHashMismatchError {
  return new ObjectHashMismatchError(`${what} of ${JSON.stringify(request.object)}: Swift answered ETag ${got} but the bytes sent have MD5 ${expected}`, {
    provider: request.provider,
  });
}


/**
 * Uploads `source` (or `bytes`, when the caller gave a Buffer or string) as `object`.
 * See the module comment for the protocol.
 *
 * @throws {AbortError} when `signal` fires (nothing is left behind; a previous version stays).
 * @throws {ObjectHashMismatchError} when Swift's ETag contradicts the bytes sent.
 * @throws {InvalidArgumentError} when the source's length differs from `contentLength`.
 */
export async function swiftUpload(source: Readable | Buffer, request: SwiftUploadRequest): Promise<SwiftUploadResult> {
  const { signal } = request;
  if (signal?.aborted) throw aborted(request);
  if (Buffer.isBuffer(source)) {
    if (source.length <= request.threshold) return await putBytes(source, request);
    const whole = (async function* (): AsyncGenerator<Buffer, void, undefined> {
      yield source;
    })();
    return await guarded(request, undefined, () => sloUpload(whole, request));
  }
  // A stalled source must not outlive the caller's abort.
  const onAbort = (): void => {
    source.destroy(aborted(request));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const length = request.contentLength;
    if (length !== undefined && length > request.threshold) {
      return await guarded(request, source, () => sloUpload(untilAborted(readChunks(source), signal, () => aborted(request)), request));
    }
    if (length !== undefined || !request.segmentUnknownLength) return await guarded(request, source, () => putStream(source, request));
    // Unknown length with a part size: one PUT if the source fits in one part, else an SLO.
    const parts = untilAborted(chunked(readChunks(source), request.segmentSize), signal, () => aborted(request));
    return await guarded(request, source, async () => {
      const first = await parts.next();
      const second = first.done ? first : await parts.next();
      if (second.done) return putBytes(first.done ? Buffer.alloc(0) : first.value, request);
      const rest = async function* (): AsyncGenerator<Buffer, void, undefined> {
        if (!first.done) yield first.value;
        yield second.value;
        yield* parts;
      };
      return sloUpload(rest(), request);
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs an upload step; whatever an abort interrupted, the caller sees AbortError. */
async function guarded<T>(request: SwiftUploadRequest, source: Readable | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (request.signal?.aborted && !(err instanceof AbortError)) throw aborted(request);
    throw err;
  } finally {
    source?.destroy();
  }
}

function signalOption(request: SwiftUploadRequest): { signal?: AbortSignal } {
  return request.signal ? { signal: request.signal } : {};
}

/** One PUT of bytes held in memory, with the MD5 as `ETag` (Swift answers 422 on a difference). */
async function putBytes(body: Buffer, request: SwiftUploadRequest): Promise<SwiftUploadResult> {
  if (request.contentLength !== undefined && body.length !== request.contentLength) throw lengthMismatch(request, body.length);
  const md5 = createHash('md5').update(body).digest('hex');
  const path = swiftPath(request.container, request.object);
  const res = await request.connection.request(path, {
    method: 'PUT',
    data: body,
    headers: { ...request.headers, ...(request.verifyHash ? { etag: md5 } : {}) },
    ...signalOption(request),
  });
  await checkEtag(request, path, md5, res.headers);
  request.onProgress?.({ loaded: body.length, total: body.length });
  return { etag: unquoteEtag(res.headers.etag) || md5, size: body.length, segments: 0, headers: res.headers, segmentPaths: [] };
}

/** Deletes what was just stored and throws, when the answered ETag is not the MD5 sent. */
async function checkEtag(request: SwiftUploadRequest, path: string, md5: string, headers: Readonly<Record<string, string>>): Promise<void> {
  const etag = unquoteEtag(headers.etag).toLowerCase();
  if (!request.verifyHash || etag === '' || etag === md5) return;
  // Swift kept bytes other than those sent: do not leave them under this name.
  await request.connection.request(path, { method: 'DELETE' }).catch(() => undefined);
  throw mismatch(request, 'Upload', md5, etag);
}

/** One PUT streaming the source, hashed on the way (`Content-Length` when known, else chunked). */
async function putStream(source: Readable, request: SwiftUploadRequest): Promise<SwiftUploadResult> {
  const hasher = new HashingStream({
    algorithms: ['md5'],
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.contentLength !== undefined ? { total: request.contentLength } : {}),
  });
  source.on('error', (err) => hasher.destroy(err));
  const body = source.pipe(hasher);
  const path = swiftPath(request.container, request.object);
  const length = request.contentLength;
  let res;
  try {
    res = await request.connection.request(path, {
      method: 'PUT',
      data: body,
      headers: { ...request.headers, ...(length !== undefined ? { 'content-length': String(length) } : {}) },
      ...signalOption(request),
    });
  } catch (err) {
    // undici refuses a body longer or shorter than Content-Length: say which it was.
    if (length !== undefined && !request.signal?.aborted && (hasher.bytes > length || (hasher.readableEnded && hasher.bytes !== length))) {
      throw lengthMismatch(request, hasher.bytes);
    }
    throw err;
  }
  if (length !== undefined && hasher.bytes !== length) {
    // Only a transport that does not enforce Content-Length gets here: do not keep a short object.
    await request.connection.request(path, { method: 'DELETE' }).catch(() => undefined);
    throw lengthMismatch(request, hasher.bytes);
  }
  const md5 = hasher.digest('md5');
  await checkEtag(request, path, md5, res.headers);
  return { etag: unquoteEtag(res.headers.etag) || md5, size: hasher.bytes, segments: 0, headers: res.headers, segmentPaths: [] };
}

/** A segment of a manifest, with the MD5 the manifest's ETag is computed from. */
interface Segment {
  readonly path: string;
  readonly etag: string;
  readonly size_bytes: number;
}

/** The name prefix of one upload's segments: `<name>/<seconds.millis>-<random>/`. */
function segmentPrefix(object: string): string {
  return `${object}/${(Date.now() / 1000).toFixed(3)}-${randomBytes(4).toString('hex')}/`;
}

async function sloUpload(parts: AsyncIterable<Buffer>, request: SwiftUploadRequest): Promise<SwiftUploadResult> {
  const { connection, container, object, segmentContainer } = request;
  const prefix = segmentPrefix(object);
  if (Buffer.byteLength(`${prefix}00000000`) > MAX_OBJECT_NAME_BYTES) {
    throw new InvalidArgumentError(
      `Object name is too long for a Static Large Object: its segments are named "<name>/<timestamp>/<n>" and must fit in ${MAX_OBJECT_NAME_BYTES} bytes`,
      { option: 'objectName' },
    );
  }
  // The object's container must exist (a 404 here is its absence); the segments' is created if needed (201 or 202).
  await connection.request(swiftPath(container), { method: 'HEAD', ...signalOption(request) });
  await connection.request(swiftPath(segmentContainer), { method: 'PUT', ...signalOption(request) });

  const uploaded = new Set<string>();
  let bytes = 0;
  let result: { etag: string; headers: Readonly<Record<string, string>>; paths: string[] } | undefined;
  const outcome = await uploadInParts<Segment>(
    parts,
    {
      uploadPart: async (n, data, signal) => {
        const name = `${prefix}${String(n).padStart(8, '0')}`;
        const md5 = createHash('md5').update(data).digest('hex');
        uploaded.add(name);
        const res = await connection.request(swiftPath(segmentContainer, name), {
          method: 'PUT',
          data,
          headers: { 'content-type': 'application/octet-stream', ...(request.verifyHash ? { etag: md5 } : {}) },
          signal,
        });
        const etag = unquoteEtag(res.headers.etag).toLowerCase();
        if (request.verifyHash && etag !== '' && etag !== md5) throw mismatch(request, `Segment ${n}`, md5, etag);
        bytes += data.length;
        return { path: `/${segmentContainer}/${name}`, etag: md5, size_bytes: data.length };
      },
      complete: async (segments) => {
        if (request.contentLength !== undefined && bytes !== request.contentLength) throw lengthMismatch(request, bytes);
        const res = await connection.request(swiftPath(container, object), {
          method: 'PUT',
          params: { 'multipart-manifest': 'put' },
          data: JSON.stringify(segments),
          headers: { ...request.headers, accept: 'application/json' },
          ...signalOption(request),
        });
        // Swift's SLO ETag: the MD5 of the segments' MD5s (hex, concatenated), quoted.
        const expected = createHash('md5')
          .update(segments.map((s) => s.etag).join(''))
          .digest('hex');
        const etag = unquoteEtag(res.headers.etag).toLowerCase();
        if (request.verifyHash && etag !== '' && etag !== expected) {
          await connection
            .request(swiftPath(container, object), { method: 'DELETE', params: { 'multipart-manifest': 'delete' }, headers: { accept: 'application/json' } })
            .catch(() => undefined);
          throw mismatch(request, 'Manifest', expected, etag);
        }
        result = { etag: etag || expected, headers: res.headers, paths: segments.map((s) => s.path) };
      },
      // Not with the caller's signal: it may be the reason we are cleaning up.
      abort: () => deleteSegments(connection, segmentContainer, prefix, uploaded),
    },
    {
      partSize: request.segmentSize,
      concurrency: request.concurrency,
      maxParts: MAX_SEGMENTS,
      ...signalOption(request),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.contentLength !== undefined ? { total: request.contentLength } : {}),
    },
  );
  if (!result) throw new InvalidArgumentError(`The manifest of ${JSON.stringify(object)} was not written`, { option: 'objectName' });
  return { etag: result.etag, size: outcome.bytes, segments: outcome.parts, headers: result.headers, segmentPaths: result.paths };
}

/**
 * Deletes the segments of a failed upload: those it sent, and any other the container
 * lists under the upload's prefix (a PUT whose answer was lost may still have landed).
 */
async function deleteSegments(connection: SwiftConnection, segmentContainer: string, prefix: string, uploaded: ReadonlySet<string>): Promise<void> {
  const names = new Set(uploaded);
  try {
    const res = await connection.request(swiftPath(segmentContainer), { params: { format: 'json', prefix } });
    if (Array.isArray(res.object)) for (const entry of res.object as { name?: unknown }[]) if (typeof entry.name === 'string') names.add(entry.name);
  } catch {
    // The listing is a second chance; the names sent are deleted regardless.
  }
  const queue = [...names];
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      await connection.request(swiftPath(segmentContainer, name), { method: 'DELETE' }).catch((err: unknown) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
}
