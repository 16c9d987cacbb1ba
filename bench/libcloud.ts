/**
 * nubes against Apache Libcloud 3.4.1 (issue 19: every storage op ≥ 1.2× libcloud; Local
 * listing of 5,000 objects ≤ libcloud's time), side by side in one run, on the same servers
 * and the same disk:
 *
 * - Local: nubes' `LocalStorageDriver` against libcloud's `LocalStorageDriver`, each in its
 *   own temporary directory on the same disk.
 * - S3 on OpenStack Swift's s3api (test/peers/swift.ts): libcloud's `S3StorageDriver` with a
 *   custom host/port, `secure=False`, region us-east-1 (SigV4).
 * - Swift native (the same Swift, TempAuth v1.0): libcloud's `OpenStackSwiftStorageDriver`
 *   (given TempAuth's storage URL as `ex_force_base_url`: 3.4.1 finds none in a v1.0 answer).
 * - Azure Blobs on Azurite (test/peers/azurite.ts, the development account): libcloud's
 *   `AzureBlobsStorageDriver` with a custom host (account in the path).
 *
 * Ops where both have them: `uploadObject` from a file, `uploadObjectViaStream` of the same
 * file opened as a stream (libcloud: the open file object, since it re-reads the stream to
 * hash it and a generator fails there; nubes: `createReadStream`, told its length),
 * `downloadObject` to a file, `downloadObjectAsStream`
 * (consumed and discarded; both first fetch the object's metadata, as a user must), and a
 * listing of 5,000 objects. Each measurement runs in a fresh process: nubes compiled to
 * JavaScript (`npm run build`, dist/) under `node`, libcloud through bench/libcloud/run.py
 * under the Debian interpreter. nubes and libcloud alternate (which goes first flips every
 * round); the table shows medians of the rounds. Throughput and CPU seconds cover the
 * operation only; peak RSS is the whole process's (`getrusage` max RSS on both sides, so it
 * includes the interpreter and the imports). Where libcloud cannot do an op against a
 * server, the row says why instead of failing the run. Reading the memory column: libcloud
 * 3.4.1's `download_object` (S3, Swift, Azure) and Swift's `download_object_as_stream` ask for
 * the body without `stream=True`, so the whole object sits in memory (peak RSS about twice
 * the object); so does its Local `upload_object_via_stream`.
 *
 * Needs `apt-get install python3-libcloud` (`.ci/run` installs it) and the Swift packages;
 * Azurite comes from the devDependencies. `LIBCLOUD_PYTHON` picks another interpreter
 * (default /usr/bin/python3). Sizes: BENCH_SIZES in MiB, comma-separated (default 256; e.g.
 * `BENCH_SIZES=256,1024`), rounds: BENCH_ROUNDS (default 3). Targets: BENCH_LIBCLOUD_TARGETS
 * (comma-separated from local,s3,swift,azure; default all). BENCH_CPU_PROF=<dir> makes every
 * measured nubes process write a V8 CPU profile there.
 *
 * Run: `BENCH_ONLY=libcloud npm run bench`, or alone `node --import tsx bench/libcloud.ts`.
 * The default run takes about 5–10 minutes on a busy 2-core machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AzureBlobsStorageDriver, Container, LocalStorageDriver, OpenStackSwiftStorageDriver, S3StorageDriver, StorageObject, type StorageDriver } from '../src/drivers/storage/index.js';
import { azuriteUnavailable, startAzurite } from '../test/peers/azurite.js';
import { findBinary, tempDir } from '../test/peers/process.js';
import { startSwift, SWIFT_BINARIES } from '../test/peers/swift.js';
import { cpuProfileArgs, generated, label, median } from './common.js';

const MiB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUN_PY = fileURLToPath(new URL('./libcloud/run.py', import.meta.url));
const LIST_COUNT = 5000;
/** Issue 19: every storage op at least 1.2× libcloud. */
const TARGET = 1.2;

/** Where a row was measured. */
export type LibcloudTarget = 'local' | 's3' | 'swift' | 'azure';
type Op = 'upload-file' | 'upload-stream' | 'download-file' | 'download-stream' | 'list';

