/**
 * nubes against the official SDKs, side by side in one run, on the real servers the
 * tests start: Swift's S3 API (test/peers/swift.ts) for `@aws-sdk/client-s3` +
 * `@aws-sdk/lib-storage`, Azurite (test/peers/azurite.ts) for `@azure/storage-blob`;
 * plus the loopback raw ceiling (one undici PUT / GET of a presigned or SAS URL to the
 * same server, and the HEADs as undici HEADs of a presigned or SAS URL, which sign nothing
 * per request: what the server allows a Node client; with `reset: false`, as nubes sends
 * them, since undici otherwise closes the connection after every HEAD) and a loopback
 * HEAD stub (a `node:http` server in this process answering every HEAD at once, so the
 * clients' own per-request cost is what is measured).
 *
 * The SDKs are NOT dependencies of nubes nor of its root package: they live in
 * bench/sdk/package.json (private, own lock file). Install them once with
 * `npm run bench:setup` (`npm ci --prefix bench/sdk`); without them this bench stops with
 * a message saying so. The measured processes import them from bench/sdk/node_modules at
 * run time, as plain JavaScript, so this file type-checks on a clean clone.
 *
 * Ops: upload from a generated stream and from a file, download as a stream (discarded)
 * and to a file, at each size (default 256 MiB and 1 GiB); list 5,000 objects; 2,000
 * sequential HEADs. Every measurement is a fresh `node` process on nubes compiled to
 * JavaScript; it reports wall time, CPU time (user + system) and peak RSS sampled every
 * 10 ms over its idle RSS. Idle is after the library was imported, its client built and
 * one HEAD of a small object sent (unmeasured: it loads what each library loads lazily —
 * nubes imports undici on its first request — and opens a connection).
 * Contenders run interleaved (the order alternates each round); the table gives medians
 * over rounds, and as `ratio` the median of the per-round throughput ratios nubes /
 * contender (higher is better for nubes); RSS growth and CPU per op are medians (lower
 * is better).
 *
 * nubes runs with its defaults, integrity checks on (Content-MD5 sent and ETag / MD5
 * checked). The AWS SDK runs with `requestChecksumCalculation` / `responseChecksumValidation`
 * `WHEN_REQUIRED`, as Swift's s3api does not take its default CRC32 trailers; the Azure
 * SDK with its defaults (no MD5 check on download).
 *
 * Tuning (env): BENCH_ROUNDS (default 3), BENCH_SIZES (MiB, comma-separated, default
 * `256,1024`), BENCH_LIST_OBJECTS (default 5000), BENCH_HEADS (default 2000),
 * BENCH_SDK_TARGETS (`s3,azure,stub`, default all), BENCH_SDK_OPS
 * (`upload,download,list,head`, default all); BENCH_CPU_PROF=<dir> makes every measured
 * process write a V8 CPU profile (`node --cpu-prof`) there. A quick run:
 * `BENCH_ONLY=sdk BENCH_ROUNDS=1 BENCH_SIZES=32 BENCH_LIST_OBJECTS=500 BENCH_HEADS=200 npm run bench`.
 * Run alone: `node --import tsx bench/sdk.ts`.
 */
import { existsSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AzureBlobsStorageDriver, Container, S3StorageDriver, StorageObject, type StorageDriver } from '../src/drivers/storage/index.js';
import { azuriteUnavailable, startAzurite } from '../test/peers/azurite.js';
import { findBinary, tempDir } from '../test/peers/process.js';
import { startSwift, SWIFT_BINARIES } from '../test/peers/swift.js';
import { compileNubes } from './storage.js';
import { generated, label, median, runNodeChild } from './common.js';

const MiB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SDK_DIR = join(ROOT, 'bench', 'sdk');
const SDK_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@azure/storage-blob'];

/** Where the bench runs. */
export type SdkTarget = 's3' | 'azure' | 'stub';

