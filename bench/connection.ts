/**
 * Connection overhead: nubes `Connection.request` against raw `undici.request` on the
 * same loopback origin (a 1 KB JSON body), sequential and with 16 requests in flight;
 * then the proxied path, nubes through a CONNECT proxy against a raw undici
 * `ProxyAgent` through the same proxy. Rounds interleave the contenders (ABBA order) so
 * that both see the same machine load; the result is the median of per-round ratios.
 *
 * The origins (http and https) run in a child process, so that the CPU time this
 * process spends per request (`process.cpuUsage()`, user + system) is the client's
 * alone: the `CPU µs/req` columns and their ratio (baseline / nubes, higher is better
 * for nubes) hold on a loaded machine where the req/s ratios swing from round to round.
 * Loopback only, bounded loops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent, ProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import diagnosticsChannel from 'node:diagnostics_channel';
import { Connection, EVENT_CHANNELS, JsonResponse, type Logger } from '../src/index.js';
import { makeTestCa } from '../test/helpers/ca.js';
import { findBinary } from '../test/peers/process.js';
import { startNodeProxy, startTinyproxy } from '../test/peers/proxies.js';
import { median } from './common.js';

/** One measured scenario. */
export interface BenchResult {
  readonly name: string;
  /** Requests per second of the baseline, median over rounds. */
  readonly baseline: number;
  /** Requests per second of nubes, median over rounds. */
  readonly nubes: number;
  /** Median of the per-round ratios nubes / baseline (1 = as fast). */
  readonly ratio: number;
  /** CPU time of this process per request, µs, medians over rounds (the origins run in another process). */
  readonly baselineCpuUs: number;
  readonly nubesCpuUs: number;
  /** Median of the per-round ratios baseline CPU / nubes CPU per request (1 = as cheap, higher is better for nubes). */
  readonly cpuRatio: number;
  /** What the baseline is. */
  readonly baselineName: string;
}

/** Bench sizes; the defaults keep a run under a minute on two busy cores. */
export interface BenchOptions {
  /** Measured rounds per scenario (each runs both contenders), default 5. */
  rounds?: number;
  /** Requests per contender per round, sequential scenarios, default 1500. */
  sequential?: number;
  /** Requests per contender per round, concurrent scenarios, default 3000. */
  concurrent?: number;
  /** Requests in flight in the concurrent scenarios, default 16. */
  inFlight?: number;
  /** Also run the proxied scenarios (default true). */
  proxied?: boolean;
  /** Also run the observability scenarios: a logger and a channel subscriber against neither (default true). */
  observability?: boolean;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
}

/** A 1 KB JSON document, like a small provider listing. */
const BODY = JSON.stringify({
  items: Array.from({ length: 12 }, (_, i) => ({ id: `item-${i}`, name: `node-${i}.example`, state: 'running', size: 's-1vcpu-1gb' })),
});

type Send = () => Promise<unknown>;

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}

/** The origins' process: an http and (given a key and certificate) an https server answering BODY to everything. */
const ORIGINS = String.raw`
import http from 'node:http';
import https from 'node:https';
const { body, key, cert } = JSON.parse(process.env.NUBES_BENCH_ORIGINS);
const handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
};
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const plain = await listen(http.createServer({ keepAliveTimeout: 60000 }, handler));
const tls = key ? await listen(https.createServer({ key, cert, keepAliveTimeout: 60000 }, handler)) : undefined;
process.stdout.write(JSON.stringify({ plain, tls }) + '\n');
// Ends with its parent: when the parent closes stdin, or dies.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** Starts the origins in a child process; resolves with their ports. */
async function startOrigins(tls: { key: string; cert: string } | undefined): Promise<{ plain: number; tls: number | undefined; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ORIGINS], {
    env: { PATH: process.env.PATH ?? '', NUBES_BENCH_ORIGINS: JSON.stringify({ body: BODY, ...tls }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the bench origins exited (${code}) before listening`)));
  });
  const ports = JSON.parse(line) as { plain: number; tls?: number };
  return { plain: ports.plain, tls: ports.tls, child };
}

