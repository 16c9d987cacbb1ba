/**
 * The Local storage driver against what a user would run instead on the same disk, in
 * the same run (issue 19, part 1):
 *
 * - `uploadObject` (a file) and `downloadObject` (to a file) against `cp` of the same
 *   file and against `fs.copyFile`; target ≥ 0.5× `cp`.
 * - `downloadObjectAsStream` (read and discarded) against `dd if=<file> of=/dev/null
 *   bs=1M` and against an `fs.createReadStream`; target ≥ 0.5× `dd`.
 * - `uploadObjectViaStream` (from a file stream) against `fs.createReadStream` piped to
 *   `fs.createWriteStream` (no target: the bytes pass through JavaScript and are hashed).
 * - The downloads again with `verify: 'full'` (every byte hashed), to show what a full
 *   check costs.
 * - Listing 5,000 objects against one `readdir` walk with an `await fs.promises.stat`
 *   per entry, and with `fs.statSync` per entry. The target (≤ Apache Libcloud's local driver's
 *   time) is measured live, side by side, by `BENCH_ONLY=libcloud` (bench/libcloud.ts); here
 *   the raw walks are the same-run baselines.
 *
 * Each measurement runs in a fresh `node` process on nubes compiled to JavaScript (what
 * users run); the file system is synced before each one, so no measurement pays for the
 * previous one's writeback. Operations are interleaved round by round, and the median
 * of the rounds (BENCH_ROUNDS, default 3) counts. MB/s are 10^6 bytes per second.
 *
 * Sizes: BENCH_SIZES in MiB, comma-separated (default `256,1024`); rounds: BENCH_ROUNDS.
 * BENCH_LOCAL_BEFORE=<compiled drivers/storage/index.js of another checkout> measures that
 * build's nubes ops too, interleaved in the same rounds, and adds a `(before)` row under
 * each nubes row (e.g. `tsc -p tsconfig.build.json --outDir /tmp/before` in a checkout of
 * main): before/after on the same disk under the same load.
 * BENCH_LOCAL_FLOOR=1 adds, next to `dd`, what any Node stream that hands its reader a new
 * Buffer per read can reach here (the floor under `downloadObjectAsStream`, whose reader may
 * keep every chunk): a Readable of fresh page-aligned 64 KiB, 1 MiB and 4 MiB buffers (two
 * reads in flight, as the driver does), and plain reads into one reused 1 MiB buffer (what
 * `dd` does, and what no stream handing chunks out may do).
 * BENCH_CPU_PROF=<dir> makes every measured node process write a V8 CPU profile there.
 * The table also shows the CPU seconds (user + system, the process's own) of each side.
 *
 * Run alone: `BENCH_ONLY=local npm run bench`, or `node --import tsx bench/local.ts`.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LocalStorageDriver } from '../src/drivers/storage/index.js';
import { tempDir } from '../test/peers/process.js';
import { compileNubes, label, median, runNodeChild } from './common.js';

const MiB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Apache Libcloud 3.4.1's local driver listing 5,000 objects on this machine's disk (issue 19). */
const OBJECTS = 5000;

/** One printable result. */
export interface LocalBenchRow {
  /** What was measured. */
  case: string;
  /** nubes: MB/s, or seconds for listings. */
  nubes: number;
  /** The baseline: MB/s, or seconds for listings. */
  baseline: number;
  /** The baseline's name. */
  versus: string;
  /** For throughput nubes / baseline; for listings baseline / nubes (higher is better either way). */
  ratio: number;
  /** CPU seconds (user + system) of the nubes process and of the baseline (median; `cp`/`dd` are measured as children). */
  nubesCpu: number;
  baselineCpu: number;
  /** The target ratio, or undefined when the row is for information. */
  target: number | undefined;
  /** `ok`, `MISSED`, or `-` without a target. */
  verdict: string;
}

