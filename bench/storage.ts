/**
 * Storage throughput and memory: nubes against raw Node on the same server in the same
 * run, so the figure that matters is the ratio, not the absolute speed of this machine.
 *
 * - S3 on OpenStack Swift's s3api (a real server on 127.0.0.1): nubes' S3 driver with
 *   its defaults (8 MiB parts, 4 in flight) against one `node:http` PUT / GET of a
 *   presigned URL to the same Swift proxy; the upload also against raw `node:http`
 *   running the same multipart protocol by hand (Swift's s3api stores every part as a
 *   segment, so parts cost more than bytes), and once more as one streamed PUT
 *   (`multipartThreshold`), the same protocol as the raw PUT. Uploads and downloads are
 *   also measured against raw undici, the HTTP client nubes runs on, to tell what nubes
 *   costs from what undici does by itself.
 * - Local: the Local driver against `fs` streams into the same directory (and, for
 *   uploads, against `fs` streams that compute the MD5 the driver must compute too).
 * - Google Cloud Storage on the loopback fake (test/drivers/storage/gcs/fake-gcs.ts, in this
 *   process): the JSON API driver's resumable upload (8 MiB chunks; MD5 and CRC32C computed)
 *   against raw `node:http` running the same resumable steps by hand (initiate, 8 MiB
 *   `PUT`s with `Content-Range`, the last with the total; MD5 computed too), and the
 *   driver's checked download against one raw `GET ?alt=media`. Target ratio 0.8.
 *
 * Sizes 256 MiB and 1 GiB; upload from a generated stream (no disk read), download
 * streamed and discarded. Each transfer runs in a fresh `node` process on nubes compiled
 * to JavaScript (what users run: no TypeScript loader inflating memory), which reports
 * its throughput, its peak RSS and its peak private memory (Linux `RssAnon`: RSS without
 * the ~43 MiB of the `node` executable's pages that every Node process maps) sampled
 * every 10 ms. Throughput is the best of two runs, memory the worst.
 * Targets: nubes ≥ 70% of raw; peak RSS growth over the idle process ≤ 48 MiB (issue 19:
 * the earlier "peak RSS < 100 MiB at 1 GiB" sat below Node + undici's own idle footprint).
 *
 * Run alone: `node --import tsx bench/storage.ts`; or through `npm run bench`.
 */
import { rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Container, GoogleCloudStorageDriver, LocalStorageDriver, S3StorageDriver, StorageObject } from '../src/drivers/storage/index.js';
import { startFakeGcs } from '../test/drivers/storage/gcs/fake-gcs.js';
import { findBinary, tempDir } from '../test/peers/process.js';
import { startSwift, SWIFT_BINARIES } from '../test/peers/swift.js';
import { compileNubes, generated, label, runNodeChild } from './common.js';

export { compileNubes };

const MiB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RATIO_TARGET = 0.7;
/** Peak RSS growth over the idle process (issue 19). */
const RSS_GROWTH_TARGET_MiB = 48;
/** Cloud Storage against raw node:http doing the same resumable steps (issue 14). */
const GCS_RATIO_TARGET = 0.8;

/** One printable result. */
export interface StorageBenchRow {
  /** What was measured, e.g. `S3 on Swift: upload 1 GiB`. */
  case: string;
  /** nubes throughput, MiB/s (best of the runs). */
  nubesMiBps: number;
  /** Raw Node throughput to the same place, MiB/s (best of the runs). */
  rawMiBps: number;
  /** nubes / raw. */
  ratio: number;
  /** Peak RSS of the nubes process, MiB. */
  nubesPeakRssMiB: number;
  /** RSS of the nubes process before the transfer (Node, undici and nubes loaded), MiB. */
  nubesIdleRssMiB: number;
  /** Peak RSS of the raw process, MiB (the floor: Node itself and the bytes in flight). */
  rawPeakRssMiB: number;
  /**
   * Peak private memory of the nubes process (Linux `RssAnon`), MiB: RSS without the pages
   * mapped from files, chiefly the `node` executable's ~43 MiB that every Node process
   * shares. 0 where the platform does not say.
   */
  nubesPeakPrivateMiB: number;
  /** The same for the raw process. */
  rawPeakPrivateMiB: number;
  /** `ok`, or which target was missed. */
  verdict: string;
}