/** Stops the origins' process (the one started above, by its handle). */
function stopOrigins(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.stdin!.end();
  });
}

interface RunResult {
  /** Requests per second. */
  readonly rate: number;
  /** CPU time of this process per request, µs. */
  readonly cpuUs: number;
}

async function run(send: Send, total: number, inFlight: number): Promise<RunResult> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      await send();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { rate: total / seconds, cpuUs: (used.user + used.system) / total };
}


async function compare(
  name: string,
  baselineName: string,
  baseline: Send,
  nubes: Send,
  total: number,
  inFlight: number,
  rounds: number,
  log: (line: string) => void,
  /** Set up around each measured run of `nubes` only (e.g. a process-wide channel subscription). */
  around: { enter: () => void; leave: () => void } = { enter: () => undefined, leave: () => undefined },
): Promise<BenchResult> {
  const runNubes = async (count: number): Promise<RunResult> => {
    around.enter();
    try {
      return await run(nubes, count, inFlight);
    } finally {
      around.leave();
    }
  };
  // Warm-up: JIT, sockets, TLS sessions.
  await run(baseline, Math.min(200, total), inFlight);
  await runNubes(Math.min(200, total));
  const base: RunResult[] = [];
  const ours: RunResult[] = [];
  for (let round = 0; round < rounds; round++) {
    let b: RunResult;
    let n: RunResult;
    if (round % 2 === 0) {
      b = await run(baseline, total, inFlight);
      n = await runNubes(total);
    } else {
      n = await runNubes(total);
      b = await run(baseline, total, inFlight);
    }
    base.push(b);
    ours.push(n);
    log(
      `  ${name} round ${round + 1}/${rounds}: ${baselineName} ${b.rate.toFixed(0)} req/s ${b.cpuUs.toFixed(1)} µs CPU/req, nubes ${n.rate.toFixed(0)} req/s ${n.cpuUs.toFixed(1)} µs CPU/req`,
    );
  }
  return {
    name,
    baselineName,
    baseline: median(base.map((r) => r.rate)),
    nubes: median(ours.map((r) => r.rate)),
    ratio: median(ours.map((r, i) => r.rate / base[i]!.rate)),
    baselineCpuUs: median(base.map((r) => r.cpuUs)),
    nubesCpuUs: median(ours.map((r) => r.cpuUs)),
    cpuRatio: median(ours.map((r, i) => base[i]!.cpuUs / r.cpuUs)),
  };
}

/**
 * Runs the connection benches and returns one result per scenario:
 * direct sequential, direct concurrent, direct with a logger and with a diagnostics_channel
 * subscriber (each against the same connection with no listener), proxied sequential,
 * proxied concurrent.
 */
export async function benchConnection(options: BenchOptions = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const ca = options.proxied === false ? undefined : makeTestCa('bench');
  const origins = await startOrigins(ca && { key: ca.key, cert: ca.cert });
  try {
    await benchOn(origins, ca, options, results);
  } finally {
    await stopOrigins(origins.child);
    if (ca) rmSync(ca.dir, { recursive: true, force: true });
  }
  return results;
}