/** One printable result. */
export interface LibcloudBenchRow {
  /** e.g. `S3 on Swift: downloadObject 256 MiB`. */
  case: string;
  /** `MB/s` for transfers (10^6 bytes), `objects/s` for listings. */
  unit: string;
  /** nubes, median over the rounds (0 when it failed). */
  nubes: number;
  /** libcloud, median over the rounds (0 when it failed). */
  libcloud: number;
  /** nubes / libcloud (0 when either failed). */
  ratio: number;
  /** Peak RSS of the process, MiB (median). */
  nubesRssMiB: number;
  libcloudRssMiB: number;
  /** CPU seconds (user + system) of the operation (median). */
  nubesCpu: number;
  libcloudCpu: number;
  /** `ok`, which target was missed, or why a side could not run. */
  verdict: string;
}

/** Options of {@link runLibcloudBench}. */
export interface LibcloudBenchOptions {
  /** Object sizes in bytes (default 256 MiB). */
  sizes?: readonly number[];
  /** Rounds per measurement (default 3); medians are reported. */
  rounds?: number;
  /** Where to run (default all). */
  targets?: readonly LibcloudTarget[];
  /** Progress lines (default none). */
  log?: (line: string) => void;
}

/** What one measured process is told (both sides read the same fields). */
interface Spec {
  provider: LibcloudTarget;
  op: Op;
  container: string;
  name?: string;
  size?: number;
  file?: string;
  dest?: string;
  root?: string;
  module?: string;
  s3?: { host: string; port: number; key: string; secret: string; region: string; endpoint: string };
  swift?: { authUrl: string; storageUrl: string; user: string; key: string };
  azure?: { host: string; port: number; account: string; key: string; url: string };
}

interface Sample {
  seconds: number;
  bytes: number;
  count: number;
  peakRss: number;
  cpu: number;
}

/** The nubes side: plain JavaScript on dist/, the same ops as run.py. Prints one JSON line. */
const NUBES_CHILD = String.raw`
import { createReadStream, statSync } from 'node:fs';
const spec = JSON.parse(process.env.NUBES_BENCH_SPEC);
const storage = await import(spec.module);
const transport = spec.transport ? { transport: spec.transport } : {};
const driver = () => {
  switch (spec.provider) {
    case 'local': return new storage.LocalStorageDriver(spec.root);
    case 's3': return new storage.S3StorageDriver(spec.s3.key, spec.s3.secret, { url: spec.s3.endpoint, region: spec.s3.region, env: {}, ...transport });
    case 'swift': return new storage.OpenStackSwiftStorageDriver(spec.swift.user, spec.swift.key, { authUrl: spec.swift.authUrl, authVersion: '1.0', env: {}, ...transport });
    case 'azure': return new storage.AzureBlobsStorageDriver(spec.azure.account, spec.azure.key, { url: 'http://' + spec.azure.host + ':' + spec.azure.port, env: {}, ...transport });
  }
  throw new Error('unknown provider ' + spec.provider);
};
const d = driver();
const cpu0 = process.cpuUsage();
const started = process.hrtime.bigint();
let bytes = 0;
let count = 0;
switch (spec.op) {
  case 'upload-file': bytes = (await d.uploadObject(spec.file, spec.container, spec.name)).size; break;
  case 'upload-stream': bytes = (await d.uploadObjectViaStream(createReadStream(spec.file), spec.container, spec.name, { contentLength: spec.size })).size; break;
  case 'download-file': await d.downloadObject(await d.getObject(spec.container, spec.name), spec.dest, { overwriteExisting: true }); bytes = statSync(spec.dest).size; break;
  case 'download-stream': for await (const c of await d.downloadObjectAsStream(await d.getObject(spec.container, spec.name))) bytes += c.length; break;
  case 'list': for await (const _ of d.iterateContainerObjects(spec.container)) count++; break;
  default: throw new Error('unknown op ' + spec.op);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
await d.close?.();
process.stdout.write(JSON.stringify({ seconds, bytes, count, peakRss: process.resourceUsage().maxRSS * 1024, cpu: (cpu.user + cpu.system) / 1e6 }));
`;

function python(): string {
  return process.env.LIBCLOUD_PYTHON ?? '/usr/bin/python3';
}