/** What it measures. */
export type SdkOp = 'upload' | 'download' | 'list' | 'head';

/** Options of {@link runSdkBench}. */
export interface SdkBenchOptions {
  /** Interleaved rounds; medians are reported (default 3). */
  rounds?: number;
  /** Object sizes in bytes (default 256 MiB and 1 GiB). */
  sizes?: readonly number[];
  /** Objects in the listing (default 5000). */
  listObjects?: number;
  /** Sequential HEADs (default 2000). */
  heads?: number;
  /** Where to run (default all). */
  targets?: readonly SdkTarget[];
  /** What to measure (default all). */
  ops?: readonly SdkOp[];
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** What one measured process reports. */
interface Sample {
  seconds: number;
  cpuSeconds: number;
  idleRss: number;
  peakRss: number;
}

/** One row of the table: nubes against one contender on one op. */
export interface SdkBenchRow {
  /** e.g. `S3 (Swift) upload stream 256 MiB`. */
  case: string;
  /** The contender, e.g. `lib-storage Upload (defaults)`. */
  contender: string;
  /** Unit of the rates: `MB/s` (10^6 bytes) or `ops/s`. */
  unit: string;
  /** nubes, median. */
  nubesRate: number;
  /** The contender, median. */
  otherRate: number;
  /** Median over rounds of nubes' rate / the contender's rate in the same round. */
  ratio: number;
  /** Peak RSS growth over the idle process, MiB, medians. */
  nubesRssMiB: number;
  otherRssMiB: number;
  /** CPU seconds (user + system) per op, medians. */
  nubesCpu: number;
  otherCpu: number;
  /** Target ratio for this row, if any. */
  target: number | undefined;
}

/** The measured side: plain JavaScript, SDKs resolved from bench/sdk (its cwd). */
const CHILD = String.raw`
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const spec = JSON.parse(process.env.NUBES_BENCH_SPEC);
const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(MiB, 0x5a);
const generated = (size) => { let sent = 0; return new Readable({ highWaterMark: MiB, read() { if (sent >= size) { this.push(null); return; } const n = Math.min(MiB, size - sent); sent += n; this.push(n === MiB ? CHUNK : CHUNK.subarray(0, n)); } }); };
const discard = () => new Writable({ highWaterMark: MiB, write(_c, _e, cb) { cb(); } });
const [lib, what] = spec.op.split(':');
let run;
let warm;
let close = async () => undefined;
if (lib === 'nubes') {
  const storage = await import(spec.nubes);
  const d = spec.s3
    ? new storage.S3StorageDriver(spec.s3.accessKeyId, spec.s3.secret, { url: spec.s3.endpoint, region: spec.s3.region, env: {}, ...(spec.transport ? { transport: spec.transport } : {}) })
    : new storage.AzureBlobsStorageDriver(spec.azure.account, spec.azure.key, { url: spec.azure.url, env: {}, ...(spec.transport ? { transport: spec.transport } : {}) });
  close = () => d.close();
  const bucket = spec.bucket;
  warm = () => d.getObject(spec.warm.bucket, spec.warm.name);
  run = {
    'upload-stream': () => d.uploadObjectViaStream(generated(spec.size), bucket, spec.name, { contentLength: spec.size }),
    'upload-file': () => d.uploadObject(spec.file, bucket, spec.name),
    'download-stream': async () => { const o = await d.getObject(bucket, spec.name); await pipeline(await d.downloadObjectAsStream(o), discard()); },
    'download-file': async () => { const o = await d.getObject(bucket, spec.name); await d.downloadObject(o, spec.file, { overwriteExisting: true }); },
    'list': async () => { const all = await d.listContainerObjects(bucket); if (all.length !== spec.count) throw new Error('listed ' + all.length); },
    'head': async () => { for (let i = 0; i < spec.count; i++) await d.getObject(bucket, spec.name); },
  }[what];
} else if (lib === 'aws' || lib === 'awsparts') {
  const { S3Client, GetObjectCommand, HeadObjectCommand, paginateListObjectsV2 } = await import('@aws-sdk/client-s3');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const client = new S3Client({
    endpoint: spec.s3.endpoint, region: spec.s3.region, forcePathStyle: true,
    credentials: { accessKeyId: spec.s3.accessKeyId, secretAccessKey: spec.s3.secret },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  close = async () => client.destroy();
  warm = () => client.send(new HeadObjectCommand({ Bucket: spec.warm.bucket, Key: spec.warm.name }));
  const Bucket = spec.bucket;
  const Key = spec.name;
  const parts = lib === 'awsparts' ? { partSize: 8 * MiB, queueSize: 4 } : {};
  run = {
    'upload-stream': () => new Upload({ client, params: { Bucket, Key, Body: generated(spec.size) }, ...parts }).done(),
    'upload-file': () => new Upload({ client, params: { Bucket, Key, Body: createReadStream(spec.file) }, ...parts }).done(),
    'download-stream': async () => { const r = await client.send(new GetObjectCommand({ Bucket, Key })); await pipeline(r.Body, discard()); },
    'download-file': async () => { const r = await client.send(new GetObjectCommand({ Bucket, Key })); await pipeline(r.Body, createWriteStream(spec.file)); },
    'list': async () => { let n = 0; for await (const page of paginateListObjectsV2({ client }, { Bucket })) n += (page.Contents ?? []).length; if (n !== spec.count) throw new Error('listed ' + n); },
    'head': async () => { for (let i = 0; i < spec.count; i++) await client.send(new HeadObjectCommand({ Bucket, Key })); },
  }[what];
} else if (lib === 'azure') {
  const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  const service = new BlobServiceClient(spec.azure.url, new StorageSharedKeyCredential(spec.azure.account, spec.azure.key));
  const container = service.getContainerClient(spec.bucket);
  const blob = container.getBlockBlobClient(spec.name);
  warm = () => service.getContainerClient(spec.warm.bucket).getBlobClient(spec.warm.name).getProperties();
  run = {
    'upload-stream': () => blob.uploadStream(generated(spec.size)),
    'upload-file': () => blob.uploadFile(spec.file),
    'download-stream': async () => { const r = await blob.download(); await pipeline(r.readableStreamBody, discard()); },
    'download-file': () => blob.downloadToFile(spec.file),
    'list': async () => { let n = 0; for await (const _ of container.listBlobsFlat()) n++; if (n !== spec.count) throw new Error('listed ' + n); },
    'head': async () => { for (let i = 0; i < spec.count; i++) await blob.getProperties(); },
  }[what];
} else if (lib === 'raw') {
  const undici = await import(spec.undici);
  const agent = new undici.Agent();
  close = () => agent.close();
  // reset: false keeps the connection, as nubes does (undici closes it after every HEAD).
  const head = async () => { const r = await undici.request(spec.url, { dispatcher: agent, method: 'HEAD', reset: false }); await r.body.text(); if (r.statusCode >= 300) throw new Error('HEAD answered ' + r.statusCode); };
  run = {
    'upload-stream': async () => { const r = await undici.request(spec.url, { dispatcher: agent, method: 'PUT', body: generated(spec.size), headers: { 'content-length': String(spec.size), ...spec.headers } }); await r.body.text(); if (r.statusCode >= 300) throw new Error('PUT answered ' + r.statusCode); },
    'download-stream': async () => { const r = await undici.request(spec.url, { dispatcher: agent }); if (r.statusCode >= 300) throw new Error('GET answered ' + r.statusCode); await pipeline(r.body, discard()); },
    'head': async () => { for (let i = 0; i < spec.count; i++) await head(); },
  }[what];
  if (what === 'head') warm = head;
}
if (!run) throw new Error('unknown op ' + spec.op);
// One HEAD of a small object first, outside the measurement: both libraries load what
// they load lazily (nubes imports undici on its first request) and open a connection.
if (warm) await warm();
const rss = () => process.memoryUsage.rss();
globalThis.gc?.();
const idle = rss();
let peak = idle;
const timer = setInterval(() => { peak = Math.max(peak, rss()); }, 10);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
await run();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const used = process.cpuUsage(cpu);
clearInterval(timer);
peak = Math.max(peak, rss());
await close();
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, idleRss: idle, peakRss: peak }));
process.exit(0);
`;

interface ChildSpec {
  /** `<lib>:<op>`: lib nubes | aws | awsparts | azure | raw. */
  op: string;
  nubes: string;
  undici: string;
  bucket: string;
  name: string;
  size?: number;
  count?: number;
  file?: string;
  url?: string;
  headers?: Record<string, string>;
  /** The small object HEADed before measuring. */
  warm: { bucket: string; name: string };
  s3?: { endpoint: string; accessKeyId: string; secret: string; region: string };
  azure?: { url: string; account: string; key: string };
}

function runChild(spec: ChildSpec): Promise<Sample> {
  // BENCH_TRANSPORT=node|undici: the transport of nubes' drivers (default: theirs).
  const transport = process.env.BENCH_TRANSPORT;
  return runNodeChild<Sample>(CHILD, transport ? { ...spec, transport } : spec, { cwd: SDK_DIR, name: spec.op, exposeGc: true });
}

/** Throws with the remedy when bench/sdk is not installed. */
export function requireSdks(): void {
  const require = createRequire(join(SDK_DIR, 'package.json'));
  const missing = SDK_PACKAGES.filter((name) => {
    try {
      require.resolve(`${name}/package.json`);
      return false;
    } catch {
      return !existsSync(join(SDK_DIR, 'node_modules', name, 'package.json'));
    }
  });
  if (missing.length) {
    throw new Error(`the SDK bench needs ${missing.join(', ')} in bench/sdk: run \`npm run bench:setup\` (npm ci --prefix bench/sdk) first`);
  }
}




/** One op measured for nubes and its contenders. */
interface Case {
  name: string;
  unit: 'MB/s' | 'ops/s';
  /** Bytes (MB/s) or ops (ops/s) per measurement. */
  amount: number;
  /** Ops per measurement, for CPU per op. */
  ops: number;
  nubes: ChildSpec;
  others: Array<{ name: string; spec: ChildSpec; target?: number }>;
  /** Before every measured run (not timed): e.g. delete the uploaded object. */
  before?: () => Promise<void>;
}

async function measure(cases: readonly Case[], rounds: number, log: (line: string) => void): Promise<SdkBenchRow[]> {
  const samples = new Map<Case, Sample[][]>();
  for (const c of cases) samples.set(c, [[], ...c.others.map(() => [])]);
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const specs = [c.nubes, ...c.others.map((o) => o.spec)];
      const order = specs.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      const got: string[] = [];
      for (const i of order) {
        await c.before?.();
        const s = await runChild(specs[i]!);
        samples.get(c)![i]!.push(s);
        got.push(`${i === 0 ? 'nubes' : c.others[i - 1]!.name} ${(c.amount / s.seconds / (c.unit === 'MB/s' ? 1e6 : 1)).toFixed(0)}`);
      }
      log(`  round ${round + 1}/${rounds} ${c.name}: ${got.join(', ')} ${c.unit}`);
    }
  }
  const rows: SdkBenchRow[] = [];
  for (const c of cases) {
    const all = samples.get(c)!;
    const summary = all.map((list) => ({
      rate: median(list.map((s) => c.amount / s.seconds / (c.unit === 'MB/s' ? 1e6 : 1))),
      rss: median(list.map((s) => (s.peakRss - s.idleRss) / MiB)),
      cpu: median(list.map((s) => s.cpuSeconds / c.ops)),
    }));
    const ours = summary[0]!;
    const rateOf = (s: Sample): number => c.amount / s.seconds;
    c.others.forEach((o, i) => {
      const other = summary[i + 1]!;
      // The median of the per-round ratios: each round ran both back to back, so a round's
      // ratio is taken under one machine load even when the load drifts between rounds.
      const ratios = all[0]!.map((s, round) => rateOf(s) / rateOf(all[i + 1]![round]!));
      rows.push({
        case: c.name,
        contender: o.name,
        unit: c.unit,
        nubesRate: ours.rate,
        otherRate: other.rate,
        ratio: median(ratios),
        nubesRssMiB: ours.rss,
        otherRssMiB: other.rss,
        nubesCpu: ours.cpu,
        otherCpu: other.cpu,
        target: o.target,
      });
    });
  }
  return rows;
}

