/**
 * A fake Cloud Storage JSON API on loopback (node:http), behaving like the service on the
 * points the driver relies on (https://cloud.google.com/storage/docs/json_api/v1 and
 * .../performing-resumable-uploads): bearer token checked, buckets and objects with
 * int64 fields as JSON strings, prefix/delimiter/pageToken listings, `alt=media` with
 * `Range` and `x-goog-hash`, `multipart/related` uploads that verify `md5Hash`/`crc32c`,
 * and resumable sessions (308 + `Range`, `bytes *\/*` status queries, `X-Goog-Hash` on the
 * last chunk, DELETE → 499).
 *
 * Object data lives in files under a temporary directory, so a 1 GiB object costs disk,
 * not memory. Faults are injected per chunk request number (1-based, counted over every
 * data-carrying chunk PUT of the server): keep fewer bytes than sent, break the
 * connection mid-chunk, answer 503.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Crc32c } from '../../../../src/common/crc32c.js';

const Q = 256 * 1024;

interface StoredObject {
  name: string;
  file: string;
  size: number;
  generation: string;
  metageneration: string;
  contentType: string;
  metadata: Record<string, string> | undefined;
  cacheControl: string | undefined;
  md5: string | undefined;
  crc32c: string;
  updated: string;
}

interface Bucket {
  name: string;
  location: string;
  storageClass: string;
  created: string;
  objects: Map<string, StoredObject>;
}

interface Session {
  id: string;
  bucket: string;
  meta: { name: string; contentType?: string; metadata?: Record<string, string>; cacheControl?: string };
  file: string;
  persisted: number;
  md5: ReturnType<typeof createHash>;
  crc: Crc32c;
  done: StoredObject | undefined;
  cancelled: boolean;
}

/** Faults, keyed by chunk request number (1-based). */
export interface FakeGcsFaults {
  /** Keep only this many bytes of the chunk (rounded down to 256 KiB) and answer 308 with the shorter Range. */
  shortRange?: Map<number, number> | undefined;
  /** Read this many bytes of the chunk, keep them (rounded down to 256 KiB), then destroy the socket. */
  breakAfter?: Map<number, number> | undefined;
  /** Answer 503 without keeping anything. */
  fail503?: Set<number> | undefined;
  /** Answer 401 (an expired token) without keeping anything. */
  fail401?: Set<number> | undefined;
  /** Store uploaded bytes with one flipped (as a corrupting network path would): the digests sent must catch it. */
  corruptUploads?: boolean;
  /** Serve downloads with their first byte flipped (the stored digests stay right). */
  corruptDownloads?: boolean;
  /** Send no md5 in x-goog-hash nor in the resource (a composite object has none). */
  noMd5?: boolean;
  /** Serve downloads with a wrong `crc32c=` in x-goog-hash (the md5 and the bytes stay right). */
  wrongCrc32cHeader?: boolean;
}

/** A request the server saw (method, path and query, interesting headers). */
export interface SeenRequest {
  method: string;
  url: string;
  contentRange: string | undefined;
  googHash: string | undefined;
  bytes: number;
  authorization: string | undefined;
  /** The `Via` header a proxy added, if any. */
  via: string | undefined;
}

