/**
 * Cloud Storage uploads in one pass over the source, memory bounded by one chunk.
 *
 * The source is read into one chunk buffer (allocated once), hashed (MD5 and CRC32C) on
 * the way. When it ends within the chunk, the object goes in a single `multipart/related`
 * request whose metadata carries `md5Hash` and `crc32c`, which the server verifies.
 * Otherwise it goes as a resumable upload session
 * (https://cloud.google.com/storage/docs/performing-resumable-uploads):
 *
 * 1. `POST /upload/storage/v1/b/B/o?uploadType=resumable&name=N` with the metadata →
 *    `Location: <session URI>`;
 * 2. each chunk `PUT <session>` with `Content-Range: bytes X-Y/*` (a multiple of 256 KiB) →
 *    `308` with `Range: bytes=0-N`: the server may keep fewer bytes than were sent, so the
 *    next chunk starts at N+1 with the unsent tail moved to the front of the buffer;
 * 3. the last chunk says `bytes X-Y/TOTAL` and carries `X-Goog-Hash: md5=…,crc32c=…` →
 *    `200`/`201` and the object;
 * 4. after a 5xx, 429, timeout or broken connection: wait, ask the server what it has
 *    (`PUT`, empty, `Content-Range: bytes *\/*` or `*\/TOTAL`) and go on from there;
 * 5. on abort or failure, `DELETE <session>` cancels it: nothing is created and an object
 *    of that name stays as it was.
 *
 * The session URI's `upload_id` is a capability for that upload; the connection redacts it.
 */
import type { Hash } from 'node:crypto';
import { createHash, randomBytes } from '../../../common/builtins.js';
import { Readable } from 'node:stream';
import { Crc32c } from '../../../common/crc32c.js';
import {
  AbortError,
  InvalidArgumentError,
  InvalidCredentialsError,
  MalformedResponseError,
  NetworkError,
  ObjectHashMismatchError,
  ProviderError,
} from '../../../common/errors/index.js';
import { sleep } from '../../../common/sleep.js';
import { readChunks, untilAborted, type ProgressCallback } from '../streams.js';
import type { GcsConnection } from './connection.js';
import type { GcsObjectResource } from './types.js';

/** Resumable chunks are multiples of this (https://cloud.google.com/storage/docs/performing-resumable-uploads#chunked-upload). */
export const CHUNK_QUANTUM = 256 * 1024;
const PROVIDER = 'google-storage-json';

/** What an upload needs besides the source. */
export interface GcsUploadRequest {
  /** The connection to send the requests through. */
  connection: GcsConnection;
  /** Bucket name. */
  bucket: string;
  /** Object name. */
  name: string;
  /** The object's Content-Type. */
  contentType: string;
  /** User metadata (already lowercased). */
  metadata: Record<string, string>;
  /** `Cache-Control` to store with the object. */
  cacheControl: string | undefined;
  /** Chunk size (a multiple of 256 KiB); data up to this size goes in one request. */
  chunkSize: number;
  /** Expected length; a source of another length fails and nothing is created. */
  contentLength: number | undefined;
  /** Compare the digests the server reports with the bytes sent. */
  verifyHash: boolean;
  /** Retries of one chunk without progress. */
  retries: number;
  /** First delay before a chunk retry, ms. */
  retryDelay: number;
  /** Aborts the upload (the session is cancelled). */
  signal: AbortSignal | undefined;
  /** Called with `{ loaded, total }` as the server confirms bytes. */
  onProgress: ProgressCallback | undefined;
}

/** What the server answered. */
export interface GcsUploadResult {
  /** The object resource. */
  resource: GcsObjectResource;
  /** Bytes sent. */
  size: number;
  /** Chunks sent in the resumable session; 0 for a single request. */
  chunks: number;
}

function abortError(request: GcsUploadRequest): AbortError {
  return new AbortError(`Upload of ${JSON.stringify(request.name)} aborted`, { cause: request.signal?.reason, provider: PROVIDER });
}

/**
 * Errors after which a chunk is sent again (after asking the server what it has). A 401
 * counts: the connection has dropped the refused token, and a chunk (a stream body) is
 * never resent by the connection itself.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  if (err instanceof InvalidCredentialsError) return err.statusCode === 401;
  if (err instanceof ProviderError) {
    const s = err.statusCode;
    return s === 408 || s === 429 || (s !== undefined && s >= 500);
  }
  return false;
}

/** `Range: bytes=0-N` → N+1 (bytes persisted); no header → 0. */
export function persistedFrom(range: string | undefined): number {
  if (range === undefined || range === '') return 0;
  const m = /^bytes=0-(\d+)$/.exec(range.trim());
  if (!m) throw new MalformedResponseError(`Cloud Storage answered a resumable upload with Range ${JSON.stringify(range)}`, { provider: PROVIDER });
  return Number(m[1]) + 1;
}

class Hashes {
  readonly md5: Hash = createHash('md5');
  readonly crc = new Crc32c();
  bytes = 0;
  update(buf: Buffer): void {
    this.md5.update(buf);
    this.crc.update(buf);
    this.bytes += buf.length;
  }
}

