/**
 * What one HTTP download body costs the client, by client, on the same loopback origin:
 * the floor under every stream download of every driver. `BENCH_ONLY=body`.
 *
 * The origin (a `node:http` server in its own process) answers each GET with
 * `BENCH_BODY_MIB` MiB (default 256) written from one reused 1 MiB buffer, so it costs the
 * same for every client. Each client then runs in a fresh process and reads the whole
 * body, discarding it; it reports its own wall time and CPU seconds (user + system, so
 * page faults count). Rounds interleave the clients; medians of `BENCH_ROUNDS` (default 3).
 *
 * It runs twice: once reporting the first body a fresh process reads (what a CLI run or
 * a batch job of one transfer pays), once reporting the second body of a process that
 * has just read one (what a long-lived process pays per transfer). The two differ a lot:
 * the first pays for the process's memory growing from idle (page faults on fresh heap)
 * and for optimising the read loop, which the second does not.
 *
 * The clients, from the cheapest possible to nubes:
 * - `python http.client` reads 64 KiB at a time, as Apache Libcloud's Python does (it
 *   frees each chunk at once, so its allocator hands the same memory back next time);
 * - `node net, one reused buffer` (`onread`): the socket reads into one 64 KiB buffer
 *   that is handed to nobody — what Node can do when the bytes need not outlive the read;
 * - `node net, fresh buffers` (`'data'` events): a new buffer per socket read, which any
 *   stream handed to a caller must use, since the caller may keep every chunk;
 * - `node:http`, `undici.request` (the default transport's library) and nubes'
 *   `Connection.request({ raw: true })` on its default (undici) and its `node` transport,
 *   each read with `for await`.
 *
 * Needs `npm run build` (nubes is imported from dist/) and `python3`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MiB, median, runNodeChild } from './common.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One client's medians. */
export interface BodyRow {
  readonly client: string;
  /** MB/s (10^6 bytes per second), median over rounds. */
  readonly mbps: number;
  /** CPU seconds of the client process per download (user + system), median. */
  readonly cpuSeconds: number;
  /** Of which system time (page faults, copies out of the socket), median. */
  readonly systemSeconds: number;
}

/** Options of {@link runBodyBench}. */
export interface BodyBenchOptions {
  rounds?: number;
  /** Body size in MiB (default 256). */
  mib?: number;
  /**
   * Bodies each client process reads, one after the other, reporting the last (default 1:
   * the first body of a fresh process; 2: a body read after a first one warmed it up).
   */
  reads?: number;
  log?: (line: string) => void;
}

interface Sample {
  bytes: number;
  ms: number;
  user: number;
  system: number;
}

const ORIGIN = `
import http from 'node:http';
const total = Number(process.env.NUBES_BENCH_BYTES);
const chunk = Buffer.alloc(1024 * 1024, 0x5a);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-length': String(total), 'content-type': 'application/octet-stream' });
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * The node clients: one ES module each, reading `spec.url` `spec.reads` times (each time
 * the whole body) and printing the last read's {@link Sample}. Each defines `read()`,
 * resolving with the bytes read; {@link nodeClient} wraps it in the timing harness.
 */
const NODE_CLIENTS: Record<string, string> = {
  'node net, one reused buffer': nodeClient(`
    import net from 'node:net';
    const { hostname, port, pathname } = new URL(url);
    const buffer = Buffer.allocUnsafe(65536);
    async function read() {
      let bytes = 0;
      const socket = net.connect({ host: hostname, port: Number(port), onread: { buffer, callback: (n) => { bytes += n; } } });
      socket.on('connect', () => socket.write('GET ' + pathname + ' HTTP/1.1\\r\\nHost: ' + hostname + '\\r\\nConnection: close\\r\\n\\r\\n'));
      await new Promise((resolve, reject) => { socket.on('close', resolve); socket.on('error', reject); });
      return bytes;
    }
  `),
  'node net, fresh buffers': nodeClient(`
    import net from 'node:net';
    const { hostname, port, pathname } = new URL(url);
    async function read() {
      let bytes = 0;
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.on('connect', () => socket.write('GET ' + pathname + ' HTTP/1.1\\r\\nHost: ' + hostname + '\\r\\nConnection: close\\r\\n\\r\\n'));
      socket.on('data', (chunk) => { bytes += chunk.length; });
      await new Promise((resolve, reject) => { socket.on('close', resolve); socket.on('error', reject); });
      return bytes;
    }
  `),
  'node:http': nodeClient(`
    import http from 'node:http';
    async function read() {
      let bytes = 0;
      const res = await new Promise((resolve, reject) => http.get(url, resolve).on('error', reject));
      for await (const chunk of res) bytes += chunk.length;
      return bytes;
    }
  `),
  'undici.request': nodeClient(`
    import { request } from 'undici';
    async function read() {
      let bytes = 0;
      const { body } = await request(url);
      for await (const chunk of body) bytes += chunk.length;
      return bytes;
    }
  `),
  ...nubesClients(),
};

/** nubes' raw `Connection.request` on each built-in transport. */
function nubesClients(): Record<string, string> {
  const clients: Record<string, string> = {};
  for (const transport of ['undici', 'node']) {
    clients[`nubes Connection (raw), ${transport} transport`] = nodeClient(`
    import { Connection } from './dist/index.js';
    const connection = new Connection({ url: new URL(url).origin, env: {}, transport: '${transport}' });
    async function read() {
      let bytes = 0;
      const res = await connection.request(new URL(url).pathname, { raw: true });
      for await (const chunk of res.body) bytes += chunk.length;
      return bytes;
    }
  `);
  }
  return clients;
}

/**
 * One client's module: `setup` (imports, then `async function read()`), after which the
 * body is read `spec.reads` times and the last read is reported. Imports are hoisted, so
 * `url` may be used in `setup`.
 */
function nodeClient(setup: string): string {
  return `
    const { url, reads } = JSON.parse(process.env.NUBES_BENCH_SPEC);
    ${setup}
    let sample;
    for (let i = 0; i < reads; i++) {
      const c0 = process.cpuUsage(); const t0 = performance.now();
      const bytes = await read();
      const c = process.cpuUsage(c0);
      sample = { bytes, ms: performance.now() - t0, user: c.user / 1e6, system: c.system / 1e6 };
    }
    console.log(JSON.stringify(sample));
    process.exit(0);
  `;
}

const PYTHON_CLIENT = `
import http.client, json, os, resource, sys, time, urllib.parse
spec = json.loads(os.environ['NUBES_BENCH_SPEC'])
url = urllib.parse.urlsplit(spec['url'])
conn = http.client.HTTPConnection(url.hostname, url.port)
for i in range(spec['reads']):
    r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
    conn.request('GET', url.path)
    res = conn.getresponse()
    n = 0
    while True:
        chunk = res.read(65536)
        if not chunk:
            break
        n += len(chunk)
    t = time.perf_counter() - t0; r1 = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'bytes': n, 'ms': t * 1000, 'user': r1.ru_utime - r0.ru_utime, 'system': r1.ru_stime - r0.ru_stime}))