/** The running fake. */
export interface FakeGcs {
  /** `http://127.0.0.1:PORT` (https with `tls`). */
  url: string;
  /** The port. */
  port: number;
  /** The bearer token it accepts. */
  token: string;
  /** Faults to inject; mutate between cases. */
  faults: FakeGcsFaults;
  /** Every request, in order. */
  requests: SeenRequest[];
  /** Chunk requests seen so far (the counter faults refer to). */
  chunkCount(): number;
  /** Open (not finished, not cancelled) resumable sessions. */
  openSessions(): number;
  /** Sessions cancelled with DELETE. */
  cancelledSessions(): number;
  /** Stops the server and removes its files. */
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function error(res: ServerResponse, status: number, reason: string, message: string): void {
  json(res, status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeGcs(
  options: { token?: string; project?: string; authorize?: (authorization: string | undefined) => boolean; tls?: { key: string; cert: string } } = {},
): Promise<FakeGcs> {
  const token = options.token ?? 'ya29.fake-gcs-token-0123456789';
  const project = options.project ?? 'nubes-test';
  const dir = mkdtempSync(join(tmpdir(), 'nubes-fake-gcs-'));
  const buckets = new Map<string, Bucket>();
  const sessions = new Map<string, Session>();
  const faults: FakeGcsFaults = {};
  const requests: SeenRequest[] = [];
  let chunks = 0;
  let cancelled = 0;
  let seq = 0;
  // Past 2^53, so a generation read through a JS number would come out wrong.
  let generation = 9_007_199_254_740_993n;
  let base = '';

  function resource(bucket: string, o: StoredObject): Record<string, unknown> {
    return {
      kind: 'storage#object',
      id: `${bucket}/${o.name}/${o.generation}`,
      selfLink: `${base}/storage/v1/b/${bucket}/o/${encodeURIComponent(o.name)}`,
      mediaLink: `${base}/download/storage/v1/b/${bucket}/o/${encodeURIComponent(o.name)}?generation=${o.generation}&alt=media`,
      name: o.name,
      bucket,
      generation: o.generation,
      metageneration: o.metageneration,
      contentType: o.contentType,
      storageClass: 'STANDARD',
      size: String(o.size),
      ...(o.md5 !== undefined && !faults.noMd5 ? { md5Hash: o.md5 } : {}),
      crc32c: o.crc32c,
      etag: `CN${o.generation}=`,
      timeCreated: o.updated,
      updated: o.updated,
      ...(o.metadata ? { metadata: o.metadata } : {}),
      ...(o.cacheControl !== undefined ? { cacheControl: o.cacheControl } : {}),
      ...(faults.noMd5 ? { componentCount: 2 } : {}),
    };
  }

  function bucketResource(b: Bucket): Record<string, unknown> {
    return {
      kind: 'storage#bucket',
      id: b.name,
      name: b.name,
      projectNumber: '123456789012',
      metageneration: '1',
      location: b.location,
      locationType: 'multi-region',
      storageClass: b.storageClass,
      timeCreated: b.created,
      updated: b.created,
      etag: 'CAE=',
    };
  }

  function store(b: Bucket, name: string, file: string, size: number, md5: string, crc: string, meta: Session['meta']): StoredObject {
    generation += 1n;
    const stored: StoredObject = {
      name,
      file,
      size,
      generation: String(generation),
      metageneration: '1',
      contentType: meta.contentType ?? 'application/octet-stream',
      metadata: meta.metadata,
      cacheControl: meta.cacheControl,
      md5,
      crc32c: crc,
      updated: new Date().toISOString(),
    };
    const old = b.objects.get(name);
    b.objects.set(name, stored);
    if (old) rmSync(old.file, { force: true });
    return stored;
  }

  function checkHash(res: ServerResponse, header: string | undefined, md5: string, crc: string): boolean {
    if (!header) return true;
    for (const part of header.split(',')) {
      const [k, v] = [part.slice(0, part.indexOf('=')).trim(), part.slice(part.indexOf('=') + 1).trim()];
      if (k === 'md5' && v !== md5) {
        error(res, 400, 'invalid', `Provided MD5 hash "${v}" doesn't match calculated MD5 hash "${md5}".`);
        return false;
      }
      if (k === 'crc32c' && v !== crc) {
        error(res, 400, 'invalid', `Provided CRC32C "${v}" doesn't match calculated CRC32C "${crc}".`);
        return false;
      }
    }
    return true;
  }

  async function handleChunk(req: IncomingMessage, res: ServerResponse, s: Session, seen: SeenRequest): Promise<void> {
    const range = req.headers['content-range'] ?? '';
    const rangeOut = (): Record<string, string> => (s.persisted > 0 ? { range: `bytes=0-${s.persisted - 1}` } : {});
    if (s.done) {
      await readBody(req);
      json(res, 200, resource(s.bucket, s.done));
      return;
    }
    const query = /^bytes \*\/(\*|\d+)$/.exec(range);
    if (query) {
      await readBody(req);
      const total = query[1] === '*' ? undefined : Number(query[1]);
      if (total !== undefined && total === s.persisted) {
        await finish(res, s, req.headers['x-goog-hash'] as string | undefined);
        return;
      }
      res.writeHead(308, { 'content-length': '0', ...rangeOut() });
      res.end();
      return;
    }
    const m = /^bytes (\d+)-(\d+)\/(\*|\d+)$/.exec(range);
    if (!m) {
      await readBody(req);
      error(res, 400, 'invalid', `Bad Content-Range ${range}`);
      return;
    }
    const start = Number(m[1]);
    const end = Number(m[2]);
    const total = m[3] === '*' ? undefined : Number(m[3]);
    const n = ++chunks;
    if (start > s.persisted) {
      await readBody(req);
      error(res, 400, 'invalid', `Chunk starts at ${start} but ${s.persisted} bytes are stored`);
      return;
    }
    const breakAt = faults.breakAfter?.get(n);
    if (breakAt !== undefined) {
      // Read part of the chunk, keep whole quanta of it, then drop the connection.
      const socket = req.socket;
      const got: Buffer[] = [];
      let have = 0;
      for await (const p of req) {
        got.push(p as Buffer);
        have += (p as Buffer).length;
        if (have >= breakAt) break;
      }
      const data = Buffer.concat(got).subarray(0, breakAt);
      await keep(s, start, data.subarray(0, Math.floor(data.length / Q) * Q));
      seen.bytes = have;
      socket.destroy();
      return;
    }
    const body = await readBody(req);
    seen.bytes = body.length;
    if (body.length !== end - start + 1) {
      error(res, 400, 'invalid', `Content-Range says ${end - start + 1} bytes, body has ${body.length}`);
      return;
    }
    if (faults.fail401?.has(n)) {
      error(res, 401, 'authError', 'Invalid Credentials');
      return;
    }
    if (faults.fail503?.has(n)) {
      error(res, 503, 'backendError', 'Backend Error');
      return;
    }
    const short = faults.shortRange?.get(n);
    const last = total !== undefined && end + 1 === total;
    const keepBytes = short !== undefined ? Math.floor(Math.min(short, body.length) / Q) * Q : last ? body.length : Math.floor(body.length / Q) * Q;
    await keep(s, start, body.subarray(0, keepBytes));
    if (last && short === undefined && s.persisted === total) {
      await finish(res, s, req.headers['x-goog-hash'] as string | undefined);
      return;
    }
    res.writeHead(308, { 'content-length': '0', ...rangeOut() });
    res.end();
  }

  async function keep(s: Session, start: number, data: Buffer): Promise<void> {
    const skip = s.persisted - start;
    let fresh = data.subarray(Math.max(0, skip));
    if (fresh.length === 0) return;
    if (faults.corruptUploads) {
      fresh = Buffer.from(fresh);
      fresh[0] = fresh[0]! ^ 0xff;
    }
    await appendFile(s.file, fresh);
    s.md5.update(fresh);
    s.crc.update(fresh);
    s.persisted += fresh.length;
  }

  async function finish(res: ServerResponse, s: Session, googHash: string | undefined): Promise<void> {
    const md5 = s.md5.copy().digest('base64');
    const crc = s.crc.base64();
    if (!checkHash(res, googHash, md5, crc)) return;
    const b = buckets.get(s.bucket);
    if (!b) {
      error(res, 404, 'notFound', 'The specified bucket does not exist.');
      return;
    }
    const file = join(dir, `obj-${++seq}`);
    await rename(s.file, file);
    s.done = store(b, s.meta.name, file, s.persisted, md5, crc, s.meta);
    sessions.delete(s.id);
    json(res, 200, resource(b.name, s.done));
  }

  async function multipartUpload(req: IncomingMessage, res: ServerResponse, b: Bucket): Promise<void> {
    const type = req.headers['content-type'] ?? '';
    const boundary = /boundary=([^;]+)/.exec(type)?.[1];
    const body = await readBody(req);
    if (!type.startsWith('multipart/related') || !boundary) {
      error(res, 400, 'invalid', 'Expected multipart/related');
      return;
    }
    const delim = Buffer.from(`--${boundary}`);
    const first = body.indexOf(delim);
    const second = body.indexOf(delim, first + delim.length);
    const closing = body.lastIndexOf(Buffer.from(`\r\n--${boundary}--`));
    const metaPart = body.subarray(first + delim.length, second).toString('utf8');
    const meta = JSON.parse(metaPart.slice(metaPart.indexOf('\r\n\r\n') + 4).trim()) as Session['meta'] & { md5Hash?: string; crc32c?: string };
    const mediaStart = body.indexOf('\r\n\r\n', second) + 4;
    const data = Buffer.from(body.subarray(mediaStart, closing));
    if (faults.corruptUploads && data.length > 0) data[0] = data[0]! ^ 0xff;
    const md5 = createHash('md5').update(data).digest('base64');
    const crc = new Crc32c().update(data).base64();
    if (meta.md5Hash !== undefined && meta.md5Hash !== md5) {
      error(res, 400, 'invalid', `Provided MD5 hash "${meta.md5Hash}" doesn't match calculated MD5 hash "${md5}".`);
      return;
    }
    if (meta.crc32c !== undefined && meta.crc32c !== crc) {
      error(res, 400, 'invalid', `Provided CRC32C "${meta.crc32c}" doesn't match calculated CRC32C "${crc}".`);
      return;
    }
    const file = join(dir, `obj-${++seq}`);
    await writeFile(file, data);
    json(res, 200, resource(b.name, store(b, meta.name, file, data.length, md5, crc, meta)));
  }

  function download(req: IncomingMessage, res: ServerResponse, o: StoredObject): void {
    let start = 0;
    let end = o.size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d+)-(\d*)$/.exec(range);
      if (!m || Number(m[1]) >= o.size) {
        error(res, 416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.');
        return;
      }
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), o.size - 1) : o.size - 1;
      status = 206;
    }
    const headers: Record<string, string> = {
      'content-type': o.contentType,
      'content-length': String(o.size === 0 ? 0 : end - start + 1),
      'x-goog-generation': o.generation,
      'x-goog-stored-content-length': String(o.size),
      'x-goog-hash': [`crc32c=${faults.wrongCrc32cHeader ? 'AAAAAA==' : o.crc32c}`, ...(faults.noMd5 || o.md5 === undefined ? [] : [`md5=${o.md5}`])].join(','),
    };
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${o.size}`;
    res.writeHead(status, headers);
    if (o.size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(o.file, { start, end, highWaterMark: 256 * 1024 });
    let first = true;
    stream.on('data', (chunk) => {
      let out = chunk as Buffer;
      if (first && faults.corruptDownloads) {
        out = Buffer.from(out);
        out[0] = out[0]! ^ 0xff;
      }
      first = false;
      if (!res.write(out)) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => res.end());
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      contentRange: req.headers['content-range'] as string | undefined,
      googHash: req.headers['x-goog-hash'] as string | undefined,
      bytes: 0,
      authorization: req.headers.authorization,
      via: req.headers.via as string | undefined,
    };
    requests.push(seen);
    if (options.authorize ? !options.authorize(req.headers.authorization) : req.headers.authorization !== `Bearer ${token}`) {
      await readBody(req);
      error(res, 401, 'required', 'Anonymous caller does not have storage.objects.list access.');
      return;
    }
    // Raw path segments: names are percent-encoded as one segment each.
    const segs = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    if (segs[0] === 'upload' && segs[1] === 'storage' && segs[2] === 'v1' && segs[3] === 'b' && segs[5] === 'o') {
      const uploadId = url.searchParams.get('upload_id');
      if (uploadId !== null) {
        const s = sessions.get(uploadId);
        if (method === 'DELETE') {
          if (s) {
            s.cancelled = true;
            cancelled++;
            sessions.delete(uploadId);
            await rm(s.file, { force: true });
          }
          await readBody(req);
          error(res, 499, 'clientClosedRequest', 'Client Closed Request');
          return;
        }
        if (!s) {
          await readBody(req);
          error(res, 404, 'notFound', 'No such upload session.');
          return;
        }
        await handleChunk(req, res, s, seen);
        return;
      }
      const b = buckets.get(segs[4]!);
      if (!b) {
        await readBody(req);
        error(res, 404, 'notFound', 'The specified bucket does not exist.');
        return;
      }
      const kind = url.searchParams.get('uploadType');
      if (kind === 'multipart') {
        await multipartUpload(req, res, b);
        return;
      }
      if (kind === 'resumable') {
        const meta = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Session['meta'];
        meta.name = url.searchParams.get('name') ?? meta.name;
        const id = `ADPycdu${createHash('sha256').update(String(++seq)).digest('hex').slice(0, 40)}`;
        const file = join(dir, `session-${seq}`);
        await writeFile(file, Buffer.alloc(0));
        sessions.set(id, { id, bucket: b.name, meta, file, persisted: 0, md5: createHash('md5'), crc: new Crc32c(), done: undefined, cancelled: false });
        res.writeHead(200, { location: `${base}/upload/storage/v1/b/${encodeURIComponent(b.name)}/o?uploadType=resumable&name=${encodeURIComponent(meta.name)}&upload_id=${id}`, 'content-length': '0' });
        res.end();
        return;
      }
      await readBody(req);
      error(res, 400, 'invalid', 'uploadType must be multipart or resumable here');
      return;
    }
    if (segs[0] !== 'storage' || segs[1] !== 'v1' || segs[2] !== 'b') {
      await readBody(req);
      error(res, 404, 'notFound', 'Not Found');
      return;
    }
    const bucketName = segs[3];
    if (bucketName === undefined || bucketName === '') {
      if (method === 'POST') {
        const body = JSON.parse((await readBody(req)).toString('utf8')) as { name: string; location?: string; storageClass?: string };
        if (url.searchParams.get('project') !== project) {
          error(res, 400, 'invalid', 'Invalid project');
          return;
        }
        if (buckets.has(body.name)) {
          error(res, 409, 'conflict', 'Your previous request to create the named bucket succeeded and you already own it.');
          return;
        }
        const b: Bucket = { name: body.name, location: body.location ?? 'US', storageClass: body.storageClass ?? 'STANDARD', created: new Date().toISOString(), objects: new Map() };
        buckets.set(b.name, b);
        json(res, 200, bucketResource(b));
        return;
      }
      const all = [...buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      page(res, url, all.map(bucketResource), (x) => x.name as string, 'storage#buckets', []);
      return;
    }
    const b = buckets.get(bucketName);
    if (!b) {
      await readBody(req);
      error(res, 404, 'notFound', 'The specified bucket does not exist.');
      return;
    }
    if (segs.length === 4) {
      if (method === 'DELETE') {
        if (b.objects.size > 0) {
          error(res, 409, 'conflict', 'The bucket you tried to delete is not empty.');
          return;
        }
        buckets.delete(b.name);
        res.writeHead(204);
        res.end();
        return;
      }
      json(res, 200, bucketResource(b));
      return;
    }
    if (segs[4] !== 'o') {
      error(res, 404, 'notFound', 'Not Found');
      return;
    }
    if (segs.length === 5) {
      const prefix = url.searchParams.get('prefix') ?? '';
      const delimiter = url.searchParams.get('delimiter');
      const names = [...b.objects.keys()].filter((n) => n.startsWith(prefix)).sort();
      const entries: { key: string; item?: Record<string, unknown>; prefix?: string }[] = [];
      const seenPrefixes = new Set<string>();
      for (const n of names) {
        if (delimiter) {
          const at = n.indexOf(delimiter, prefix.length);
          if (at >= 0) {
            const p = n.slice(0, at + delimiter.length);
            if (!seenPrefixes.has(p)) {
              seenPrefixes.add(p);
              entries.push({ key: p, prefix: p });
            }
            continue;
          }
        }
        entries.push({ key: n, item: resource(b.name, b.objects.get(n)!) });
      }
      const max = Number(url.searchParams.get('maxResults') ?? '1000');
      const token = url.searchParams.get('pageToken');
      const from = token ? entries.findIndex((e) => e.key > Buffer.from(token, 'base64').toString('utf8')) : 0;
      const slice = from < 0 ? [] : entries.slice(from, from + max);
      const more = from >= 0 && from + max < entries.length;
      json(res, 200, {
        kind: 'storage#objects',
        ...(slice.some((e) => e.prefix) ? { prefixes: slice.filter((e) => e.prefix).map((e) => e.prefix) } : {}),
        ...(slice.some((e) => e.item) ? { items: slice.filter((e) => e.item).map((e) => e.item) } : {}),
        ...(more ? { nextPageToken: Buffer.from(slice.at(-1)!.key).toString('base64') } : {}),
      });
      return;
    }
    // POST .../o/{src}/rewriteTo/b/{dstBucket}/o/{dst}: two steps (a rewriteToken, then done), as large copies do.
    const rewriteAt = segs.indexOf('rewriteTo', 5);
    if (method === 'POST' && rewriteAt > 5) {
      await readBody(req);
      const srcName = segs.slice(5, rewriteAt).join('/');
      const src = b.objects.get(srcName);
      const dstBucket = buckets.get(segs[rewriteAt + 2]!);
      if (!dstBucket) {
        error(res, 404, 'notFound', 'The specified bucket does not exist.');
        return;
      }
      if (!src) {
        error(res, 404, 'notFound', `No such object: ${b.name}/${srcName}`);
        return;
      }
      if (url.searchParams.get('rewriteToken') !== 'step-1') {
        json(res, 200, { kind: 'storage#rewriteResponse', totalBytesRewritten: String(Math.floor(src.size / 2)), objectSize: String(src.size), done: false, rewriteToken: 'step-1' });
        return;
      }
      const file = join(dir, `obj-${++seq}`);
      await writeFile(file, await readFile(src.file));
      const stored = store(dstBucket, segs.slice(rewriteAt + 4).join('/'), file, src.size, src.md5 ?? '', src.crc32c, { name: '', contentType: src.contentType, ...(src.metadata ? { metadata: src.metadata } : {}) });
      json(res, 200, { kind: 'storage#rewriteResponse', totalBytesRewritten: String(src.size), objectSize: String(src.size), done: true, resource: resource(dstBucket.name, stored) });
      return;
    }
    const objectName = segs.slice(5).join('/');
    const o = b.objects.get(objectName);
    if (!o) {
      await readBody(req);
      error(res, 404, 'notFound', `No such object: ${b.name}/${objectName}`);
      return;
    }
    if (method === 'DELETE') {
      b.objects.delete(objectName);
      rmSync(o.file, { force: true });
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.searchParams.get('alt') === 'media') {
      // Preconditions (https://cloud.google.com/storage/docs/request-preconditions): a pinned read of a replaced object is refused.
      const pinned = url.searchParams.get('ifGenerationMatch');
      if (pinned !== null && pinned !== o.generation) {
        error(res, 412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.');
        return;
      }
      download(req, res, o);
      return;
    }
    json(res, 200, resource(b.name, o));
  }

  function page(res: ServerResponse, url: URL, all: Record<string, unknown>[], key: (x: Record<string, unknown>) => string, kind: string, _p: string[]): void {
    const max = Number(url.searchParams.get('maxResults') ?? '1000');
    const token = url.searchParams.get('pageToken');
    const from = token ? all.findIndex((x) => key(x) > Buffer.from(token, 'base64').toString('utf8')) : 0;
    const slice = from < 0 ? [] : all.slice(from, from + max);
    const more = from >= 0 && from + max < all.length;
    json(res, 200, { kind, ...(slice.length ? { items: slice } : {}), ...(more ? { nextPageToken: Buffer.from(key(slice.at(-1)!)).toString('base64') } : {}) });
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) error(res, 500, 'backendError', String(err));
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handle) : createServer(handle);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    port: (server.address() as AddressInfo).port,
    token,
    faults,
    requests,
    chunkCount: () => chunks,
    openSessions: () => sessions.size,
    cancelledSessions: () => cancelled,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Size of a file, for tests that look at what the fake stored. */
export function fileSize(path: string): number {
  return statSync(path).size;
}