type ChunkAnswer = { done: true; resource: GcsObjectResource } | { done: false; persisted: number };

/**
 * Uploads `readable` as one Cloud Storage object; see the module comment for the protocol.
 *
 * @throws {AbortError} when `signal` fires (the session is cancelled).
 * @throws {ObjectHashMismatchError} when the server's digest differs from the bytes sent.
 * @throws {InvalidArgumentError} when the source length differs from `contentLength`.
 */
export async function uploadGcsObject(readable: Readable, request: GcsUploadRequest): Promise<GcsUploadResult> {
  const { signal, chunkSize } = request;
  if (signal?.aborted) {
    readable.destroy();
    throw abortError(request);
  }
  const hashes = new Hashes();
  const source = untilAborted(readChunks(readable), signal, () => abortError(request));
  const buf = Buffer.allocUnsafe(chunkSize);
  let bufStart = 0;
  let bufLen = 0;
  let carry: Buffer | undefined;
  let ended = false;

  const pull = async (): Promise<Buffer | undefined> => {
    const step = await source.next();
    if (step.done) {
      ended = true;
      return undefined;
    }
    hashes.update(step.value);
    return step.value;
  };
  /** Fills the buffer to the chunk size, then peeks one piece so the last chunk is known. */
  const fill = async (): Promise<void> => {
    while (bufLen < chunkSize && !ended) {
      if (carry === undefined || carry.length === 0) {
        carry = await pull();
        if (carry === undefined) break;
      }
      const take = Math.min(chunkSize - bufLen, carry.length);
      carry.copy(buf, bufLen, 0, take);
      bufLen += take;
      carry = carry.subarray(take);
    }
    if ((carry === undefined || carry.length === 0) && !ended) carry = await pull();
  };
  const isFinal = (): boolean => ended && (carry === undefined || carry.length === 0);
  const checkLength = (total: number): void => {
    if (request.contentLength !== undefined && total !== request.contentLength) {
      throw new InvalidArgumentError(`contentLength is ${request.contentLength} but the source gave ${total} bytes; nothing was created`, {
        option: 'contentLength',
      });
    }
  };

  let session: string | undefined;
  try {
    await fill();
    if (isFinal()) {
      checkLength(bufLen);
      const resource = await simpleUpload(request, buf.subarray(0, bufLen), hashes);
      request.onProgress?.({ loaded: bufLen, total: bufLen });
      return { resource: verified(request, resource, hashes), size: bufLen, chunks: 0 };
    }
    session = await startSession(request);
    let chunks = 0;
    let failures = 0;
    for (;;) {
      if (!isFinal()) await fill();
      const final = isFinal();
      const total = final ? bufStart + bufLen : undefined;
      if (total !== undefined) checkLength(total);
      const sendLen = final ? bufLen : bufLen - (bufLen % CHUNK_QUANTUM);
      let answer: ChunkAnswer;
      try {
        answer = await putChunk(request, session, buf.subarray(0, sendLen), bufStart, total, final ? hashes : undefined);
        chunks++;
      } catch (err) {
        if (signal?.aborted || !isTransient(err) || failures >= request.retries) throw err;
        failures++;
        await sleep(Math.min(16_000, request.retryDelay * 2 ** (failures - 1)), signal);
        answer = await queryStatus(request, session, total);
      }
      if (answer.done) {
        if (!final) throw new MalformedResponseError(`Cloud Storage finished the upload of ${JSON.stringify(request.name)} before its last chunk`, { provider: PROVIDER });
        request.onProgress?.({ loaded: hashes.bytes, total: hashes.bytes });
        return { resource: verified(request, answer.resource, hashes), size: hashes.bytes, chunks };
      }
      const persisted = answer.persisted;
      if (persisted < bufStart || persisted > bufStart + bufLen) {
        throw new ProviderError(
          `Cloud Storage reports ${persisted} bytes of ${JSON.stringify(request.name)} stored, but the upload holds bytes ${bufStart}-${bufStart + bufLen}; it cannot resume`,
          { provider: PROVIDER },
        );
      }
      if (persisted > bufStart) failures = 0;
      const shift = persisted - bufStart;
      if (shift > 0) buf.copyWithin(0, shift, bufLen);
      bufLen -= shift;
      bufStart = persisted;
      request.onProgress?.({ loaded: persisted, total: request.contentLength });
    }
  } catch (err) {
    if (session !== undefined) await cancelSession(request, session);
    if (signal?.aborted && !(err instanceof AbortError)) throw abortError(request);
    throw err;
  } finally {
    readable.destroy();
  }
}

function resourceMetadata(request: GcsUploadRequest): Record<string, unknown> {
  return {
    name: request.name,
    contentType: request.contentType,
    ...(Object.keys(request.metadata).length > 0 ? { metadata: request.metadata } : {}),
    ...(request.cacheControl !== undefined ? { cacheControl: request.cacheControl } : {}),
  };
}

function uploadPath(request: GcsUploadRequest): string {
  return `/upload/storage/v1/b/${encodeURIComponent(request.bucket)}/o`;
}

