/**
 * S3 uploads: a single PUT for objects up to one part, a multipart upload through the
 * shared {@link uploadInParts} engine beyond. Every body sent is a buffer (so retries can
 * resend it) with a signed Content-MD5 the store checks; the ETags that come back are
 * checked too (a part's ETag is its MD5, a multipart object's the MD5 of
 * the parts' MD5s followed by `-N`).
 */
import { createHash } from '../../../common/builtins.js';
import type { Readable } from 'node:stream';
import { AbortError, InvalidArgumentError, MalformedResponseError, NubesError, ObjectHashMismatchError } from '../../../common/errors/index.js';
import type { Response } from '../../../connection/response.js';
import { xmlChild, xmlText, type XmlElement } from '../../../common/xml.js';
import { UNSIGNED_PAYLOAD } from '../../../common/aws/sigv4.js';
import { FileSource } from '../file-source.js';
import { readFirstPart, uploadInParts } from '../multipart.js';
import { HashingStream, readChunks, untilAborted, type ProgressCallback } from '../streams.js';
import type { S3Connection } from './connection.js';
import { S3Response, S3_RETRYABLE_CODES } from './response.js';

/** What an upload needs to know. */
export interface S3UploadRequest {
  /** The connection to send the requests through. */
  readonly connection: S3Connection;
  /** Provider name, for errors. */
  readonly provider: string;
  /** Bucket name. */
  readonly bucket: string;
  /** Object key, as stored. */
  readonly key: string;
  /** Content-Type and `x-amz-meta-*` headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Part size in bytes. */
  readonly partSize: number;
  /** Known lengths up to this go in one streamed PUT (at least `partSize`). */
  readonly multipartThreshold: number;
  /** Parts uploaded at once. */
  readonly concurrency: number;
  /** Most parts the store accepts (10000 for S3). */
  readonly maxParts: number;
  /** The size the caller announced (checked against what the source gave). */
  readonly contentLength: number | undefined;
  /** Compare the digest the store reports with the bytes sent (ObjectHashMismatchError on a difference). */
  readonly verifyHash: boolean;
  /** Sign object bodies with their SHA-256 instead of `UNSIGNED-PAYLOAD` + the signed Content-MD5. */
  readonly signPayload: boolean;
  /** Aborts the upload. */
  readonly signal: AbortSignal | undefined;
  /** Called with `{ loaded, total }` as bytes are sent. */
  readonly onProgress: ProgressCallback | undefined;
}

/** What an upload produced. */
export interface S3UploadResult {
  /** The ETag, unquoted. */
  etag: string;
  /** Bytes uploaded. */
  size: number;
  /** 0 for a single PUT. */
  parts: number;
  /** Headers of the final response. */
  headers: Readonly<Record<string, string>>;
}

/** Strips the quotes S3 puts around ETags (and a weak `W/` prefix some stores add). */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/**
 * True when the store's ETag is not the MD5 of the bytes even for a single PUT:
 * SSE-KMS and SSE-C encrypted objects (AWS "Checking object integrity").
 */
export function etagIsNotMd5(headers: Readonly<Record<string, string>>): boolean {
  const sse = headers['x-amz-server-side-encryption'];
  return sse === 'aws:kms' || sse === 'aws:kms:dsse' || headers['x-amz-server-side-encryption-customer-algorithm'] !== undefined;
}

/**
 * Integrity headers of an object body. Content-MD5 is always sent, and signed: the store
 * rejects a body whose MD5 differs (BadDigest) and nobody can change both without
 * breaking the signature. The body's SHA-256 is signed too only with `signPayload`:
 * otherwise `UNSIGNED-PAYLOAD`, because stores must then hash every byte a second time
 * to check it (Swift's s3api does it in Python: a 256 MiB PUT ran at 56 MiB/s signed,
 * 101 MiB/s unsigned, on the same loopback server).
 */
