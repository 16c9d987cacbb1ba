/**
 * The default transport, `'auto'`: API calls on undici, object transfers (`bulk`
 * requests) on node:http. Which stack sent a request is read from the `nubes:request:start`
 * channel (its `transport` field) and, independently, from what the origin saw: undici and
 * node:http keep separate connection pools, so the two kinds arrive on different sockets.
 * Proxy, TLS and close() behave the same on both halves.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Connection, EVENT_CHANNELS, InvalidArgumentError, JsonResponse, type NubesEvent } from '../../src/index.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { startNodeProxy, type NodeProxy } from '../peers/proxies.js';

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}

const env = {};

/** The transport named by each `nubes:request:start` event while `fn` runs. */
async function transportsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const handler = (message: unknown): void => {
    seen.push((message as NubesEvent & { transport: string }).transport);
  };
  diagnosticsChannel.subscribe(EVENT_CHANNELS.start, handler);
  try {
    await fn();
  } finally {
    diagnosticsChannel.unsubscribe(EVENT_CHANNELS.start, handler);
  }
  return seen;
}

async function drain(body: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of body) bytes += (chunk as Buffer).length;
  return bytes;
}

const MiB = 1024 * 1024;

describe("transport 'auto' (the default)", () => {
  let origin: Origin;
  const open: Connection[] = [];
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.close();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  const conn = (opts: ConstructorParameters<typeof Connection>[0] = {}): JsonConnection => {
    const c = new JsonConnection({ url: origin.url, env, ...opts });
    open.push(c);
    return c;
  };

  it('sends a bulk download over node:http and an API call over undici, on separate sockets', async () => {
    const c = conn();
    const before = origin.sockets;
    const transports = await transportsOf(async () => {
      await c.request('/json');
      const res = await c.request('/bytes/300000', { raw: true, bulk: true });
      expect(await drain(res.body)).toBe(300000);
      await c.request('/json');
      const again = await c.request('/bytes/1000', { raw: true, bulk: true });
      expect(await drain(again.body)).toBe(1000);
    });
    expect(transports).toEqual(['undici', 'node', 'undici', 'node']);
    // Each half kept its one keep-alive socket: two sockets for four requests.
    expect(origin.sockets - before).toBe(2);
    const ports = origin.seen.slice(-4).map((s) => s.remotePort);
    expect(ports[0]).toBe(ports[2]);
    expect(ports[1]).toBe(ports[3]);
    expect(ports[0]).not.toBe(ports[1]);
  });

  it('treats a stream body or one of at least 1 MiB as bulk, and bulk: false as not', async () => {
    const c = conn();
    const big = Buffer.alloc(MiB, 1);
    const transports = await transportsOf(async () => {
      await c.request('/upload', { method: 'PUT', data: Buffer.alloc(MiB - 1, 1) });
      await c.request('/upload', { method: 'PUT', data: big });
      await c.request('/upload', { method: 'PUT', data: Readable.from([Buffer.from('streamed')]) });
      await c.request('/upload', { method: 'PUT', data: big, bulk: false });
      await c.request('/upload', { method: 'PUT', data: 'small', bulk: true });
    });
    expect(transports).toEqual(['undici', 'node', 'node', 'undici', 'node']);
    expect(origin.seen.slice(-5).map((s) => s.bytes)).toEqual([MiB - 1, MiB, 8, MiB, 5]);
  });

  it("names 'auto' in the unknown-transport error and accepts it explicitly", () => {
    expect(() => new Connection({ url: origin.url, env, transport: 'fast' as never })).toThrow(/known: 'auto', 'undici', 'node'/);
    expect(() => conn({ transport: 'auto' })).not.toThrow();
  });

  it("sends everything to a dispatcher (a MockAgent), bulk downloads included, and refuses one with an explicit 'auto'", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(origin.url);
    pool.intercept({ path: '/object', method: 'GET' }).reply(200, 'mocked bytes');
    const c = conn({ dispatcher: agent });
    const transports = await transportsOf(async () => {
      const res = await c.request('/object', { raw: true, bulk: true });
      expect(await drain(res.body)).toBe('mocked bytes'.length);
    });
    expect(transports).toEqual(['undici']);
    await agent.close();
    let caught: unknown;
    try {
      new Connection({ url: origin.url, env, transport: 'auto', dispatcher: new MockAgent() });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).option).toBe('dispatcher');
  });

  it("keeps an explicit 'undici' or 'node' for every request", async () => {
    for (const transport of ['undici', 'node'] as const) {
      const c = conn({ transport });
      const transports = await transportsOf(async () => {
        await c.request('/json');
        await drain((await c.request('/bytes/10', { raw: true, bulk: true })).body);
      });
      expect(transports).toEqual([transport, transport]);
    }
  });

  it('closes the node:http half too: its keep-alive socket ends on close()', async () => {
    // A server of its own, which keeps idle sockets open for a minute: only the client can end them.
    const sockets: Socket[] = [];
    const server = http.createServer((_req, res) => res.end('{"n":1}'));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const c = new JsonConnection({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, env });
      await c.request('/json');
      await drain((await c.request('/object', { raw: true, bulk: true })).body);
      expect(sockets).toHaveLength(2);
      const closed = sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      await c.close();
      const within = (ms: number): Promise<'open'> => new Promise((resolve) => setTimeout(() => resolve('open'), ms));
      expect(await Promise.race([Promise.all(closed).then(() => 'closed'), within(3000)])).toBe('closed');
      await expect(c.request('/json')).rejects.toBeInstanceOf(InvalidArgumentError);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("transport 'auto' through an authenticating proxy, to a TLS origin with its own CA", () => {
  let ca: TestCa;
  let origin: Origin;
  let proxy: NodeProxy;
  let caPath: string;
  beforeAll(async () => {
    ca = makeTestCa('nubes-auto-transport');
    origin = await startOrigin({ key: ca.key, cert: ca.cert });
    proxy = await startNodeProxy({ credentials: { user: 'ada', password: 'p@ss:w/rd' } });
    caPath = ca.caCertPath;
  });
  afterAll(async () => {
    await proxy.close();
    await origin.close();
  });

  it('tunnels both halves through the proxy with its credentials and trusts the CA for both', async () => {
    const proxyUrl = `http://ada:${encodeURIComponent('p@ss:w/rd')}@127.0.0.1:${proxy.port}`;
    const c = new JsonConnection({ url: origin.url, env, proxyUrl, caCertsPath: caPath });
    try {
      const transports = await transportsOf(async () => {
        const json = await c.request<{ hello: string }>('/json');
        expect(json.object.hello).toBe('world');
        const res = await c.request('/bytes/200000', { raw: true, bulk: true });
        expect(await drain(res.body)).toBe(200000);
      });
      expect(transports).toEqual(['undici', 'node']);
      const connects = proxy.seen.filter((line) => line === `CONNECT 127.0.0.1:${origin.port}`);
      expect(connects.length).toBeGreaterThanOrEqual(2);
      const expected = `Basic ${Buffer.from('ada:p@ss:w/rd').toString('base64')}`;
      expect(proxy.authorizations.filter((a) => a !== undefined).every((a) => a === expected)).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('fails a bulk download with the same typed proxy error as an API call when the password is wrong', async () => {
    const c = new JsonConnection({ url: origin.url, env, proxyUrl: `http://ada:wrong@127.0.0.1:${proxy.port}`, caCertsPath: caPath, retry: false });
    try {
      const api = await c.request('/json').catch((err: unknown) => err);
      const bulk = await c.request('/bytes/10', { raw: true, bulk: true }).catch((err: unknown) => err);
      expect((api as Error).constructor.name).toBe('ProxyAuthenticationError');
      expect((bulk as Error).constructor.name).toBe('ProxyAuthenticationError');
      expect(String((bulk as Error).message)).not.toContain('wrong');
    } finally {
      await c.close();
    }
  });
});
