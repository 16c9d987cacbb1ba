/**
 * Connection overhead: nubes `Connection.request` against raw `undici.request` on the
 * same loopback origin (a 1 KB JSON body), sequential and with 16 requests in flight;
 * then the proxied path, nubes through a CONNECT proxy against a raw undici
 * `ProxyAgent` through the same proxy. Rounds interleave the contenders (ABBA order) so
 * that both see the same machine load; the result is the median of per-round ratios.
 * Loopback only, bounded loops.
 */
import { rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
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

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function handler(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY)) });
  res.end(BODY);
}

async function run(send: Send, total: number, inFlight: number): Promise<number> {
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
  return total / seconds;
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
  const runNubes = async (count: number): Promise<number> => {
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
  const base: number[] = [];
  const ours: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let b: number;
    let n: number;
    if (round % 2 === 0) {
      b = await run(baseline, total, inFlight);
      n = await runNubes(total);
    } else {
      n = await runNubes(total);
      b = await run(baseline, total, inFlight);
    }
    base.push(b);
    ours.push(n);
    ratios.push(n / b);
    log(`  ${name} round ${round + 1}/${rounds}: ${baselineName} ${b.toFixed(0)} req/s, nubes ${n.toFixed(0)} req/s`);
  }
  return { name, baselineName, baseline: median(base), nubes: median(ours), ratio: median(ratios) };
}

/**
 * Runs the connection benches and returns one result per scenario:
 * direct sequential, direct concurrent, direct with a logger and with a diagnostics_channel
 * subscriber (each against the same connection with no listener), proxied sequential,
 * proxied concurrent.
 */
export async function benchConnection(options: BenchOptions = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 5;
  const sequential = options.sequential ?? 1500;
  const concurrent = options.concurrent ?? 3000;
  const inFlight = options.inFlight ?? 16;
  const log = options.log ?? ((): void => undefined);
  const results: BenchResult[] = [];
  const env = {}; // the machine's proxy variables must not reroute the bench

  // --- direct: plain http on loopback ---------------------------------------
  const plainServer = http.createServer({ keepAliveTimeout: 60_000 }, handler);
  const plainPort = await listen(plainServer);
  const plainUrl = `http://127.0.0.1:${plainPort}`;
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
    plainServer.closeAllConnections();
    plainServer.close();
  }

  if (options.proxied === false) return results;

  // --- proxied: https origin through a CONNECT proxy ----------------------------
  const ca = makeTestCa('bench');
  const tlsServer = https.createServer({ key: ca.key, cert: ca.cert, keepAliveTimeout: 60_000 }, handler);
  const tlsPort = await listen(tlsServer);
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
    tlsServer.closeAllConnections();
    tlsServer.close();
    rmSync(ca.dir, { recursive: true, force: true });
  }
  return results;
}

/** Formats results as an aligned table. The 0.9× target is against raw undici; the rows against "nubes alone" show what a logger or a channel subscriber costs. */
export function formatResults(results: readonly BenchResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.baselineName.padEnd(17)} ${r.baseline.toFixed(0).padStart(6)} req/s   nubes ${r.nubes
          .toFixed(0)
          .padStart(6)} req/s   ratio ${r.ratio.toFixed(2)}×${r.baselineName !== 'nubes alone' && r.ratio < 0.9 ? '  (below the 0.9× target)' : ''}`,
    )
    .join('\n');
}