function bodyHeaders(md5: Buffer, signPayload: boolean): Record<string, string> {
  return signPayload ? { 'content-md5': md5.toString('base64') } : { 'content-md5': md5.toString('base64'), 'x-amz-content-sha256': UNSIGNED_PAYLOAD };
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function mismatch(what: string, expected: string, got: string, provider: string): ObjectHashMismatchError {
  return new ObjectHashMismatchError(`${what}: the store answered ETag ${got} but the bytes sent have MD5 ${expected}`, { provider });
}


/**
 * Uploads `source` as `key`. Objects up to `partSize` bytes (or of a known
 * `contentLength` up to it) go in one PUT; larger ones in parts.
 *
 * @throws {AbortError} when `signal` fires; nothing is left behind (a multipart upload is aborted).
 * @throws {ObjectHashMismatchError} when an ETag contradicts the bytes sent.
 */
export async function s3Upload(source: Readable, request: S3UploadRequest): Promise<S3UploadResult> {
  const { signal } = request;
  const aborted = (): AbortError => new AbortError(`Upload of ${JSON.stringify(request.key)} aborted`, { provider: request.provider, cause: signal?.reason });
  // A stalled source must not outlive the caller's abort.
  const onAbort = (): void => {
    source.destroy(aborted());
  };
  if (signal?.aborted) throw aborted();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const length = request.contentLength;
    if (length !== undefined && length > request.partSize && length <= request.multipartThreshold) {
      return await putStream(source, length, request);
    }
    if (source instanceof FileSource && length === source.size && length > request.multipartThreshold) {
      // Read straight into the part buffers (file-source.ts); an abort destroys the file source.
      return await multipartUpload(source, request);
    }
    const chunks = untilAborted(readChunks(source), signal, aborted);
    // Raw chunks until more than one part's worth arrived (or the source ended), kept as
    // they came, so a multipart upload cuts each part once, with one copy. A length known
    // to exceed one part goes to multipart at once.
    const first = request.contentLength === undefined || request.contentLength <= request.partSize ? await readFirstPart(chunks, request.partSize) : { parts: chunks };
    if (first.parts) return await multipartUpload(first.parts, request);
    const body = first.whole;
    if (request.contentLength !== undefined && body.length !== request.contentLength) {
      throw new InvalidArgumentError(`contentLength was ${request.contentLength} but the source gave ${body.length} bytes; nothing was stored`, {
        option: 'contentLength',
      });
    }
    return await putObject(body, request);
  } catch (err) {
    if (signal?.aborted && !(err instanceof AbortError)) throw aborted();
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    source.destroy();
  }
}