/** Options of {@link runStorageBench}. */
export interface StorageBenchOptions {
  /** Object sizes in bytes (default 256 MiB and 1 GiB). */
  sizes?: readonly number[];
  /** Runs per measurement; the best counts (default 2). */
  runs?: number;
  /** Where to run (default both). */
  targets?: ReadonlyArray<'s3-swift' | 'local' | 'gcs-fake'>;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** What a child process is asked to do. */
interface ChildSpec {
  op: 'gcs-upload-raw' | 'gcs-upload-nubes' | 'gcs-download-raw' | 'gcs-download-raw-md5' | 'gcs-download-nubes' | 's3-upload-raw' | 's3-upload-raw-undici' | 's3-download-raw-undici' | 's3-upload-raw-multipart' | 's3-upload-nubes' | 's3-upload-nubes-streamed' | 's3-download-raw' | 's3-download-nubes' | 'local-upload-raw' | 'local-upload-raw-md5' | 'local-upload-nubes' | 'local-download-raw' | 'local-download-nubes';
  size: number;
  /** Compiled `drivers/storage/index.js`. */
  module: string;
  url?: string;
  s3?: { endpoint: string; accessKeyId: string; secret: string; region: string; bucket: string };
  gcs?: { url: string; token: string; bucket: string };
  root?: string;
  name: string;
}

interface ChildResult {
  seconds: number;
  peakRss: number;
  idleRss: number;
  peakPrivate: number;
}

/**
 * The measured side, plain JavaScript run by `node` on the compiled sources. Reads its
 * task from NUBES_BENCH_SPEC, prints `{ seconds, peakRss }`.
 */
const CHILD = String.raw`
import { createReadStream, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const spec = JSON.parse(process.env.NUBES_BENCH_SPEC);
const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(MiB, 0x5a);
const generated = (size) => { let sent = 0; return new Readable({ highWaterMark: MiB, read() { if (sent >= size) { this.push(null); return; } const n = Math.min(MiB, size - sent); sent += n; this.push(n === MiB ? CHUNK : CHUNK.subarray(0, n)); } }); };
const discard = () => new Writable({ write(_c, _e, cb) { cb(); } });
const raw = (method, url, body, length) => new Promise((resolve, reject) => {
  const req = request(url, { method, headers: length === undefined ? {} : { 'content-length': String(length) } }, (res) => {
    const chunks = [];
    res.on('data', (c) => { if (chunks.length < 16) chunks.push(c); });
    res.on('end', () => (res.statusCode >= 300 ? reject(new Error(method + ' answered ' + res.statusCode)) : resolve({ headers: res.headers, text: Buffer.concat(chunks).toString() })));
    res.on('error', reject);
  });
  req.on('error', reject);
  if (Buffer.isBuffer(body)) req.end(body); else if (body) body.pipe(req); else req.end();
});
// The multipart protocol by hand over node:http (presigned URLs): parts of 8 MiB, 4 in flight, each copied once.
const rawMultipart = async () => {
  const d = s3();
  const at = (params, method) => d.connection.presignUrl(d.connection.action(spec.s3.bucket, spec.name), { method, params, expires: 3600 });
  const created = await raw('POST', at({ uploads: '' }, 'POST'));
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)[1];
  const etags = [];
  const inFlight = new Set();
  let n = 0;
  let part = Buffer.allocUnsafe(8 * MiB);
  let filled = 0;
  const send = (buf, number) => {
    const task = raw('PUT', at({ partNumber: number, uploadId }, 'PUT'), buf, buf.length).then((r) => { etags[number - 1] = r.headers.etag; });
    inFlight.add(task);
    task.finally(() => inFlight.delete(task));
  };
  for await (const chunk of generated(spec.size)) {
    chunk.copy(part, filled);
    filled += chunk.length;
    if (filled === part.length) {
      send(part, ++n);
      part = Buffer.allocUnsafe(8 * MiB);
      filled = 0;
      if (inFlight.size >= 4) await Promise.race(inFlight);
    }
  }
  if (filled > 0) send(part.subarray(0, filled), ++n);
  await Promise.all(inFlight);
  const xml = '<CompleteMultipartUpload>' + etags.map((e, i) => '<Part><PartNumber>' + (i + 1) + '</PartNumber><ETag>' + e + '</ETag></Part>').join('') + '</CompleteMultipartUpload>';
  const done = await raw('POST', at({ uploadId }, 'POST'), Buffer.from(xml), Buffer.byteLength(xml));
  if (!/CompleteMultipartUploadResult/.test(done.text)) throw new Error('complete failed: ' + done.text);
  await d.close();
};
// The resumable protocol by hand over node:http: initiate, 8 MiB chunks with Content-Range, the last with the total.
const rawResumable = async () => {
  const g = spec.gcs;
  const auth = { authorization: 'Bearer ' + g.token };
  const call = (method, url, headers, body) => new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...auth, ...headers } }, (res) => { const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() })); res.on('error', reject); });
    req.on('error', reject);
    req.end(body);
  });
  const meta = JSON.stringify({ name: spec.name, contentType: 'application/octet-stream' });
  const init = await call('POST', g.url + '/upload/storage/v1/b/' + g.bucket + '/o?uploadType=resumable&name=' + encodeURIComponent(spec.name), { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(meta)) }, meta);
  const session = init.headers.location;
  const md5 = createHash('md5');
  const buf = Buffer.allocUnsafe(8 * MiB);
  let filled = 0;
  let offset = 0;
  const put = async (n, total) => {
    const r = await call('PUT', session, { 'content-length': String(n), 'content-range': 'bytes ' + offset + '-' + (offset + n - 1) + '/' + (total ?? '*') }, buf.subarray(0, n));
    if (r.status !== 308 && r.status !== 200) throw new Error('chunk answered ' + r.status + ' ' + r.text);
    offset += n;
  };
  for await (const chunk of generated(spec.size)) {
    md5.update(chunk);
    let c = chunk;
    while (c.length > 0) {
      const take = Math.min(buf.length - filled, c.length);
      c.copy(buf, filled, 0, take);
      filled += take;
      c = c.subarray(take);
      if (filled === buf.length && offset + filled < spec.size) { await put(filled); filled = 0; }
    }
  }
  await put(filled, spec.size);
  md5.digest('base64');
};
const storage = await import(spec.module);
const undici = await import('undici');
const privateRss = () => { try { return Number(/RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch { return 0; } };
const s3 = () => new storage.S3StorageDriver(spec.s3.accessKeyId, spec.s3.secret, { url: spec.s3.endpoint, region: spec.s3.region, env: {} });
const ghost = (driver, container, name, size) => new storage.StorageObject({ name, size, hash: '', metaData: {}, container: new storage.Container({ name: container, extra: {} }, driver), extra: {} }, driver);
const rawGet = (onData) => new Promise((resolve, reject) => { const req = request(spec.url, { headers: { authorization: 'Bearer ' + spec.gcs.token } }, (res) => { if (res.statusCode !== 200) reject(new Error('GET answered ' + res.statusCode)); res.on('data', onData); res.on('end', resolve); res.on('error', reject); }); req.on('error', reject); req.end(); });
const gcs = () => new storage.GoogleCloudStorageDriver('', undefined, { project: 'nubes-test', url: spec.gcs.url, env: {}, credentials: { kind: 'static', getToken: async () => ({ token: spec.gcs.token, expiresAt: Date.now() + 3600000 }) } });
const ops = {
  'gcs-upload-raw': rawResumable,
  'gcs-upload-nubes': async () => { const d = gcs(); await d.uploadObjectViaStream(generated(spec.size), spec.gcs.bucket, spec.name, { contentLength: spec.size }); await d.close(); },
  'gcs-download-raw': () => rawGet(() => undefined),
  'gcs-download-raw-md5': () => { const h = createHash('md5'); return rawGet((c) => h.update(c)).then(() => h.digest('base64')); },
  'gcs-download-nubes': async () => { const d = gcs(); const o = await d.getObject(spec.gcs.bucket, spec.name); await pipeline(await d.downloadObjectAsStream(o), discard()); await d.close(); },
  's3-upload-raw': () => raw('PUT', spec.url, generated(spec.size), spec.size),
  's3-upload-raw-multipart': rawMultipart,
  's3-upload-raw-undici': async () => { const r = await undici.request(spec.url, { method: 'PUT', body: generated(spec.size), headers: { 'content-length': String(spec.size) } }); await r.body.text(); if (r.statusCode >= 300) throw new Error('PUT answered ' + r.statusCode); },
  's3-download-raw-undici': async () => { const r = await undici.request(spec.url); if (r.statusCode >= 300) throw new Error('GET answered ' + r.statusCode); await pipeline(r.body, discard()); },
  's3-upload-nubes': async () => { const d = s3(); await d.uploadObjectViaStream(generated(spec.size), spec.s3.bucket, spec.name, { contentLength: spec.size }); await d.close(); },
  's3-upload-nubes-streamed': async () => { const d = new storage.S3StorageDriver(spec.s3.accessKeyId, spec.s3.secret, { url: spec.s3.endpoint, region: spec.s3.region, env: {}, multipartThreshold: 5 * 1024 * MiB }); await d.uploadObjectViaStream(generated(spec.size), spec.s3.bucket, spec.name, { contentLength: spec.size }); await d.close(); },
  's3-download-raw': () => raw('GET', spec.url),
  's3-download-nubes': async () => { const d = s3(); await pipeline(await d.downloadObjectAsStream(ghost(d, spec.s3.bucket, spec.name, spec.size)), discard()); await d.close(); },
  'local-upload-raw': () => pipeline(generated(spec.size), createWriteStream(join(spec.root, 'raw-' + spec.name))),
  'local-upload-raw-md5': async () => { const h = createHash('md5'); await pipeline(generated(spec.size), new Transform({ transform(c, _e, cb) { h.update(c); cb(null, c); } }), createWriteStream(join(spec.root, 'raw-' + spec.name))); h.digest('hex'); },
  'local-upload-nubes': async () => { const d = new storage.LocalStorageDriver(spec.root); await d.uploadObjectViaStream(generated(spec.size), 'bench', spec.name, { contentLength: spec.size }); },
  'local-download-raw': () => pipeline(createReadStream(join(spec.root, 'raw-' + spec.name), { highWaterMark: 256 * 1024 }), discard()),
  'local-download-nubes': async () => { const d = new storage.LocalStorageDriver(spec.root); await pipeline(await d.downloadObjectAsStream(ghost(d, 'bench', spec.name, spec.size)), discard()); },
};
globalThis.gc?.();
const idle = process.memoryUsage.rss();
let peak = idle;
let peakPrivate = privateRss();
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); peakPrivate = Math.max(peakPrivate, privateRss()); }, 10);
const started = process.hrtime.bigint();
await ops[spec.op]();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
peakPrivate = Math.max(peakPrivate, privateRss());
process.stdout.write(JSON.stringify({ seconds, peakRss: peak, idleRss: idle, peakPrivate }));
`;

function runChild(spec: ChildSpec): Promise<ChildResult> {
  return runNodeChild<ChildResult>(CHILD, spec, { cwd: ROOT, name: `storage-${spec.op}`, exposeGc: true });
}




interface Measured {
  mibps: number;
  peak: number;
  idle: number;
  peakPrivate: number;
}

async function best(runs: number, spec: ChildSpec, before: () => Promise<void>): Promise<Measured> {
  let mibps = 0;
  let peak = 0;
  let idle = 0;
  let peakPrivate = 0;
  for (let i = 0; i < runs; i++) {
    await before();
    const r = await runChild(spec);
    mibps = Math.max(mibps, spec.size / MiB / r.seconds);
    peak = Math.max(peak, r.peakRss / MiB);
    idle = Math.max(idle, r.idleRss / MiB);
    peakPrivate = Math.max(peakPrivate, r.peakPrivate / MiB);
  }
  return { mibps, peak, idle, peakPrivate };
}

function row(name: string, size: number, nubes: Measured, raw: Measured, target = RATIO_TARGET): StorageBenchRow {
  const ratio = nubes.mibps / raw.mibps;
  const misses: string[] = [];
  if (ratio < target) misses.push(`ratio < ${target}`);
  if (nubes.peak - nubes.idle > RSS_GROWTH_TARGET_MiB) misses.push(`RSS growth > ${RSS_GROWTH_TARGET_MiB} MiB`);
  return {
    case: `${name} ${label(size)}`,
    nubesMiBps: Math.round(nubes.mibps),
    rawMiBps: Math.round(raw.mibps),
    ratio: Math.round(ratio * 100) / 100,
    nubesPeakRssMiB: Math.round(nubes.peak),
    nubesIdleRssMiB: Math.round(nubes.idle),
    rawPeakRssMiB: Math.round(raw.peak),
    nubesPeakPrivateMiB: Math.round(nubes.peakPrivate),
    rawPeakPrivateMiB: Math.round(raw.peakPrivate),
    verdict: misses.length ? misses.join(', ') : 'ok',
  };
}

/**
 * Runs the storage benchmarks and returns one row per case. Compiles nubes, starts (and
 * stops) its own Swift on 127.0.0.1; without the Swift binaries the S3 rows are replaced
 * by a row saying so.
 */
export async function runStorageBench(options: StorageBenchOptions = {}): Promise<StorageBenchRow[]> {
  const sizes = options.sizes ?? [256 * MiB, 1024 * MiB];
  const runs = options.runs ?? 2;
  const wanted = options.targets ?? ['s3-swift', 'local', 'gcs-fake'];
  const log = options.log ?? (() => undefined);
  const rows: StorageBenchRow[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  try {
    log('compiling nubes for the measured processes');
    const build = await compileNubes();
    cleanups.push(() => rm(build, { recursive: true, force: true }));
    const module = pathToFileURL(join(build, 'drivers', 'storage', 'index.js')).href;

    if (wanted.includes('s3-swift')) {
      const missing = SWIFT_BINARIES.filter((b) => findBinary(b) === undefined);
      if (missing.length) {
        rows.push({ case: `S3 on Swift: skipped (missing ${missing.join(', ')})`, nubesMiBps: 0, rawMiBps: 0, ratio: 0, nubesPeakRssMiB: 0, nubesIdleRssMiB: 0, rawPeakRssMiB: 0, nubesPeakPrivateMiB: 0, rawPeakPrivateMiB: 0, verdict: 'skipped' });
      } else {
        log('starting Swift');
        const swift = await startSwift();
        cleanups.push(() => swift.stop());
        const bucket = `bench-${Date.now().toString(36)}`;
        const driver = new S3StorageDriver(swift.s3.accessKeyId, swift.s3.secret, { url: swift.s3.endpoint, region: swift.s3.region, env: {} });
        cleanups.push(() => driver.close());
        await driver.createContainer(bucket);
        const s3 = { endpoint: swift.s3.endpoint, accessKeyId: swift.s3.accessKeyId, secret: swift.s3.secret, region: swift.s3.region, bucket };
        const object = (name: string): StorageObject => new StorageObject({ name, size: 0, hash: '', metaData: {}, container: new Container({ name: bucket, extra: {} }, driver), extra: {} }, driver);
        const remove = (name: string) => async (): Promise<void> => {
          await driver.deleteObject(object(name));
        };
        for (const size of sizes) {
          const name = `obj-${size}`;
          log(`S3 on Swift: upload ${label(size)}`);
          const putUrl = driver.exGetPresignedUrl(name, { container: bucket, method: 'PUT', expiresIn: 3600 });
          const rawUp = await best(runs, { op: 's3-upload-raw', size, module, url: putUrl, name }, remove(name));
          const nubesUp = await best(runs, { op: 's3-upload-nubes', size, module, s3, name }, remove(name));
          rows.push(row('S3 on Swift: upload', size, nubesUp, rawUp));
          const rawMultipartUp = await best(runs, { op: 's3-upload-raw-multipart', size, module, s3, name }, remove(name));
          rows.push(row('S3 on Swift: upload (raw baseline in parts too, 8 MiB x 4)', size, nubesUp, rawMultipartUp));
          const streamedUp = await best(runs, { op: 's3-upload-nubes-streamed', size, module, s3, name }, remove(name));
          rows.push(row('S3 on Swift: upload (multipartThreshold 5 GiB: one streamed PUT)', size, streamedUp, rawUp));
          const rawUndiciUp = await best(runs, { op: 's3-upload-raw-undici', size, module, url: putUrl, name }, remove(name));
          rows.push(row('S3 on Swift: upload (one streamed PUT; raw baseline: undici)', size, streamedUp, rawUndiciUp));
          log(`S3 on Swift: download ${label(size)}`);
          await driver.uploadObjectViaStream(generated(size), bucket, name, { contentLength: size });
          const getUrl = driver.exGetPresignedUrl(name, { container: bucket, expiresIn: 3600 });
          const rawDown = await best(runs, { op: 's3-download-raw', size, module, url: getUrl, name }, async () => undefined);
          const nubesDown = await best(runs, { op: 's3-download-nubes', size, module, s3, name }, async () => undefined);
          rows.push(row('S3 on Swift: download', size, nubesDown, rawDown));
          // undici is the HTTP client nubes runs on: what it costs by itself, apart from nubes.
          const rawUndiciDown = await best(runs, { op: 's3-download-raw-undici', size, module, url: getUrl, name }, async () => undefined);
          rows.push(row('S3 on Swift: download (raw baseline: undici)', size, nubesDown, rawUndiciDown));
          await remove(name)();
        }
      }
    }

    if (wanted.includes('gcs-fake')) {
      log('starting the Cloud Storage fake');
      const fake = await startFakeGcs();
      cleanups.push(() => fake.close());
      const driver = new GoogleCloudStorageDriver('', undefined, {
        project: 'nubes-test',
        url: fake.url,
        env: {},
        credentials: { kind: 'static', getToken: async () => ({ token: fake.token, expiresAt: Date.now() + 3_600_000 }) },
      });
      cleanups.push(() => driver.close());
      const bucket = 'nubes-bench';
      await driver.createContainer(bucket);
      const gcs = { url: fake.url, token: fake.token, bucket };
      const object = (name: string): StorageObject => new StorageObject({ name, size: 0, hash: '', metaData: {}, container: new Container({ name: bucket, extra: {} }, driver), extra: {} }, driver);
      const remove = (name: string) => async (): Promise<void> => {
        await driver.deleteObject(object(name)).catch(() => undefined);
      };
      for (const size of sizes) {
        const name = `obj-${size}`;
        log(`Cloud Storage (fake): upload ${label(size)}`);
        const rawUp = await best(runs, { op: 'gcs-upload-raw', size, module, gcs, name }, remove(name));
        const nubesUp = await best(runs, { op: 'gcs-upload-nubes', size, module, gcs, name }, remove(name));
        rows.push(row('Cloud Storage (fake): resumable upload', size, nubesUp, rawUp, GCS_RATIO_TARGET));
        log(`Cloud Storage (fake): download ${label(size)}`);
        await driver.uploadObjectViaStream(generated(size), bucket, name, { contentLength: size });
        const url = `${fake.url}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?alt=media`;
        const rawDown = await best(runs, { op: 'gcs-download-raw', size, module, gcs, url, name }, async () => undefined);
        const nubesDown = await best(runs, { op: 'gcs-download-nubes', size, module, gcs, name }, async () => undefined);
        rows.push(row('Cloud Storage (fake): download (nubes checks MD5)', size, nubesDown, rawDown, GCS_RATIO_TARGET));
        // The driver must MD5 what it receives; this baseline does too.
        const rawMd5Down = await best(runs, { op: 'gcs-download-raw-md5', size, module, gcs, url, name }, async () => undefined);
        rows.push(row('Cloud Storage (fake): download (raw baseline hashing MD5 too)', size, nubesDown, rawMd5Down, GCS_RATIO_TARGET));
        await remove(name)();
      }
    }

    if (wanted.includes('local')) {
      const root = tempDir('bench-local');
      cleanups.push(() => rm(root, { recursive: true, force: true }));
      const driver = new LocalStorageDriver(root);
      await driver.createContainer('bench');
      const object = (name: string): StorageObject => new StorageObject({ name, size: 0, hash: '', metaData: {}, container: new Container({ name: 'bench', extra: {} }, driver), extra: {} }, driver);
      const remove = (name: string) => async (): Promise<void> => {
        await driver.deleteObject(object(name)).catch(() => undefined);
        await unlink(join(root, `raw-${name}`)).catch(() => undefined);
      };
      for (const size of sizes) {
        const name = `obj-${size}`;
        log(`Local: upload ${label(size)}`);
        const rawUp = await best(runs, { op: 'local-upload-raw', size, module, root, name }, remove(name));
        const nubesUp = await best(runs, { op: 'local-upload-nubes', size, module, root, name }, remove(name));
        rows.push(row('Local: upload', size, nubesUp, rawUp));
        // The Local driver must MD5 what it writes; this baseline does too.
        const rawMd5Up = await best(runs, { op: 'local-upload-raw-md5', size, module, root, name }, remove(name));
        rows.push(row('Local: upload (raw baseline hashing MD5 too)', size, nubesUp, rawMd5Up));
        log(`Local: download ${label(size)}`);
        await remove(name)();
        await pipeline(generated(size), createWriteStream(join(root, `raw-${name}`)));
        await driver.uploadObjectViaStream(generated(size), 'bench', name, { contentLength: size });
        const rawDown = await best(runs, { op: 'local-download-raw', size, module, root, name }, async () => undefined);
        const nubesDown = await best(runs, { op: 'local-download-nubes', size, module, root, name }, async () => undefined);
        rows.push(row('Local: download', size, nubesDown, rawDown));
        await remove(name)();
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  return rows;
}

/** The rows as an aligned text table. */
export function formatStorageRows(rows: readonly StorageBenchRow[]): string {
  const header = ['case', 'nubes MiB/s', 'raw MiB/s', 'ratio', 'peak RSS MiB', 'idle RSS MiB', 'raw peak RSS MiB', 'peak private MiB', 'raw peak private MiB', 'verdict'];
  const cells = rows.map((r) => [
    r.case,
    String(r.nubesMiBps),
    String(r.rawMiBps),
    r.ratio.toFixed(2),
    String(r.nubesPeakRssMiB),
    String(r.nubesIdleRssMiB),
    String(r.rawPeakRssMiB),
    String(r.nubesPeakPrivateMiB),
    String(r.rawPeakPrivateMiB),
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i === 0 || i === c.length - 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const rows = await runStorageBench({ log: (line) => console.error(line) });
  console.log(formatStorageRows(rows));
}