/** Undefined when libcloud imports, else why not. */
function libcloudUnavailable(): string | undefined {
  try {
    const version = execFileSync(python(), ['-c', 'import libcloud; print(libcloud.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return version ? undefined : 'libcloud printed no version';
  } catch {
    return `libcloud does not import under ${python()} (apt-get install python3-libcloud)`;
  }
}

function runProcess(side: 'nubes' | 'libcloud', spec: Spec): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const specJson = JSON.stringify(side === 'nubes' && process.env.BENCH_TRANSPORT ? { ...spec, transport: process.env.BENCH_TRANSPORT } : spec);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', [side === 'nubes' ? 'NUBES_BENCH_SPEC' : 'LIBCLOUD_BENCH_SPEC']: specJson };
    const child = side === 'nubes'
      ? spawn(process.execPath, [...cpuProfileArgs(`${spec.provider}-${spec.op}`), '--input-type=module', '-e', NUBES_CHILD], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(python(), [RUN_PY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Bounded: a 1 GiB transfer takes seconds; five minutes means something hung.
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let parsed: Partial<Sample> & { error?: string } = {};
      try {
        parsed = JSON.parse(out.trim().split('\n').pop() ?? '') as typeof parsed;
      } catch {
        // reported below
      }
      if (code === 0 && parsed.seconds !== undefined) resolve(parsed as Sample);
      else {
        // The error's own line (Node prints the source line and a stack around it), else the tail.
        const lines = (err || out).trim().split('\n');
        const reason = lines.filter((l) => /^\w*Error\b|^\s*\w+Error:/.test(l)).pop() ?? lines.slice(-3).join(' | ');
        reject(new Error(parsed.error ?? `${side} exited ${code ?? signal}: ${reason.trim().slice(0, 300)}`));
      }
    });
  });
}




const OP_NAMES: Record<Op, string> = {
  'upload-file': 'uploadObject (file)',
  'upload-stream': 'uploadObjectViaStream',
  'download-file': 'downloadObject (file)',
  'download-stream': 'downloadObjectAsStream',
  list: `list ${LIST_COUNT.toLocaleString('en-US')} objects`,
};

/** A stand-in StorageObject for deletes in the parent (no HEAD needed). */
function ghost(driver: StorageDriver, container: string, name: string): StorageObject {
  return new StorageObject({ name, size: 0, hash: '', metaData: {}, container: new Container({ name: container, extra: {} }, driver), extra: {} }, driver);
}