/** A loopback server answering every HEAD like S3 would, at once (the clients' own cost). */
async function startHeadStub(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    res.writeHead(200, {
      'content-length': '1024',
      'content-type': 'application/octet-stream',
      etag: '"0f343b0931126a20f133d67c2b018a3b"',
      'last-modified': 'Mon, 07 Dec 2026 00:00:00 GMT',
      'x-amz-request-id': 'tx0000000000000000000000',
      'accept-ranges': 'bytes',
    });
    res.end();
    void req;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function fill(driver: StorageDriver, bucket: string, count: number): Promise<void> {
  let next = 0;
  const body = Buffer.from('x');
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await driver.uploadObjectViaStream(body, bucket, `list/${String(i).padStart(6, '0')}`, { contentLength: 1 });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/**
 * Runs the SDK comparison and returns one row per (op, contender). Starts (and stops)
 * its own Swift and Azurite on 127.0.0.1.
 */
export async function runSdkBench(options: SdkBenchOptions = {}): Promise<SdkBenchRow[]> {
  requireSdks();
  const rounds = options.rounds ?? 3;
  const sizes = options.sizes ?? [256 * MiB, 1024 * MiB];
  const listObjects = options.listObjects ?? 5000;
  const heads = options.heads ?? 2000;
  const targets = options.targets ?? ['s3', 'azure', 'stub'];
  const ops = options.ops ?? ['upload', 'download', 'list', 'head'];
  const log = options.log ?? ((): void => undefined);
  const cleanups: Array<() => Promise<void>> = [];
  const cases: Case[] = [];
  // Ctrl-C stops the servers this bench started (by PID) and removes its files.
  const interrupted = (): void => {
    void (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log('compiling nubes for the measured processes');
    const build = await compileNubes();
    cleanups.push(() => rm(build, { recursive: true, force: true }));
    const nubes = pathToFileURL(join(build, 'drivers', 'storage', 'index.js')).href;
    const undici = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('undici')).href;
    const files = tempDir('bench-sdk');
    cleanups.push(() => rm(files, { recursive: true, force: true }));
    const sources = new Map<number, string>();
    for (const size of ops.includes('upload') ? sizes : []) {
      const path = join(files, `source-${size}`);
      await pipeline(generated(size), createWriteStream(path));
      sources.set(size, path);
    }
    const sink = join(files, 'downloaded');
    const common = { nubes, undici, name: 'obj' };

    /** Upload/download/list/HEAD cases on one store. */
    const storeCases = async (
      provider: string,
      driver: StorageDriver,
      bucket: string,
      conn: Pick<ChildSpec, 's3' | 'azure'>,
      sdk: { upload: string; download: string; list: string; head: string; lib: string; parts?: { name: string; lib: string } },
      raw: (name: string) => Promise<{ put: string; get: string; head: string; headers: Record<string, string> }>,
      headTarget: number | undefined,
    ): Promise<void> => {
      const object = (name: string): StorageObject => new StorageObject({ name, size: 0, hash: '', metaData: {}, container: new Container({ name: bucket, extra: {} }, driver), extra: {} }, driver);
      await driver.uploadObjectViaStream(Buffer.from('head'), bucket, 'head', { contentLength: 4 });
      const base = { ...common, warm: { bucket, name: 'head' } };
      for (const size of ops.includes('upload') || ops.includes('download') ? sizes : []) {
        // The second SDK configuration and the raw ceiling only at the first size: they
        // say the same at 1 GiB and would double the run.
        const first = size === sizes[0];
        const name = `up-${size}`;
        const remove = async (): Promise<void> => {
          await driver.deleteObject(object(name)).catch(() => undefined);
        };
        const spec = (lib: string, op: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({ ...base, ...conn, bucket, name, size, op: `${lib}:${op}`, ...extra });
        const urls = await raw(name);
        const uploads = (op: string, extra: Partial<ChildSpec>): Case => ({
          name: `${provider} upload ${op === 'upload-stream' ? 'stream' : 'file'} ${label(size)}`,
          unit: 'MB/s',
          amount: size,
          ops: 1,
          nubes: spec('nubes', op, extra),
          others: [
            { name: sdk.upload, spec: spec(sdk.lib, op, extra), target: 1 },
            ...(sdk.parts && first ? [{ name: sdk.parts.name, spec: spec(sdk.parts.lib, op, extra), target: 1 }] : []),
            ...(op === 'upload-stream' && first ? [{ name: 'raw undici, one PUT', spec: spec('raw', op, { url: urls.put, headers: urls.headers }) }] : []),
          ],
          before: remove,
        });
        if (ops.includes('upload')) {
          cases.push(uploads('upload-stream', {}));
          cases.push(uploads('upload-file', { file: sources.get(size)! }));
        }
        if (!ops.includes('download')) continue;
        const stored = `down-${size}`;
        log(`${provider}: storing ${label(size)} to download`);
        await driver.uploadObjectViaStream(generated(size), bucket, stored, { contentLength: size });
        const getUrl = (await raw(stored)).get;
        const downloads = (op: string, extra: Partial<ChildSpec>): Case => ({
          name: `${provider} download ${op === 'download-stream' ? 'stream' : 'to file'} ${label(size)}`,
          unit: 'MB/s',
          amount: size,
          ops: 1,
          nubes: spec('nubes', op, { name: stored, ...extra }),
          others: [
            { name: sdk.download, spec: spec(sdk.lib, op, { name: stored, ...extra }), target: 1 },
            ...(op === 'download-stream' && first ? [{ name: 'raw undici, one GET', spec: spec('raw', op, { name: stored, url: getUrl }) }] : []),
          ],
          before: async () => unlink(sink).catch(() => undefined),
        });
        cases.push(downloads('download-stream', {}));
        cases.push(downloads('download-file', { file: sink }));
      }
      if (ops.includes('list')) {
        log(`${provider}: storing ${listObjects} objects to list`);
        const listBucket = `${bucket}-list`;
        await driver.createContainer(listBucket);
        await fill(driver, listBucket, listObjects);
        const listSpec = (lib: string): ChildSpec => ({ ...base, ...conn, bucket: listBucket, op: `${lib}:list`, count: listObjects });
        cases.push({ name: `${provider} list ${listObjects} objects`, unit: 'ops/s', amount: listObjects, ops: 1, nubes: listSpec('nubes'), others: [{ name: sdk.list, spec: listSpec(sdk.lib), target: 1 }] });
      }
      if (!ops.includes('head')) return;
      const headSpec = (lib: string): ChildSpec => ({ ...base, ...conn, bucket, name: 'head', op: `${lib}:head`, count: heads });
      const headUrl = (await raw('head')).head;
      cases.push({
        name: `${provider} ${heads} sequential HEADs`,
        unit: 'ops/s',
        amount: heads,
        ops: heads,
        nubes: headSpec('nubes'),
        others: [
          { name: sdk.head, spec: headSpec(sdk.lib), ...(headTarget ? { target: headTarget } : {}) },
          { name: 'raw undici, presigned HEAD', spec: { ...headSpec('raw'), url: headUrl } },
        ],
      });
    };

    if (targets.includes('s3')) {
      const missing = SWIFT_BINARIES.filter((b) => findBinary(b) === undefined);
      if (missing.length) throw new Error(`the SDK bench needs Swift (missing ${missing.join(', ')}); BENCH_SDK_TARGETS=azure,stub runs without it`);
      log('starting Swift');
      const swift = await startSwift();
      cleanups.push(() => swift.stop());
      const s3 = { endpoint: swift.s3.endpoint, accessKeyId: swift.s3.accessKeyId, secret: swift.s3.secret, region: swift.s3.region };
      const driver = new S3StorageDriver(s3.accessKeyId, s3.secret, { url: s3.endpoint, region: s3.region, env: {} });
      cleanups.push(() => driver.close());
      const bucket = `sdkbench-${Date.now().toString(36)}`;
      await driver.createContainer(bucket);
      await storeCases(
        'S3 (Swift)',
        driver,
        bucket,
        { s3 },
        {
          upload: 'lib-storage Upload (defaults)',
          download: 'client-s3 GetObject',
          list: 'client-s3 ListObjectsV2',
          head: 'client-s3 HeadObject',
          lib: 'aws',
          parts: { name: 'lib-storage Upload (8 MiB x 4, as nubes)', lib: 'awsparts' },
        },
        async (name) => ({
          put: driver.exGetPresignedUrl(name, { container: bucket, method: 'PUT', expiresIn: 3600 }),
          get: driver.exGetPresignedUrl(name, { container: bucket, expiresIn: 3600 }),
          head: driver.exGetPresignedUrl(name, { container: bucket, method: 'HEAD', expiresIn: 3600 }),
          headers: {},
        }),
        1.5,
      );
    }

    if (targets.includes('azure')) {
      const reason = await azuriteUnavailable();
      if (reason) throw new Error(`the SDK bench needs Azurite: ${reason}; BENCH_SDK_TARGETS=s3,stub runs without it`);
      log('starting Azurite');
      const azurite = await startAzurite();
      cleanups.push(() => azurite.stop());
      const azure = { url: azurite.url, account: azurite.account, key: azurite.key };
      const driver = new AzureBlobsStorageDriver(azure.account, azure.key, { url: azure.url, env: {} });
      cleanups.push(() => driver.close());
      const bucket = `sdkbench-${Date.now().toString(36)}`;
      await driver.createContainer(bucket);
      await storeCases(
        'Azure (Azurite)',
        driver,
        bucket,
        { azure },
        {
          upload: 'storage-blob uploadStream/uploadFile (defaults)',
          download: 'storage-blob download/downloadToFile',
          list: 'storage-blob listBlobsFlat',
          head: 'storage-blob getProperties',
          lib: 'azure',
        },
        async (name) => ({
          put: await driver.presignedUrl({ container: bucket, name }, { method: 'PUT' }),
          get: await driver.presignedUrl({ container: bucket, name }),
          // A SAS signs no method: its read permission answers HEAD (Get Blob Properties).
          head: await driver.presignedUrl({ container: bucket, name }),
          headers: { 'x-ms-blob-type': 'BlockBlob' },
        }),
        undefined,
      );
    }

    if (targets.includes('stub') && ops.includes('head')) {
      const stub = await startHeadStub();
      cleanups.push(() => stub.close());
      const s3 = { endpoint: stub.url, accessKeyId: 'AKIDEXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
      const headSpec = (lib: string): ChildSpec => ({ ...common, warm: { bucket: 'stub', name: 'head' }, s3, bucket: 'stub', name: 'head', op: `${lib}:head`, count: heads });
      cases.push({
        name: `S3 (loopback stub) ${heads} sequential HEADs`,
        unit: 'ops/s',
        amount: heads,
        ops: heads,
        nubes: headSpec('nubes'),
        others: [
          { name: '@aws-sdk/client-s3 HeadObject', spec: headSpec('aws'), target: 1.5 },
          { name: 'raw undici, unsigned HEAD', spec: { ...headSpec('raw'), url: `${stub.url}/stub/head` } },
        ],
      });
    }

    log(`measuring ${cases.length} ops, ${rounds} rounds`);
    return await measure(cases, rounds, log);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

function rate(value: number, unit: string): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

function cpu(seconds: number): string {
  return seconds >= 0.1 ? `${seconds.toFixed(2)} s` : `${(seconds * 1000).toFixed(seconds >= 0.001 ? 1 : 3)} ms`;
}

/** The rows as an aligned text table. */
export function formatSdkRows(rows: readonly SdkBenchRow[]): string {
  const header = ['case', 'against', 'nubes', 'them', 'ratio', 'RSS growth MiB nubes/them', 'CPU per op nubes/them (ratio)', 'verdict'];
  const cells = rows.map((r) => [
    r.case,
    r.contender,
    rate(r.nubesRate, r.unit),
    rate(r.otherRate, r.unit),
    `${r.ratio.toFixed(2)}×`,
    `${r.nubesRssMiB.toFixed(0)} / ${r.otherRssMiB.toFixed(0)}`,
    `${cpu(r.nubesCpu)} / ${cpu(r.otherCpu)} (${(r.nubesCpu / r.otherCpu).toFixed(2)}×)`,
    r.target === undefined ? '' : r.ratio >= r.target ? `ok (≥ ${r.target}×)` : `MISSED (< ${r.target}×)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i < 2 || i === c.length - 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Bench sizes from the environment (BENCH_ROUNDS, BENCH_SIZES, BENCH_LIST_OBJECTS, BENCH_HEADS, BENCH_SDK_TARGETS, BENCH_SDK_OPS). */
export function sdkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SdkBenchOptions {
  const int = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(value)})`);
    return n;
  };
  const options: SdkBenchOptions = {};
  const rounds = int('BENCH_ROUNDS');
  if (rounds !== undefined) options.rounds = rounds;
  const list = int('BENCH_LIST_OBJECTS');
  if (list !== undefined) options.listObjects = list;
  const heads = int('BENCH_HEADS');
  if (heads !== undefined) options.heads = heads;
  if (env.BENCH_SIZES) {
    options.sizes = env.BENCH_SIZES.split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_SIZES must be MiB counts separated by commas (got ${JSON.stringify(env.BENCH_SIZES)})`);
      return n * MiB;
    });
  }
  if (env.BENCH_SDK_OPS) {
    const all: readonly SdkOp[] = ['upload', 'download', 'list', 'head'];
    options.ops = env.BENCH_SDK_OPS.split(',').map((s) => {
      const op = s.trim() as SdkOp;
      if (!all.includes(op)) throw new Error(`BENCH_SDK_OPS must list some of ${all.join(', ')} (got ${JSON.stringify(env.BENCH_SDK_OPS)})`);
      return op;
    });
  }
  if (env.BENCH_SDK_TARGETS) {
    const all: readonly SdkTarget[] = ['s3', 'azure', 'stub'];
    options.targets = env.BENCH_SDK_TARGETS.split(',').map((s) => {
      const t = s.trim() as SdkTarget;
      if (!all.includes(t)) throw new Error(`BENCH_SDK_TARGETS must list some of ${all.join(', ')} (got ${JSON.stringify(env.BENCH_SDK_TARGETS)})`);
      return t;
    });
  }
  return options;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const rows = await runSdkBench({ ...sdkOptionsFromEnv(), log: (line) => console.error(line) });
  console.log(formatSdkRows(rows));
}