/** Options of {@link runLocalBench}. */
export interface LocalBenchOptions {
  /** Object sizes in bytes (default 256 MiB and 1 GiB). */
  sizes?: readonly number[];
  /** Rounds per measurement; the median counts (default BENCH_ROUNDS or 3). */
  rounds?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

type Op =
  | 'cp'
  | 'dd'
  | 'raw-copyFile'
  | 'raw-stream-copy'
  | 'raw-stream-read'
  | 'nubes-upload'
  | 'nubes-upload-stream'
  | 'nubes-download'
  | 'nubes-download-full'
  | 'nubes-download-stream'
  | 'nubes-download-stream-full'
  | 'list-raw-async'
  | 'list-raw-sync'
  | 'list-nubes'
  | 'floor-fresh-64k'
  | 'floor-fresh-1m'
  | 'floor-fresh-4m'
  | 'floor-reused-1m';

/** What a child process is asked to do. */
interface ChildSpec {
  op: Op;
  /** Compiled `drivers/storage/index.js`. */
  module: string;
  /** The driver's root; containers `bench` (the big object) and `many` (the listing). */
  root: string;
  /** The source file (uploads) and where downloads and copies go. */
  src: string;
  dest: string;
  /** Object name in `bench`. */
  name: string;
}

/** BENCH_LOCAL_FLOOR: reads that are not nubes, as the floor of a stream download (see the header). */
const FLOOR_OPS: readonly [Op, string][] = [
  ['floor-fresh-64k', 'floor: stream of fresh 64 KiB buffers'],
  ['floor-fresh-1m', 'floor: stream of fresh 1 MiB buffers'],
  ['floor-fresh-4m', 'floor: stream of fresh 4 MiB buffers'],
  ['floor-reused-1m', 'floor: reads into one reused 1 MiB buffer'],
];

/** BENCH_LOCAL_BEFORE as a module URL, when set. */
function beforeModule(): string | undefined {
  const path = process.env.BENCH_LOCAL_BEFORE;
  return path ? pathToFileURL(path).href : undefined;
}

/**
 * The measured side, plain JavaScript run by `node` on the compiled sources. Reads its
 * task from NUBES_BENCH_SPEC, prints `{ seconds }` for the operation alone.
 */
const CHILD = String.raw`
import { execFileSync } from 'node:child_process';
import { copyFile, open, readdir, stat } from 'node:fs/promises';
import { createReadStream, createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const spec = JSON.parse(process.env.NUBES_BENCH_SPEC);
const storage = await import(spec.module);
const discard = () => new Writable({ highWaterMark: 1024 * 1024, write(_c, _e, cb) { cb(); } });
const driver = () => new storage.LocalStorageDriver(spec.root);
async function walkAsync(dir, top) {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (top && e.name === '.nubes') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) n += await walkAsync(p, false);
    else { await stat(p); n++; }
  }
  return n;
}
function walkSync(dir, top) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (top && e.name === '.nubes') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) n += walkSync(p, false);
    else { statSync(p); n++; }
  }
  return n;
}
// Page-aligned, as the driver's read buffers are (a copy into a buffer 16 bytes past a page
// boundary, where the allocator puts large blocks, is several times slower here).
const aligned = (n) => Buffer.allocUnsafeSlow(n + 4096).subarray(4080, 4080 + n);
// A stream that hands out a new buffer per read of one block, two reads in flight.
async function freshStream(block) {
  const fh = await open(spec.src, 'r');
  const size = (await fh.stat()).size;
  let next = 0;
  const inflight = [];
  const issue = () => {
    while (inflight.length < 2 && next < size) {
      const n = Math.min(block, size - next);
      const buf = aligned(n);
      inflight.push(fh.read(buf, 0, n, next).then(({ bytesRead }) => buf.subarray(0, bytesRead)));
      next += n;
    }
  };
  const body = new Readable({
    highWaterMark: 2 * block,
    read() {
      issue();
      const p = inflight.shift();
      if (p === undefined) this.push(null);
      else p.then((b) => this.push(b), (e) => this.destroy(e));
    },
  });
  try { await pipeline(body, discard()); } finally { await fh.close(); }
}
// Reads into one reused buffer: no stream can hand these out (its reader may keep them).
async function reusedReads(block) {
  const fh = await open(spec.src, 'r');
  const buf = aligned(block);
  try {
    for (let pos = 0; ; ) {
      const { bytesRead } = await fh.read(buf, 0, block, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
    }
  } finally { await fh.close(); }
}
const expectCount = (n) => { if (n !== ${OBJECTS}) throw new Error('listed ' + n + ' objects'); };
const ops = {
  cp: () => execFileSync('cp', [spec.src, spec.dest]),
  dd: () => execFileSync('dd', ['if=' + spec.src, 'of=/dev/null', 'bs=1M'], { stdio: 'ignore' }),
  'raw-copyFile': () => copyFile(spec.src, spec.dest),
  'raw-stream-copy': () => pipeline(createReadStream(spec.src, { highWaterMark: 1024 * 1024 }), createWriteStream(spec.dest, { highWaterMark: 1024 * 1024 })),
  'raw-stream-read': () => pipeline(createReadStream(spec.src, { highWaterMark: 1024 * 1024 }), discard()),
  'nubes-upload': () => driver().uploadObject(spec.src, 'bench', spec.name),
  'nubes-upload-stream': () => driver().uploadObjectViaStream(createReadStream(spec.src, { highWaterMark: 1024 * 1024 }), 'bench', spec.name),
  'nubes-download': async () => { const d = driver(); await d.downloadObject(await d.getObject('bench', spec.name), spec.dest); },
  'nubes-download-full': async () => { const d = driver(); await d.downloadObject(await d.getObject('bench', spec.name), spec.dest, { verify: 'full' }); },
  'nubes-download-stream': async () => { const d = driver(); await pipeline(await d.downloadObjectAsStream(await d.getObject('bench', spec.name)), discard()); },
  'nubes-download-stream-full': async () => { const d = driver(); await pipeline(await d.downloadObjectAsStream(await d.getObject('bench', spec.name), { verify: 'full' }), discard()); },
  'list-raw-async': async () => expectCount(await walkAsync(join(spec.root, 'many'), true)),
  'list-raw-sync': () => expectCount(walkSync(join(spec.root, 'many'), true)),
  'list-nubes': async () => expectCount((await driver().listContainerObjects('many')).length),
  'floor-fresh-64k': () => freshStream(64 * 1024),
  'floor-fresh-1m': () => freshStream(1024 * 1024),
  'floor-fresh-4m': () => freshStream(4 * 1024 * 1024),
  'floor-reused-1m': () => reusedReads(1024 * 1024),
};
// CPU seconds of this process and of the children it waited for (cp, dd): /proc/self/stat's
// utime, stime, cutime, cstime, in clock ticks (USER_HZ, 100 on Linux); resourceUsage elsewhere.
const ticks = () => {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    const r = process.resourceUsage();
    return (r.userCPUTime + r.systemCPUTime) / 1e6;
  }
};
const cpu0 = ticks();
const started = process.hrtime.bigint();
await ops[spec.op]();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ seconds, cpu: ticks() - cpu0 }));
`;

/** One measurement: wall seconds of the operation, and CPU seconds of the process (children included, for cp and dd). */
interface Sample {
  seconds: number;
  cpu: number;
}

function runChild(spec: ChildSpec): Promise<Sample> {
  return runNodeChild<Sample>(CHILD, spec, { cwd: ROOT, name: `local-${spec.op}` });
}


/** Incompressible, reproducible bytes (a counter run through a xorshift), written once per size. */
async function writeSource(path: string, size: number): Promise<void> {
  let state = 0x9e3779b9;
  let sent = 0;
  const source = new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const n = Math.min(4 * MiB, size - sent);
      const chunk = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        chunk.writeUInt32LE(state >>> 0, i);
      }
      sent += n;
      this.push(chunk);
    },
  });
  await pipeline(source, createWriteStream(path));
}