async function benchOn(
  origins: { plain: number; tls: number | undefined },
  ca: ReturnType<typeof makeTestCa> | undefined,
  options: BenchOptions,
  results: BenchResult[],
): Promise<void> {
  const rounds = options.rounds ?? 5;
  const sequential = options.sequential ?? 1500;
  const concurrent = options.concurrent ?? 3000;
  const inFlight = options.inFlight ?? 16;
  const log = options.log ?? ((): void => undefined);
  const env = {}; // the machine's proxy variables must not reroute the bench

  // --- direct: plain http on loopback ---------------------------------------
  const plainUrl = `http://127.0.0.1:${origins.plain}`;
  const rawAgent = new Agent({ connections: 64, keepAliveTimeout: 4000 });
  const rawDirect: Send = async () => {
    const res = await undiciRequest(`${plainUrl}/items`, { dispatcher: rawAgent, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    return res.body.json();
  };
  const direct = new JsonConnection({ url: plainUrl, env });
  const nubesDirect: Send = () => direct.request('/items');
  // Observability: the same connection with a logger (that drops the events, as a logger
  // below its level does), and with a subscriber on every nubes channel, against neither.
  const noop = (): void => undefined;
  const logger: Logger = { debug: noop, info: noop, warn: noop };
  const logged = new JsonConnection({ url: plainUrl, env, logger });
  const nubesLogged: Send = () => logged.request('/items');
  const subscribed = {
    enter: (): void => Object.values(EVENT_CHANNELS).forEach((name) => diagnosticsChannel.subscribe(name, noop)),
    leave: (): void => Object.values(EVENT_CHANNELS).forEach((name) => diagnosticsChannel.unsubscribe(name, noop)),
  };
  try {
    results.push(await compare('direct, sequential', 'undici.request', rawDirect, nubesDirect, sequential, 1, rounds, log));
    results.push(await compare(`direct, ${inFlight} concurrent`, 'undici.request', rawDirect, nubesDirect, concurrent, inFlight, rounds, log));
    if (options.observability !== false) {
      results.push(await compare('direct, with a logger', 'nubes alone', nubesDirect, nubesLogged, sequential, 1, rounds, log));
      results.push(await compare('direct, channel subscriber', 'nubes alone', nubesDirect, nubesDirect, sequential, 1, rounds, log, subscribed));
    }
  } finally {
    await direct.close();
    await logged.close();
    await rawAgent.close();
  }

  if (ca === undefined || origins.tls === undefined) return;

  // --- proxied: https origin through a CONNECT proxy ----------------------------
  const tlsPort = origins.tls;
  const tlsUrl = `https://127.0.0.1:${tlsPort}`;
  let proxyUrl: string;
  let proxyName: string;
  let stopProxy: () => Promise<void>;
  if (findBinary('tinyproxy')) {
    const tinyproxy = await startTinyproxy({ connectPorts: [tlsPort] });
    proxyUrl = `http://127.0.0.1:${tinyproxy.port}`;
    proxyName = 'tinyproxy';
    stopProxy = () => tinyproxy.stop();
  } else {
    const proxy = await startNodeProxy();
    proxyUrl = proxy.url;
    proxyName = 'in-process proxy';
    stopProxy = () => proxy.close();
  }
  const rawProxy: Dispatcher = new ProxyAgent({ uri: proxyUrl, requestTls: { ca: ca.caCert }, connections: 64 });
  const rawProxied: Send = async () => {
    const res = await undiciRequest(`${tlsUrl}/items`, { dispatcher: rawProxy, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    return res.body.json();
  };
  const proxied = new JsonConnection({ url: tlsUrl, env, proxyUrl, caCertsPath: ca.caCertPath });
  const nubesProxied: Send = () => proxied.request('/items');
  const proxiedTotal = Math.ceil(sequential / 2);
  try {
    results.push(await compare(`via ${proxyName} (CONNECT), sequential`, 'undici ProxyAgent', rawProxied, nubesProxied, proxiedTotal, 1, rounds, log));
    results.push(
      await compare(`via ${proxyName} (CONNECT), ${inFlight} concurrent`, 'undici ProxyAgent', rawProxied, nubesProxied, Math.ceil(concurrent / 2), inFlight, rounds, log),
    );
  } finally {
    await proxied.close();
    await rawProxy.close();
    await stopProxy();
  }
}

/** Formats results as an aligned table. The 0.9× target is against raw undici; the rows against "nubes alone" show what a logger or a channel subscriber costs. */
export function formatResults(results: readonly BenchResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.baselineName.padEnd(17)} ${r.baseline.toFixed(0).padStart(6)} req/s   nubes ${r.nubes
          .toFixed(0)
          .padStart(6)} req/s   ratio ${r.ratio.toFixed(2)}×   CPU µs/req ${r.baselineCpuUs.toFixed(1)} / ${r.nubesCpuUs.toFixed(1)} (ratio ${r.cpuRatio.toFixed(2)}×)${
          r.baselineName !== 'nubes alone' && r.ratio < 0.9 ? '  (below the 0.9× target)' : ''
        }`,
    )
    .join('\n');
}