`;

function runPython(url: string, reads: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', PYTHON_CLIENT], { env: { PATH: process.env.PATH ?? '', NUBES_BENCH_SPEC: JSON.stringify({ url, reads }) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Sample) : reject(new Error(`python client failed (${code}): ${err.slice(-1000)}`))));
  });
}

/** Starts the origin process; resolves with its URL and a stop function. */
function startOrigin(bytes: number): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', ORIGIN], { env: { PATH: process.env.PATH ?? '', NUBES_BENCH_BYTES: String(bytes) }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve({ url: `http://127.0.0.1:${Number(d.toString().trim())}/object`, stop: () => child.kill() }));
    child.once('exit', (code) => reject(new Error(`body origin exited (${code})`)));
  });
}

/** Runs every client `rounds` times, interleaved, against one origin. */
export async function runBodyBench(options: BodyBenchOptions = {}): Promise<BodyRow[]> {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('BENCH_ONLY=body imports nubes from dist/: run `npm run build` first');
  const rounds = options.rounds ?? 3;
  const reads = options.reads ?? 1;
  const bytes = (options.mib ?? 256) * MiB;
  const origin = await startOrigin(bytes);
  const clients = ['python http.client', ...Object.keys(NODE_CLIENTS)];
  const samples = new Map<string, Sample[]>(clients.map((c) => [c, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so that no client always runs first after the origin idled.
      const order = clients.map((_, i) => clients[(i + round) % clients.length]!);
      for (const client of order) {
        const sample = client === 'python http.client' ? await runPython(origin.url, reads) : await runNodeChild<Sample>(NODE_CLIENTS[client]!, { url: origin.url, reads }, { cwd: ROOT, name: `body-${client}` });
        if (sample.bytes < bytes) throw new Error(`${client} read ${sample.bytes} of ${bytes} bytes`);
        samples.get(client)!.push(sample);
        options.log?.(`  round ${round + 1} ${client}: ${((sample.bytes / 1e6) / (sample.ms / 1000)).toFixed(0)} MB/s, ${(sample.user + sample.system).toFixed(2)} CPU s`);
      }
    }
  } finally {
    origin.stop();
  }
  return clients.map((client) => {
    const s = samples.get(client)!;
    return {
      client,
      mbps: median(s.map((x) => x.bytes / 1e6 / (x.ms / 1000))),
      cpuSeconds: median(s.map((x) => x.user + x.system)),
      systemSeconds: median(s.map((x) => x.system)),
    };
  });
}

/** The table: each client's throughput and CPU, and both as ratios to Python's. */
export function formatBodyRows(rows: readonly BodyRow[]): string {
  const python = rows[0]!;
  const lines = ['| client | MB/s | CPU s | of which system | MB/s vs python | CPU vs python |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    lines.push(`| ${r.client} | ${r.mbps.toFixed(0)} | ${r.cpuSeconds.toFixed(2)} | ${r.systemSeconds.toFixed(2)} | ${(r.mbps / python.mbps).toFixed(2)}× | ${(r.cpuSeconds / python.cpuSeconds).toFixed(1)}× |`);
  }
  return lines.join('\n');
}