/** BENCH_SIZES (MiB, comma-separated), or undefined when unset. */
function sizesFromEnv(): number[] | undefined {
  const value = process.env.BENCH_SIZES;
  if (!value) return undefined;
  return value.split(',').map((v) => {
    const n = Number(v.trim());
    if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_SIZES must be positive integers (MiB), comma-separated (got ${JSON.stringify(value)})`);
    return n * MiB;
  });
}

/** Flushes dirty pages so a measurement does not pay for the previous one's writeback. */
function settle(dir: string): void {
  try {
    execFileSync('sync', ['-f', dir], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    execFileSync('sync', { stdio: 'ignore', timeout: 120_000 });
  }
}

/**
 * Runs the Local benchmarks and returns one row per comparison. Everything lives in a
 * temporary directory on the disk of the system temp directory, removed at the end.
 */
export async function runLocalBench(options: LocalBenchOptions = {}): Promise<LocalBenchRow[]> {
  const sizes = options.sizes ?? sizesFromEnv() ?? [256 * MiB, 1024 * MiB];
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3);
  const log = options.log ?? ((): void => undefined);
  const floor = process.env.BENCH_LOCAL_FLOOR === '1';
  log('Local: compiling nubes');
  const build = await compileNubes('bench-local-build-');
  const module = pathToFileURL(join(build, 'drivers', 'storage', 'index.js')).href;
  const work = tempDir('bench-local');
  const root = join(work, 'root');
  const rows: LocalBenchRow[] = [];
  try {
    const driver = new LocalStorageDriver(root);
    await driver.createContainer('bench');
    const many = await driver.createContainer('many');
    log(`Local: writing ${OBJECTS} objects for the listing`);
    for (let i = 0; i < OBJECTS; i++) await driver.uploadObjectViaStream(`object ${i}\n`, many, `obj-${String(i).padStart(5, '0')}.txt`);

    const cpuOf = (samples: Sample[]): number => Math.round(median(samples.map((s) => s.cpu)) * 100) / 100;
    const throughput = (name: string, size: number, nubes: Sample[], baseline: Sample[], versus: string, target?: number): LocalBenchRow => {
      const seconds = (samples: Sample[]): number => median(samples.map((s) => s.seconds));
      const mbps = (samples: Sample[]): number => Math.round(size / 1e6 / seconds(samples));
      const ratio = Math.round((seconds(baseline) / seconds(nubes)) * 100) / 100;
      return {
        case: `${name} ${label(size)}`,
        nubes: mbps(nubes),
        baseline: mbps(baseline),
        versus,
        ratio,
        nubesCpu: cpuOf(nubes),
        baselineCpu: cpuOf(baseline),
        target,
        verdict: target === undefined ? '-' : ratio >= target ? 'ok' : 'MISSED',
      };
    };

    for (const size of sizes) {
      const src = join(work, `source-${size}.bin`);
      const dest = join(work, `dest-${size}.bin`);
      const name = `object-${size}.bin`;
      log(`Local: ${label(size)}: writing the source file`);
      await writeSource(src, size);
      // The object the downloads read, written once by nubes (so it has its sidecar).
      await driver.uploadObject(src, 'bench', name);
      const spec = (op: Op, objectName = name): ChildSpec => ({ op, module, root, src, dest, name: objectName });
      const ops: [Op, string][] = [
        ['cp', 'upload-probe'],
        ['raw-copyFile', ''],
        ['nubes-upload', 'upload-probe'],
        ['raw-stream-copy', ''],
        ['nubes-upload-stream', 'upload-probe'],
        ['nubes-download', ''],
        ['nubes-download-full', ''],
        ['dd', ''],
        ['raw-stream-read', ''],
        ['nubes-download-stream', ''],
        ['nubes-download-stream-full', ''],
        ...(floor ? FLOOR_OPS.map(([op]): [Op, string] => [op, '']) : []),
      ];
      const before = beforeModule();
      // With a before build, each nubes op runs once more on it, right after (same load).
      const runs: [Op, string, string | undefined][] = ops.flatMap(([op, upload]): [Op, string, string | undefined][] =>
        before !== undefined && op.startsWith('nubes-') ? [[op, upload, undefined], [op, upload, before]] : [[op, upload, undefined]],
      );
      const key = (op: Op, mod: string | undefined): string => (mod === undefined ? op : `${op}@before`);
      const times = new Map<string, Sample[]>(runs.map(([op, , mod]) => [key(op, mod), []]));
      for (let round = 1; round <= rounds; round++) {
        log(`Local: ${label(size)}: round ${round} of ${rounds}`);
        for (const [op, upload, mod] of runs) {
          await rm(dest, { force: true });
          if (upload) await rm(join(root, 'bench', upload), { force: true });
          settle(work);
          times.get(key(op, mod))!.push(await runChild({ ...spec(op, upload || name), ...(mod === undefined ? {} : { module: mod }) }));
        }
      }
      const t = (op: Op): Sample[] => times.get(op)!;
      /** The row, and the same for the before build when there is one. */
      const both = (name: string, op: Op, baseline: Op, versus: string, target?: number): LocalBenchRow[] => [
        throughput(name, size, t(op), t(baseline), versus, target),
        ...(before === undefined ? [] : [throughput(`${name} (before)`, size, times.get(key(op, before))!, t(baseline), versus, target)]),
      ];
      rows.push(
        ...both('uploadObject', 'nubes-upload', 'cp', 'cp', 0.5),
        ...both('uploadObject', 'nubes-upload', 'raw-copyFile', 'fs.copyFile'),
        ...both('uploadObjectViaStream', 'nubes-upload-stream', 'raw-stream-copy', 'fs stream copy'),
        ...both('downloadObject', 'nubes-download', 'cp', 'cp', 0.5),
        ...both('downloadObject', 'nubes-download', 'raw-copyFile', 'fs.copyFile'),
        ...both("downloadObject verify: 'full'", 'nubes-download-full', 'cp', 'cp'),
        ...both('downloadObjectAsStream', 'nubes-download-stream', 'dd', 'dd', 0.5),
        ...both('downloadObjectAsStream', 'nubes-download-stream', 'raw-stream-read', 'fs read stream'),
        ...both("downloadObjectAsStream verify: 'full'", 'nubes-download-stream-full', 'dd', 'dd'),
        ...(floor ? FLOOR_OPS.map(([op, what]) => throughput(what, size, t(op), t('dd'), 'dd')) : []),
      );
      await rm(src, { force: true });
      await rm(dest, { force: true });
      await rm(join(root, 'bench'), { recursive: true, force: true });
      await driver.createContainer('bench');
    }

    const listOps: Op[] = ['list-raw-async', 'list-raw-sync', 'list-nubes'];
    const listTimes = new Map<Op, Sample[]>(listOps.map((op) => [op, []]));
    for (let round = 1; round <= rounds; round++) {
      log(`Local: listing ${OBJECTS} objects: round ${round} of ${rounds}`);
      for (const op of listOps) listTimes.get(op)!.push(await runChild({ op, module, root, src: '', dest: '', name: '' }));
    }
    const lt = (op: Op): number => Math.round(median(listTimes.get(op)!.map((s) => s.seconds)) * 1000) / 1000;
    const lc = (op: Op): number => cpuOf(listTimes.get(op)!);
    const listing = (baseline: number, baselineCpu: number, versus: string, target?: number): LocalBenchRow => {
      const ratio = Math.round((baseline / lt('list-nubes')) * 100) / 100;
      return {
        case: `list ${OBJECTS} objects (s)`,
        nubes: lt('list-nubes'),
        baseline,
        versus,
        ratio,
        nubesCpu: lc('list-nubes'),
        baselineCpu,
        target,
        verdict: target === undefined ? '-' : ratio >= target ? 'ok' : 'MISSED',
      };
    };
    rows.push(
      listing(lt('list-raw-async'), lc('list-raw-async'), 'readdir + await stat'),
      listing(lt('list-raw-sync'), lc('list-raw-sync'), 'readdir + statSync'),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(build, { recursive: true, force: true });
  }
  return rows;
}

/** The rows as an aligned text table. */
export function formatLocalRows(rows: readonly LocalBenchRow[]): string {
  const header = ['case', 'nubes', 'baseline', 'versus', 'ratio', 'target', 'verdict', 'cpu s nubes', 'cpu s baseline'];
  const cpu = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(2));
  const cells = rows.map((r) => [
    r.case,
    String(r.nubes),
    String(r.baseline),
    r.versus,
    `${r.ratio.toFixed(2)}x`,
    r.target === undefined ? '-' : `>= ${r.target}x`,
    r.verdict,
    cpu(r.nubesCpu),
    cpu(r.baselineCpu),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i === 0 || i === 3 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`nubes Local storage bench (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(formatLocalRows(await runLocalBench({ log: (line) => console.log(line) })));
}
