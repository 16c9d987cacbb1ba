/**
 * Download and upload cost of nubes' integrity checks, per provider, against a raw undici
 * GET of the same object on the same server (one that checks nothing, and one that
 * computes the MD5 a checking client must compute): Cloud Storage on the loopback fake,
 * Azure Blobs on Azurite, S3 on Swift's s3api. Also the peak RSS of `uploadObject` from
 * a file against `uploadObjectViaStream` of the same file, and of downloads at two sizes.
 *
 * Each measurement runs in a fresh `node` process on nubes compiled to JavaScript, the ops
 * interleaved round by round (`NUBES_BENCH_RUNS` rounds, default 3): the median throughput
 * and CPU time, and the least and worst peak RSS growth over idle are reported.
 *
 * Run: `node --import tsx bench/transfer-download.ts [gcs] [azure] [s3] [download] [upload]`
 * (default: every provider, both directions). `NUBES_BENCH_SIZE_MIB` sets the object size (default 256),
 * `NUBES_BENCH_OPS=stream,file` keeps only those rows (keys in the code),
 * `BENCH_CPU_PROF=dir` writes a `--cpu-prof` profile of every child into dir,
 * `NUBES_BENCH_MODULE=file:///…/drivers/storage/index.js` measures another build instead of
 * compiling this tree, and `NUBES_BENCH_BEFORE_MODULE=…` adds rows for a second build (e.g.
 * the previous commit's, compiled under `.tmp/` so its imports resolve) in the same rounds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AzureBlobsStorageDriver, GoogleCloudStorageDriver, S3StorageDriver, type StorageDriver } from '../src/drivers/storage/index.js';
import { startFakeGcs } from '../test/drivers/storage/gcs/fake-gcs.js';
import { azuriteUnavailable, startAzurite } from '../test/peers/azurite.js';
import { startSwift } from '../test/peers/swift.js';
import { compileNubes, runNodeChild } from './common.js';

const MiB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** What one child does: `op` over the object described by the rest. */
interface Spec {
  op: 'raw' | 'raw-md5' | 'nubes-stream' | 'nubes-file' | 'nubes-file-1' | 'nubes-stream-1' | 'nubes-upload-file' | 'nubes-upload-stream' | 'nubes-upload-stream-nolength';
  module: string;
  provider: 'gcs' | 'azure' | 's3';
  driverArgs: [string, string | undefined, Record<string, unknown>];
  url?: string;
  headers?: Record<string, string>;
  container: string;
  name: string;
  file?: string;
  size: number;
}

const CHILD = String.raw`
import { createReadStream, readFileSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const spec = JSON.parse(process.env.NUBES_BENCH_SPEC);
const storage = await import(spec.module);
const undici = await import('undici');
const discard = () => new Writable({ write(_c, _e, cb) { cb(); } });
const Cls = { gcs: storage.GoogleCloudStorageDriver, azure: storage.AzureBlobsStorageDriver, s3: storage.S3StorageDriver }[spec.provider];
const [key, secret, given] = spec.driverArgs;
const { token, ...options } = given;
if (spec.provider === 'gcs') options.credentials = { kind: 'static', getToken: async () => ({ token, expiresAt: Date.now() + 3600000 }) };
const d = new Cls(key, secret ?? undefined, options);
// Warm up before measuring the idle RSS: the first request compiles undici's HTTP parser
// (tens of MiB on Node 24), which is the process's cost, not the transfer's.
let o;
if (spec.op.startsWith('raw')) { const r = await undici.request(spec.url, { headers: { ...spec.headers, range: 'bytes=0-0' } }); for await (const _ of r.body); }
else o = await d.getObject(spec.container, spec.name);
const ops = {
  raw: async () => { const r = await undici.request(spec.url, { headers: spec.headers }); if (r.statusCode !== 200) throw new Error('GET ' + r.statusCode); for await (const _ of r.body); },
  'raw-md5': async () => { const h = createHash('md5'); const r = await undici.request(spec.url, { headers: spec.headers }); if (r.statusCode !== 200) throw new Error('GET ' + r.statusCode); for await (const c of r.body) h.update(c); h.digest(); },
  'nubes-stream': async () => { await pipeline(await d.downloadObjectAsStream(o), discard()); },
  'nubes-stream-1': async () => { await pipeline(await d.downloadObjectAsStream(o, { concurrency: 1 }), discard()); },
  'nubes-file-1': async () => { const out = spec.file + '.' + process.pid; await d.downloadObject(o, out, { overwriteExisting: true, concurrency: 1 }); unlinkSync(out); },
  'nubes-file': async () => { const out = spec.file + '.' + process.pid; await d.downloadObject(o, out, { overwriteExisting: true }); unlinkSync(out); },
  'nubes-upload-file': async () => { await d.uploadObject(spec.file, spec.container, spec.name + '-up'); },
  'nubes-upload-stream-nolength': async () => { await d.uploadObjectViaStream(createReadStream(spec.file), spec.container, spec.name + '-up'); },
  'nubes-upload-stream': async () => { await d.uploadObjectViaStream(createReadStream(spec.file), spec.container, spec.name + '-up', { contentLength: spec.size }); },
};
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 100));
const idle = process.memoryUsage.rss();
let peak = idle;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
const cpu0 = process.cpuUsage();
const started = process.hrtime.bigint();
await ops[spec.op]();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
await d.close();
process.stdout.write(JSON.stringify({ seconds, idle, peak, cpu: (cpu.user + cpu.system) / 1e6 }));
`;