/** Runs `count` tasks with at most `limit` in flight. */
async function inParallel(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** One provider as both sides see it. */
interface Setup {
  title: string;
  /** The spec fields that say where (provider, credentials, container). */
  nubesBase: Omit<Spec, 'op'>;
  libcloudBase: Omit<Spec, 'op'>;
  /** Removes an upload's target before a round (not measured). */
  removeUpload: (side: 'nubes' | 'libcloud', name: string) => Promise<void>;
  /** Puts the object the downloads read, for both sides. */
  seed: (size: number) => Promise<{ nubesName: string; libcloudName: string }>;
  /** Container (per side) holding LIST_COUNT objects. */
  listing: () => Promise<{ nubes: string; libcloud: string }>;
}

/**
 * Runs the comparison and returns one row per (provider, op, size). Starts and stops its own
 * Swift and Azurite on 127.0.0.1; a provider whose server or libcloud is missing gets one
 * row saying so.
 */
export async function runLibcloudBench(options: LibcloudBenchOptions = {}): Promise<LibcloudBenchRow[]> {
  const sizes = options.sizes ?? [256 * MiB];
  const rounds = options.rounds ?? 3;
  const targets = options.targets ?? ['local', 's3', 'swift', 'azure'];
  const log = options.log ?? (() => undefined);
  const rows: LibcloudBenchRow[] = [];
  const skip = (title: string, why: string): void => {
    rows.push({ case: `${title}: skipped`, unit: '', nubes: 0, libcloud: 0, ratio: 0, nubesRssMiB: 0, libcloudRssMiB: 0, nubesCpu: 0, libcloudCpu: 0, verdict: why });
  };
  const missingLibcloud = libcloudUnavailable();
  if (missingLibcloud) {
    skip('libcloud', missingLibcloud);
    return rows;
  }
  const cleanups: Array<() => Promise<void>> = [];
  const work = tempDir('bench-libcloud');
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  try {
    log('building nubes (npm run build) for the measured processes');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const module = pathToFileURL(join(ROOT, 'dist', 'drivers', 'storage', 'index.js')).href;
    if (!existsSync(fileURLToPath(module))) throw new Error(`npm run build did not produce ${module}`);

    // The files uploadObject reads (one per size, shared by both sides) and downloadObject writes.
    const sourceFile = async (size: number): Promise<string> => {
      const path = join(work, `source-${size}`);
      if (!existsSync(path)) await pipeline(generated(size), createWriteStream(path));
      return path;
    };
    const dest = join(work, 'downloaded');

    const measure = async (setup: Setup, op: Op, size: number | undefined, prepare: (side: 'nubes' | 'libcloud') => Promise<Partial<Spec>>): Promise<void> => {
      const title = `${setup.title}: ${OP_NAMES[op]}${size === undefined ? '' : ` ${label(size)}`}`;
      log(title);
      const samples: Record<'nubes' | 'libcloud', Sample[]> = { nubes: [], libcloud: [] };
      const errors: Partial<Record<'nubes' | 'libcloud', string>> = {};
      for (let round = 0; round < rounds; round++) {
        const order: Array<'nubes' | 'libcloud'> = round % 2 === 0 ? ['nubes', 'libcloud'] : ['libcloud', 'nubes'];
        for (const side of order) {
          if (errors[side] !== undefined) continue;
          const base = side === 'nubes' ? { ...setup.nubesBase, module } : setup.libcloudBase;
          try {
            const extra = await prepare(side);
            samples[side].push(await runProcess(side, { ...base, op, ...extra } as Spec));
          } catch (err) {
            errors[side] = (err as Error).message;
          }
          await rm(dest, { force: true });
        }
      }
      const rate = (s: Sample): number => (op === 'list' ? s.count / s.seconds : s.bytes / 1e6 / s.seconds);
      const value = (side: 'nubes' | 'libcloud'): number => (samples[side].length ? median(samples[side].map(rate)) : 0);
      const nubes = value('nubes');
      const libcloud = value('libcloud');
      const ratio = nubes > 0 && libcloud > 0 ? nubes / libcloud : 0;
      const verdicts: string[] = [];
      if (errors.nubes) verdicts.push(`nubes failed: ${errors.nubes}`);
      if (errors.libcloud) verdicts.push(`libcloud cannot: ${errors.libcloud}`);
      for (const side of ['nubes', 'libcloud'] as const) {
        const wrong = samples[side].find((s) => (op === 'list' ? s.count !== LIST_COUNT : s.bytes !== size));
        if (wrong) verdicts.push(`${side} moved ${op === 'list' ? `${wrong.count} objects` : `${wrong.bytes} bytes`}`);
      }
      if (ratio > 0 && ratio < TARGET) verdicts.push(`ratio < ${TARGET}`);
      // Issue 19: Local listing of 5,000 objects at most libcloud's time.
      if (ratio > 0 && op === 'list' && setup.nubesBase.provider === 'local' && ratio < 1) verdicts.push('Local listing slower than libcloud');
      const stat = (side: 'nubes' | 'libcloud', f: (s: Sample) => number): number => (samples[side].length ? median(samples[side].map(f)) : 0);
      rows.push({
        case: title,
        unit: op === 'list' ? 'objects/s' : 'MB/s',
        nubes: Math.round(nubes),
        libcloud: Math.round(libcloud),
        ratio: Math.round(ratio * 100) / 100,
        nubesRssMiB: Math.round(stat('nubes', (s) => s.peakRss) / MiB),
        libcloudRssMiB: Math.round(stat('libcloud', (s) => s.peakRss) / MiB),
        nubesCpu: Math.round(stat('nubes', (s) => s.cpu) * 100) / 100,
        libcloudCpu: Math.round(stat('libcloud', (s) => s.cpu) * 100) / 100,
        verdict: verdicts.length ? verdicts.join('; ') : 'ok',
      });
    };

    const runSetup = async (setup: Setup): Promise<void> => {
      for (const size of sizes) {
        const file = await sourceFile(size);
        const upName = (side: string): string => `up-${side}-${size}`;
        const upload = (side: 'nubes' | 'libcloud'): Promise<Partial<Spec>> =>
          setup.removeUpload(side, upName(side)).then(() => ({ name: upName(side), file, size }));
        await measure(setup, 'upload-file', size, upload);
        await measure(setup, 'upload-stream', size, upload);
        await setup.removeUpload('nubes', upName('nubes'));
        await setup.removeUpload('libcloud', upName('libcloud'));
        const seeded = await setup.seed(size);
        const download = async (side: 'nubes' | 'libcloud'): Promise<Partial<Spec>> => ({ name: side === 'nubes' ? seeded.nubesName : seeded.libcloudName, dest, size });
        await measure(setup, 'download-file', size, download);
        await measure(setup, 'download-stream', size, download);
      }
      log(`${setup.title}: putting ${LIST_COUNT} objects to list`);
      const lists = await setup.listing();
      await measure(setup, 'list', undefined, async (side) => ({ container: side === 'nubes' ? lists.nubes : lists.libcloud }));
    };

    /** Puts LIST_COUNT tiny objects with nubes, 16 at a time (once per container: S3 and Swift native share one). */
    const filled = new Set<string>();
    const fill = async (driver: StorageDriver, container: string): Promise<void> => {
      if (filled.has(container)) return;
      filled.add(container);
      await driver.createContainer(container);
      await inParallel(LIST_COUNT, 16, (i) => driver.uploadObjectViaStream(Buffer.from(`object ${i}\n`), container, `item/${String(i).padStart(5, '0')}`));
    };

    /** Remote servers: both sides use the same container; uploads go to different names. */
    const remote = (title: string, driver: StorageDriver, base: Omit<Spec, 'op' | 'container'>, container: string, listContainer: string): Setup => ({
      title,
      nubesBase: { ...base, container },
      libcloudBase: { ...base, container },
      removeUpload: async (_side, name) => {
        await driver.deleteObject(ghost(driver, container, name)).catch(() => undefined);
      },
      seed: async (size) => {
        const name = `down-${size}`;
        await driver.uploadObjectViaStream(generated(size), container, name, { contentLength: size });
        return { nubesName: name, libcloudName: name };
      },
      listing: async () => {
        await fill(driver, listContainer);
        return { nubes: listContainer, libcloud: listContainer };
      },
    });

    if (targets.includes('local')) {
      // Same disk, one temp root each: nubes keeps sidecars in its own layout, libcloud
      // plain files under root/container/.
      const nubesRoot = join(work, 'nubes-local');
      const libRoot = join(work, 'libcloud-local');
      await mkdir(join(libRoot, 'bench'), { recursive: true });
      const driver = new LocalStorageDriver(nubesRoot);
      await driver.createContainer('bench');
      await runSetup({
        title: 'Local',
        nubesBase: { provider: 'local', root: nubesRoot, container: 'bench' },
        libcloudBase: { provider: 'local', root: libRoot, container: 'bench' },
        removeUpload: async (side, name) => {
          if (side === 'nubes') await driver.deleteObject(ghost(driver, 'bench', name)).catch(() => undefined);
          else await rm(join(libRoot, 'bench', name), { force: true });
        },
        seed: async (size) => {
          const name = `down-${size}`;
          await driver.uploadObjectViaStream(generated(size), 'bench', name, { contentLength: size });
          await pipeline(generated(size), createWriteStream(join(libRoot, 'bench', name)));
          return { nubesName: name, libcloudName: name };
        },
        listing: async () => {
          await fill(driver, 'list');
          await mkdir(join(libRoot, 'list', 'item'), { recursive: true });
          await inParallel(LIST_COUNT, 16, (i) => writeFile(join(libRoot, 'list', 'item', String(i).padStart(5, '0')), `object ${i}\n`));
          return { nubes: 'list', libcloud: 'list' };
        },
      });
      await driver.close();
    }

    if (targets.includes('s3') || targets.includes('swift')) {
      const missing = SWIFT_BINARIES.filter((b) => findBinary(b) === undefined);
      if (missing.length) skip('Swift (S3 and native)', `missing ${missing.join(', ')}`);
      else {
        log('starting Swift');
        const swift = await startSwift();
        cleanups.push(() => swift.stop());
        const proxy = new URL(swift.proxyUrl);
        if (targets.includes('s3')) {
          const driver = new S3StorageDriver(swift.s3.accessKeyId, swift.s3.secret, { url: swift.s3.endpoint, region: swift.s3.region, env: {} });
          cleanups.push(() => driver.close());
          await driver.createContainer('bench-s3');
          const s3 = { host: proxy.hostname, port: Number(proxy.port), key: swift.s3.accessKeyId, secret: swift.s3.secret, region: swift.s3.region, endpoint: swift.s3.endpoint };
          await runSetup(remote('S3 on Swift', driver, { provider: 's3', s3 }, 'bench-s3', 'bench-list'));
        }
        if (targets.includes('swift')) {
          const driver = new OpenStackSwiftStorageDriver(swift.user, swift.key, { authUrl: swift.authUrl, authVersion: '1.0', env: {} });
          cleanups.push(() => driver.close());
          await driver.createContainer('bench-swift');
          const sw = { authUrl: swift.authUrl, storageUrl: swift.storageUrl, user: swift.user, key: swift.key };
          await runSetup(remote('Swift native', driver, { provider: 'swift', swift: sw }, 'bench-swift', 'bench-list'));
        }
      }
    }

    if (targets.includes('azure')) {
      const why = await azuriteUnavailable();
      if (why !== undefined) skip('Azure Blobs on Azurite', why);
      else {
        log('starting Azurite');
        const azurite = await startAzurite();
        cleanups.push(() => azurite.stop());
        const driver = new AzureBlobsStorageDriver(azurite.account, azurite.key, { url: `http://127.0.0.1:${azurite.port}`, env: {} });
        cleanups.push(() => driver.close());
        await driver.createContainer('bench-azure');
        const azure = { host: '127.0.0.1', port: azurite.port, account: azurite.account, key: azurite.key, url: azurite.url };
        await runSetup(remote('Azure Blobs on Azurite', driver, { provider: 'azure', azure }, 'bench-azure', 'bench-azure-list'));
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  return rows;
}

/** The rows as an aligned text table. */
export function formatLibcloudRows(rows: readonly LibcloudBenchRow[]): string {
  const header = ['case', 'unit', 'nubes', 'libcloud', 'ratio', 'nubes RSS MiB', 'libcloud RSS MiB', 'nubes CPU s', 'libcloud CPU s', 'verdict'];
  const cells = rows.map((r) => [r.case, r.unit, String(r.nubes), String(r.libcloud), r.ratio.toFixed(2), String(r.nubesRssMiB), String(r.libcloudRssMiB), r.nubesCpu.toFixed(2), r.libcloudCpu.toFixed(2), r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i <= 1 || i === c.length - 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** BENCH_SIZES (MiB, comma-separated) and BENCH_LIBCLOUD_TARGETS, checked. */
export function libcloudOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<LibcloudBenchOptions, 'sizes' | 'targets'> {
  const out: Pick<LibcloudBenchOptions, 'sizes' | 'targets'> = {};
  if (env.BENCH_SIZES) {
    out.sizes = env.BENCH_SIZES.split(',').map((v) => {
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_SIZES must be positive integers (MiB), comma-separated (got ${JSON.stringify(env.BENCH_SIZES)})`);
      return n * MiB;
    });
  }
  if (env.BENCH_LIBCLOUD_TARGETS) {
    const all: readonly LibcloudTarget[] = ['local', 's3', 'swift', 'azure'];
    out.targets = env.BENCH_LIBCLOUD_TARGETS.split(',').map((v) => {
      const t = v.trim() as LibcloudTarget;
      if (!all.includes(t)) throw new Error(`BENCH_LIBCLOUD_TARGETS must list ${all.join(', ')} (got ${JSON.stringify(env.BENCH_LIBCLOUD_TARGETS)})`);
      return t;
    });
  }
  return out;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const rounds = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : undefined;
  const rows = await runLibcloudBench({ ...libcloudOptionsFromEnv(), ...(rounds ? { rounds } : {}), log: (line) => console.error(line) });
  console.log(formatLibcloudRows(rows));
}