async function putObject(body: Buffer, request: S3UploadRequest): Promise<S3UploadResult> {
  const { connection } = request;
  const md5 = createHash('md5').update(body).digest();
  const action = connection.action(request.bucket, request.key);
  const res = await connection.request(action, {
    method: 'PUT',
    data: body,
    headers: { ...request.headers, ...bodyHeaders(md5, request.signPayload) },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const etag = unquoteEtag(res.headers.etag);
  const expected = md5.toString('hex');
  if (request.verifyHash && /^[0-9a-f]{32}$/i.test(etag) && !etagIsNotMd5(res.headers) && etag.toLowerCase() !== expected) {
    // The store kept bytes other than those sent: do not leave them under this name.
    await connection.request(action, { method: 'DELETE' }).catch(() => undefined);
    throw mismatch(`Upload of ${JSON.stringify(request.key)}`, expected, etag, request.provider);
  }
  request.onProgress?.({ loaded: body.length, total: body.length });
  return { etag, size: body.length, parts: 0, headers: res.headers };
}

/**
 * One streamed PUT of a known length: `UNSIGNED-PAYLOAD` (a stream cannot be hashed
 * before it is sent), MD5 computed on the way and compared with the ETag afterwards.
 */
async function putStream(source: Readable, length: number, request: S3UploadRequest): Promise<S3UploadResult> {
  const { connection } = request;
  const hasher = new HashingStream({ algorithms: ['md5'], total: length, ...(request.onProgress ? { onProgress: request.onProgress } : {}) });
  source.once('error', (err) => hasher.destroy(err));
  const action = connection.action(request.bucket, request.key);
  let res: Response;
  try {
    res = await connection.request(action, {
      method: 'PUT',
      data: source.pipe(hasher),
      headers: { ...request.headers, 'content-length': String(length) },
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (err) {
    if (hasher.bytes !== length && !request.signal?.aborted) {
      throw new InvalidArgumentError(`contentLength was ${length} but the source gave ${hasher.bytes} bytes or more; nothing was stored`, {
        option: 'contentLength',
        cause: err,
      });
    }
    throw err;
  }
  if (hasher.bytes !== length) {
    // HTTP stacks refuse a body longer or shorter than its Content-Length; if one did not, do not keep the result.
    await connection.request(action, { method: 'DELETE' }).catch(() => undefined);
    throw new InvalidArgumentError(`contentLength was ${length} but the source gave ${hasher.bytes} bytes; nothing was stored`, { option: 'contentLength' });
  }
  const etag = unquoteEtag(res.headers.etag);
  const expected = hasher.digest('md5');
  if (request.verifyHash && /^[0-9a-f]{32}$/i.test(etag) && !etagIsNotMd5(res.headers) && etag.toLowerCase() !== expected) {
    await connection.request(action, { method: 'DELETE' }).catch(() => undefined);
    throw mismatch(`Upload of ${JSON.stringify(request.key)}`, expected, etag, request.provider);
  }
  return { etag, size: length, parts: 0, headers: res.headers };
}

interface UploadedPart {
  number: number;
  etag: string;
  md5: Buffer;
}

async function multipartUpload(source: AsyncIterable<Buffer>, request: S3UploadRequest): Promise<S3UploadResult> {
  const { connection, bucket, key, provider } = request;
  const action = connection.action(bucket, key);
  const signalOption = request.signal ? { signal: request.signal } : {};
  const created = await connection.request<XmlElement>(action, { method: 'POST', params: { uploads: '' }, headers: { ...request.headers }, ...signalOption });
  const uploadId = xmlText(xmlChild(created.object, 'InitiateMultipartUploadResult'), 'UploadId');
  if (!uploadId) throw new MalformedResponseError(`CreateMultipartUpload for ${JSON.stringify(key)} returned no UploadId`, { provider });

  let result: { etag: string; headers: Readonly<Record<string, string>> } | undefined;
  let bytes = 0;
  const outcome = await uploadInParts<UploadedPart>(
    source,
    {
      async uploadPart(number, data, signal) {
        const md5 = createHash('md5').update(data).digest();
        const res = await connection.request(action, {
          method: 'PUT',
          params: { partNumber: number, uploadId },
          data,
          headers: bodyHeaders(md5, request.signPayload),
          signal,
        });
        const etag = unquoteEtag(res.headers.etag);
        const expected = md5.toString('hex');
        if (request.verifyHash && /^[0-9a-f]{32}$/i.test(etag) && !etagIsNotMd5(res.headers) && etag.toLowerCase() !== expected) {
          throw mismatch(`Part ${number} of ${JSON.stringify(key)}`, expected, etag, provider);
        }
        bytes += data.length;
        return { number, etag, md5 };
      },
      async complete(parts) {
        if (request.contentLength !== undefined && bytes !== request.contentLength) {
          throw new InvalidArgumentError(`contentLength was ${request.contentLength} but the source gave ${bytes} bytes; nothing was stored`, {
            option: 'contentLength',
          });
        }
        result = await completeMultipart(request, action, uploadId, parts);
        if (request.verifyHash && !etagIsNotMd5(result.headers) && /^[0-9a-f]{32}-\d+$/i.test(result.etag)) {
          const expected = `${createHash('md5')
            .update(Buffer.concat(parts.map((p) => p.md5)))
            .digest('hex')}-${parts.length}`;
          if (result.etag.toLowerCase() !== expected) throw mismatch(`Upload of ${JSON.stringify(key)}`, expected, result.etag, provider);
        }
      },
      async abort() {
        // Not with the caller's signal: it may be the reason we are aborting.
        await connection.request(action, { method: 'DELETE', params: { uploadId } });
      },
    },
    {
      partSize: request.partSize,
      concurrency: request.concurrency,
      maxParts: request.maxParts,
      ...signalOption,
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.contentLength !== undefined ? { total: request.contentLength } : {}),
    },
  );
  if (!result) throw new MalformedResponseError(`CompleteMultipartUpload for ${JSON.stringify(key)} returned nothing`, { provider });
  return { etag: result.etag, size: outcome.bytes, parts: outcome.parts, headers: result.headers };
}

/**
 * CompleteMultipartUpload. S3 may answer 200 and still fail: the status is sent before
 * the parts are assembled, and an `<Error>` body follows (AWS API reference,
 * CompleteMultipartUpload). That body is detected and mapped; retryable codes
 * (InternalError, SlowDown) are retried a few times, as AWS advises.
 */
async function completeMultipart(
  request: S3UploadRequest,
  action: string,
  uploadId: string,
  parts: readonly UploadedPart[],
): Promise<{ etag: string; headers: Readonly<Record<string, string>> }> {
  const { connection, provider, key } = request;
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    parts.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>${xmlEscape(`"${p.etag}"`)}</ETag></Part>`).join('') +
    '</CompleteMultipartUpload>';
  const expectedEtag = `${createHash('md5')
    .update(Buffer.concat(parts.map((p) => p.md5)))
    .digest('hex')}-${parts.length}`;
  for (let attempt = 1; ; attempt++) {
    let res: Response<XmlElement>;
    try {
      res = await connection.request<XmlElement>(action, {
        method: 'POST',
        params: { uploadId },
        data: body,
        headers: { 'content-type': 'application/xml' },
        // Retried on 5xx and network errors like any S3 SDK does; see the NoSuchUpload case below.
        idempotent: true,
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (err) {
      // A retry after a Complete that did succeed (its answer lost) finds the upload gone.
      if (err instanceof NubesError && err.providerCode === 'NoSuchUpload') {
        const head = await connection.request(action, { method: 'HEAD' }).catch(() => undefined);
        if (head && unquoteEtag(head.headers.etag) === expectedEtag) return { etag: expectedEtag, headers: head.headers };
      }
      throw err;
    }
    // S3Response parsed the body already; an <Error> root is what a 200 may hide.
    const doc = res.object;
    const code = xmlText(xmlChild(doc, 'Error'), 'Code');
    if (code !== undefined) {
      if (S3_RETRYABLE_CODES.has(code) && attempt < 3) {
        await new Promise((r) => setTimeout(r, 200 * attempt));
        continue;
      }
      // Mapped by the one S3 error mapping, as the server error the status hid.
      const status = code === 'SlowDown' ? 503 : S3_RETRYABLE_CODES.has(code) ? 500 : 400;
      throw await new S3Response({ status, headers: res.headers, body: res.rawBody, method: 'POST', url: res.url, provider }).parseError();
    }
    const etag = unquoteEtag(xmlText(xmlChild(doc, 'CompleteMultipartUploadResult'), 'ETag'));
    if (!etag) throw new MalformedResponseError(`CompleteMultipartUpload for ${JSON.stringify(key)} returned no ETag`, { provider });
    return { etag, headers: res.headers };
  }
}