interface Result {
  seconds: number;
  idle: number;
  peak: number;
  cpu: number;
}

function child(spec: Spec): Promise<Result> {
  return runNodeChild<Result>(CHILD, spec, { cwd: ROOT, name: `${spec.provider}-${spec.op}`, exposeGc: true });
}

interface Measured {
  mibps: number;
  /** Worst peak RSS growth over idle, MiB. */
  growth: number;
  /** Best one. */
  leastGrowth: number;
  cpu: number;
}


function generated(size: number): Readable {
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(MiB, size - sent);
      sent += n;
      this.push(chunk.subarray(0, n));
    },
  });
}

interface Target {
  provider: Spec['provider'];
  driver: StorageDriver;
  driverArgs: Spec['driverArgs'];
  container: string;
  rawUrl: (name: string) => Promise<{ url: string; headers?: Record<string, string> }>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const providers = args.filter((a) => ['gcs', 'azure', 's3'].includes(a));
  const modes = args.filter((a) => ['download', 'upload'].includes(a));
  const want = (w: string): boolean => (['download', 'upload'].includes(w) ? modes.length === 0 || modes.includes(w) : providers.length === 0 || providers.includes(w));
  const size = Number(process.env.NUBES_BENCH_SIZE_MIB ?? 256) * MiB;
  const runs = Number(process.env.NUBES_BENCH_RUNS ?? 3);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    let module = process.env.NUBES_BENCH_MODULE;
    const before = process.env.NUBES_BENCH_BEFORE_MODULE;
    if (!module) {
      const build = await compileNubes('transfer-build-');
      cleanups.push(() => rm(build, { recursive: true, force: true }));
      module = pathToFileURL(join(build, 'drivers', 'storage', 'index.js')).href;
    }
    const targets: Target[] = [];
    if (want('gcs')) {
      const fake = await startFakeGcs();
      cleanups.push(() => fake.close());
      const options = { project: 'nubes-test', url: fake.url, env: {}, token: fake.token };
      const driver = new GoogleCloudStorageDriver('', undefined, {
        project: 'nubes-test',
        url: fake.url,
        env: {},
        credentials: { kind: 'static', getToken: async () => ({ token: fake.token, expiresAt: Date.now() + 3_600_000 }) },
      });
      await driver.createContainer('bench');
      targets.push({
        provider: 'gcs',
        driver,
        driverArgs: ['', undefined, options],
        container: 'bench',
        rawUrl: async (name) => ({ url: `${fake.url}/storage/v1/b/bench/o/${encodeURIComponent(name)}?alt=media`, headers: { authorization: `Bearer ${fake.token}` } }),
      });
    }
    if (want('azure')) {
      const why = await azuriteUnavailable();
      if (why) console.log(`Azurite: skipped (${why})`);
      else {
        const azurite = await startAzurite();
        cleanups.push(() => azurite.stop());
        const options = { url: azurite.url, env: {} };
        const driver = new AzureBlobsStorageDriver(azurite.account, azurite.key, options);
        await driver.createContainer('bench');
        targets.push({
          provider: 'azure',
          driver,
          driverArgs: [azurite.account, azurite.key, options],
          container: 'bench',
          rawUrl: async (name) => ({ url: await driver.presignedUrl({ container: 'bench', name }) }),
        });
      }
    }
    if (want('s3')) {
      const swift = await startSwift();
      cleanups.push(() => swift.stop());
      const options = { url: swift.s3.endpoint, region: swift.s3.region, env: {} };
      const driver = new S3StorageDriver(swift.s3.accessKeyId, swift.s3.secret, options);
      await driver.createContainer('bench');
      targets.push({
        provider: 's3',
        driver,
        driverArgs: [swift.s3.accessKeyId, swift.s3.secret, options],
        container: 'bench',
        rawUrl: async (name) => ({ url: driver.exGetPresignedUrl(name, { container: 'bench', expiresIn: 3600 }) }),
      });
    }
    cleanups.push(...targets.map((t) => () => t.driver.close()));
    const file = join(mkdtempSync(join(ROOT, '.tmp', 'transfer-data-')), 'data.bin');
    cleanups.push(() => rm(join(file, '..'), { recursive: true, force: true }));
    {
      const parts: Buffer[] = [];
      for await (const c of generated(size)) parts.push(Buffer.from(c as Buffer));
      writeFileSync(file, Buffer.concat(parts));
    }
    const lines: string[] = [`object ${size / MiB} MiB, median throughput of ${runs} interleaved rounds; growth = peak RSS - idle RSS of the measuring process (least–worst of the runs)`];
    const show = (what: string, m: Measured, base?: { mibps: number }): void => {
      const line = `${what.padEnd(52)} ${m.mibps.toFixed(0).padStart(6)} MiB/s  cpu ${m.cpu.toFixed(2)} s  growth ${m.leastGrowth.toFixed(1)}–${m.growth.toFixed(1)} MiB${base ? `  ratio ${(m.mibps / base.mibps).toFixed(2)}` : ''}`;
      lines.push(line);
      console.log(line);
    };
    for (const t of targets) {
      const name = `obj-${size}`;
      await t.driver.uploadObject(file, t.container, name);
      const spec = (op: Spec['op']): Spec => ({ op, module: module!, provider: t.provider, driverArgs: t.driverArgs, container: t.container, name, file, size });
      // Every op of a round runs once before the next round starts: a machine whose load
      // changes during the bench moves all of them alike, and medians damp the rest.
      const ops: { key: string; label: string; spec: Spec; base?: string }[] = [];
      if (want('download')) {
        const raw = await t.rawUrl(name);
        ops.push(
          { key: 'raw', label: 'raw undici GET (no check)', spec: { ...spec('raw'), ...raw } },
          { key: 'raw-md5', label: 'raw undici GET + MD5', spec: { ...spec('raw-md5'), ...raw } },
          { key: 'stream', label: 'nubes downloadObjectAsStream vs raw', spec: spec('nubes-stream'), base: 'raw' },
          { key: 'stream-1', label: 'nubes stream, concurrency 1 vs raw', spec: spec('nubes-stream-1'), base: 'raw' },
          { key: 'file', label: 'nubes downloadObject (file) vs raw', spec: spec('nubes-file'), base: 'raw' },
          { key: 'file-1', label: 'nubes downloadObject (file), concurrency 1 vs raw', spec: spec('nubes-file-1'), base: 'raw' },
        );
        if (before) {
          ops.push(
            { key: 'before-stream', label: 'BEFORE downloadObjectAsStream vs raw', spec: { ...spec('nubes-stream'), module: before }, base: 'raw' },
            { key: 'before-file', label: 'BEFORE downloadObject (file) vs raw', spec: { ...spec('nubes-file'), module: before }, base: 'raw' },
          );
        }
      }
      if (want('upload')) {
        ops.push(
          { key: 'up-stream', label: 'uploadObjectViaStream(file stream)', spec: spec('nubes-upload-stream') },
          { key: 'up-nolength', label: 'uploadObjectViaStream(file stream, no length)', spec: spec('nubes-upload-stream-nolength') },
          { key: 'up-file', label: 'uploadObject(file) vs uploadObjectViaStream', spec: spec('nubes-upload-file'), base: 'up-stream' },
        );
        if (before) ops.push({ key: 'before-up-file', label: 'BEFORE uploadObject(file) vs uploadObjectViaStream', spec: { ...spec('nubes-upload-file'), module: before }, base: 'up-stream' });
      }
      const only = process.env.NUBES_BENCH_OPS?.split(',');
      if (only) ops.splice(0, ops.length, ...ops.filter((op) => only.includes(op.key)));
      const results = new Map<string, Result[]>();
      for (let round = 0; round < runs; round++) {
        for (const op of ops) {
          const r = await child(op.spec).catch((err: unknown) => {
            console.log(`${t.provider} ${op.key}: ${(err as Error).message.split('\n')[0]}`);
            return undefined;
          });
          if (r) results.set(op.key, [...(results.get(op.key) ?? []), r]);
        }
      }
      const measured = new Map<string, Measured>();
      for (const op of ops) {
        const rs = results.get(op.key);
        if (!rs?.length) continue;
        const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
        const growth = rs.map((r) => (r.peak - r.idle) / MiB);
        const m = { mibps: median(rs.map((r) => size / MiB / r.seconds)), growth: Math.max(...growth), leastGrowth: Math.min(...growth), cpu: median(rs.map((r) => r.cpu)) };
        measured.set(op.key, m);
        show(`${t.provider}: ${op.label}`, m, op.base ? measured.get(op.base) : undefined);
      }
    }
    console.log(`\n${lines.join('\n')}`);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

await main();