/** One `multipart/related` request: metadata (with the digests the server checks) and the bytes. */
async function simpleUpload(request: GcsUploadRequest, data: Buffer, hashes: Hashes): Promise<GcsObjectResource> {
  const boundary = `nubes-${randomBytes(12).toString('hex')}`;
  const metadata = { ...resourceMetadata(request), md5Hash: hashes.md5.copy().digest('base64'), crc32c: hashes.crc.base64() };
  const head = Buffer.from(
    `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n` +
      `--${boundary}\r\nContent-Type: ${request.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const res = await request.connection.request<GcsObjectResource>(uploadPath(request), {
    method: 'POST',
    params: { uploadType: 'multipart' },
    headers: { 'content-type': `multipart/related; boundary=${boundary}` },
    data: Buffer.concat([head, data, tail]),
    // Sending the same bytes again only makes the same object: safe to retry.
    idempotent: true,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return res.object;
}

async function startSession(request: GcsUploadRequest): Promise<string> {
  const res = await request.connection.request(uploadPath(request), {
    method: 'POST',
    params: { uploadType: 'resumable', name: request.name },
    headers: { 'x-upload-content-type': request.contentType },
    data: resourceMetadata(request),
    // A repeated initiation only opens another session.
    idempotent: true,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const location = res.headers.location;
  let url: URL | undefined;
  try {
    url = location ? new URL(location) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new MalformedResponseError('Cloud Storage opened a resumable upload without a usable Location', { provider: PROVIDER });
  }
  const id = url.searchParams.get('upload_id');
  if (id) request.connection.addSecret(id);
  return url.href;
}

function answerOf(status: number, headers: Readonly<Record<string, string>>, object: unknown): ChunkAnswer {
  if (status === 308) return { done: false, persisted: persistedFrom(headers.range) };
  if (!object || typeof object !== 'object') throw new MalformedResponseError('Cloud Storage finished a resumable upload without the object', { provider: PROVIDER });
  return { done: true, resource: object as GcsObjectResource };
}

async function putChunk(
  request: GcsUploadRequest,
  session: string,
  data: Buffer,
  start: number,
  total: number | undefined,
  finalHashes: Hashes | undefined,
): Promise<ChunkAnswer> {
  const range = data.length > 0 ? `bytes ${start}-${start + data.length - 1}/${total ?? '*'}` : `bytes */${total ?? '*'}`;
  const headers: Record<string, string> = { 'content-range': range, 'content-type': request.contentType };
  // The last request carries the whole object's digests: the server refuses to finish on a mismatch.
  if (finalHashes) headers['x-goog-hash'] = `md5=${finalHashes.md5.copy().digest('base64')},crc32c=${finalHashes.crc.base64()}`;
  headers['content-length'] = String(data.length);
  const res = await request.connection.request(session, {
    method: 'PUT',
    headers,
    // As a stream: the Connection must never send a chunk again by itself (not even on a
    // reused socket found dead), since the server may have kept part of it; the loop
    // above asks the server what it has and resends from there.
    data: data.length > 0 ? Readable.from([data], { objectMode: false }) : undefined,
    retry: false,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return answerOf(res.status, res.headers, res.object);
}

/** Asks the session how many bytes it has (`Content-Range: bytes *\/*`, or `*\/TOTAL` once the total is known). */
async function queryStatus(request: GcsUploadRequest, session: string, total: number | undefined): Promise<ChunkAnswer> {
  const res = await request.connection.request(session, {
    method: 'PUT',
    headers: { 'content-range': `bytes */${total ?? '*'}`, 'content-length': '0' },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return answerOf(res.status, res.headers, res.object);
}

/** Cancels a session (the server answers 499); errors are ignored: the session expires in a week anyway. */
async function cancelSession(request: GcsUploadRequest, session: string): Promise<void> {
  try {
    await request.connection.request(session, { method: 'DELETE', headers: { 'content-length': '0' }, retry: 1, timeout: 10_000 });
  } catch {
    // 499 Client Closed Request is the documented answer; anything else changes nothing.
  }
}

function verified(request: GcsUploadRequest, resource: GcsObjectResource, hashes: Hashes): GcsObjectResource {
  const md5 = hashes.md5.copy().digest('base64');
  const crc = hashes.crc.base64();
  if (request.verifyHash) {
    const bad: string[] = [];
    if (resource.md5Hash !== undefined && resource.md5Hash !== md5) bad.push(`MD5 ${resource.md5Hash} (sent ${md5})`);
    if (resource.crc32c !== undefined && resource.crc32c !== crc) bad.push(`CRC32C ${resource.crc32c} (sent ${crc})`);
    if (resource.size !== undefined && resource.size !== String(hashes.bytes)) bad.push(`size ${resource.size} (sent ${hashes.bytes})`);
    if (bad.length > 0) {
      throw new ObjectHashMismatchError(`Cloud Storage stored ${JSON.stringify(request.name)} with ${bad.join(', ')}`, { provider: PROVIDER });
    }
  }
  return resource;
}
