/**
 * One conformance suite, run against both transports on real loopback servers.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  Connection,
  JsonResponse,
  NotFoundError,
  RateLimitError,
  ResponseTooLargeError,
  ServiceUnavailableError,
  TimeoutError,
  XmlResponse,
  type TransportName,
} from '../../src/index.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { startStreamingOriginProcess } from '../helpers/streaming-origin-process.js';

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}
class XmlConnection extends Connection {
  protected override responseCls = XmlResponse;
}

const env = {}; // no proxy variables leak in from the machine

describe.each<TransportName>(['undici', 'node'])('conformance: %s transport', (transport) => {
  let origin: Origin;
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.close();
  });
  const conn = (opts: ConstructorParameters<typeof Connection>[0] = {}): JsonConnection =>
    new JsonConnection({ url: origin.url, transport, env, retry: { minDelay: 5, maxDelay: 20 }, ...opts });

  it.each(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const)('sends %s with query params and a JSON body', async (method) => {
    const c = conn();
    const hasBody = method !== 'GET' && method !== 'DELETE';
    const res = await c.request<{ method: string; url: string; headers: Record<string, string>; bytes: number }>('/echo', {
      method,
      params: { a: 1, b: 'x y', list: ['p', 'q'], skip: undefined },
      ...(hasBody ? { data: { hello: 'there' } } : {}),
    });
    expect(res.status).toBe(200);
    expect(res.object.method).toBe(method);
    expect(res.object.url).toBe('/echo?a=1&b=x+y&list=p&list=q');
    if (hasBody) {
      expect(res.object.headers['content-type']).toBe('application/json');
      expect(res.object.bytes).toBe(Buffer.byteLength('{"hello":"there"}'));
    }
    expect(res.object.headers['user-agent']).toMatch(/^nubes\/\d/);
    expect(res.requestId).toBe('req-123');
    await c.close();
  });

  it('parses XML namespace-agnostically with predictable arrays', async () => {
    const c = new XmlConnection({ url: origin.url, transport, env });
    const res = await c.request('/xml');
    expect(res.object).toEqual({ Result: { $: { xmlns: 'urn:x' }, Item: [{ Name: ['one'] }] } });
    await c.close();
  });

  it('decodes gzip bodies and treats 204 as success', async () => {
    const c = conn();
    expect((await c.request('/gzip')).object).toEqual({ zipped: true });
    const empty = await c.request('/empty', { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.object).toBeUndefined();
    await c.close();
  });

  it('caps buffered bodies, decompressed size included', async () => {
    const c = conn({ maxResponseSize: 64 * 1024 });
    await expect(c.request('/bomb/10000000')).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(c.request('/bytes/200000')).rejects.toBeInstanceOf(ResponseTooLargeError);
    await c.close();
  });

  it('maps statuses to error classes with the provider message', async () => {
    const c = conn({ retry: false });
    const err = await c.request('/status/404').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toContain('status 404 as asked');
    expect((err as NotFoundError).statusCode).toBe(404);
    await c.close();
  });

  it('reuses keep-alive sockets', async () => {
    const c = conn();
    const before = origin.sockets;
    for (let i = 0; i < 10; i++) await c.request('/json');
    // undici may open a second socket while the first is being released; never ten.
    expect(origin.sockets - before).toBeLessThanOrEqual(2);
    await c.close();
  });

  it('reuses keep-alive sockets across HEAD requests (undici closes after a HEAD by default)', async () => {
    // An S3-like answer: HEAD says the length of the object it does not send.
    let sockets = 0;
    const server = http.createServer((req, res) => {
      const body = JSON.stringify({ method: req.method });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), etag: '"e"' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    server.on('connection', () => sockets++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const c = new JsonConnection({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, transport, env });
    try {
      for (let i = 0; i < 10; i++) {
        const res = await c.request('/object', { method: 'HEAD' });
        expect(res.status).toBe(200);
        expect(res.headers.etag).toBe('"e"');
        expect(res.body).toBe('');
      }
      // A GET after the HEADs reads its own body on the kept socket, nothing left over.
      const after = await c.request<{ method: string }>('/object');
      expect(after.object.method).toBe('GET');
      expect(sockets).toBeLessThanOrEqual(2);
    } finally {
      await c.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('retries a GET that fails N times, then succeeds', async () => {
    const c = conn();
    const res = await c.request<{ attempts: number }>(`/flaky/${transport}-get/2`);
    expect(res.object.attempts).toBe(3);
    await c.close();
  });

  it('does not retry a non-idempotent POST', async () => {
    const c = conn();
    await expect(c.request(`/flaky/${transport}-post/1`, { method: 'POST', data: {} })).rejects.toBeInstanceOf(ServiceUnavailableError);
    const posts = origin.seen.filter((s) => s.url === `/flaky/${transport}-post/1`);
    expect(posts).toHaveLength(1);
    await c.close();
  });

  it('retries a POST the driver marks idempotent', async () => {
    const c = conn();
    const res = await c.request<{ attempts: number }>(`/flaky/${transport}-safe/1`, { method: 'POST', data: {}, idempotent: true });
    expect(res.object.attempts).toBe(2);
    await c.close();
  });

  it('honours Retry-After on 429 and reports it', async () => {
    const c = conn({ retry: { retries: 1, minDelay: 1, maxRetryAfter: 2000 } });
    const started = origin.seen.length;
    const err = (await c.request('/status/429', { params: { ra: '1' } }).catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(1);
    expect(origin.seen.length - started).toBe(2);
    await c.close();
  });

  it('gives up at once when Retry-After exceeds the cap', async () => {
    const c = conn({ retry: { retries: 3, maxRetryAfter: 1000 } });
    const started = origin.seen.length;
    await expect(c.request('/status/429', { params: { ra: '120' } })).rejects.toMatchObject({ retryAfter: 120 });
    expect(origin.seen.length - started).toBe(1);
    await c.close();
  });

  it('fires the idle timeout against a stalled server', async () => {
    const c = conn({ timeout: { idle: 300 }, retry: false });
    const err = await c.request('/stall').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).kind).toBe('idle');
    await c.close();
  });

  it('fires the idle timeout while a streamed body stalls', async () => {
    const c = conn({ timeout: { idle: 300 }, retry: false });
    const res = await c.request('/stall-body', { raw: true });
    const err = await (async () => {
      for await (const _ of res.body) {
        // keep reading
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    await c.close();
  });

  it('fires the total timeout', async () => {
    const c = conn({ timeout: { idle: 5000, total: 300 } });
    const err = await c.request('/stall').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).kind).toBe('total');
    expect((err as TimeoutError).message).toContain('timeout.total');
    await c.close();
  });

  it('fires the connect timeout when the TLS handshake stalls', async () => {
    // A TCP server that accepts and then says nothing: the TLS handshake never completes.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const c = new JsonConnection({ url: `https://127.0.0.1:${port}`, transport, env, retry: false, timeout: { connect: 300 } });
    const err = await c.request('/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).kind).toBe('connect');
    expect((err as TimeoutError).message).toContain('timeout.connect');
    await c.close();
    silent.close();
  });

  it('reports a refused connection as a NetworkError naming the host', async () => {
    const c = new JsonConnection({ url: 'http://127.0.0.1:9', transport, env, retry: false });
    const err = await c.request('/').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NetworkError', code: 'NUBES_ERR_NETWORK' });
    expect((err as Error).message).toContain('127.0.0.1:9');
    await c.close();
  });

  it('aborts cleanly with the caller signal', async () => {
    const c = conn();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user gave up')), 100);
    const err = await c.request('/stall', { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBeInstanceOf(Error);
    await c.close();
  });

  it('does not follow redirects unless asked', async () => {
    const c = conn({ retry: false });
    await expect(c.request('/redirect', { params: { to: '/json' } })).rejects.toMatchObject({ code: 'NUBES_ERR_REDIRECT' });
    const follow = conn({ followRedirects: true });
    expect((await follow.request('/redirect', { params: { to: '/json' } })).object).toEqual({ hello: 'world', list: [1, 2, 3] });
    await c.close();
    await follow.close();
  });

  it('never sends credentials to another host on a redirect', async () => {
    const other = await startOrigin();
    const c = conn({ followRedirects: true });
    await c.request('/redirect', { params: { to: `${other.url}/echo` }, headers: { authorization: 'Bearer s3cret-token', 'x-keep': 'yes' } });
    const hop = other.seen.at(-1)!;
    expect(hop.headers.authorization).toBeUndefined();
    expect(hop.headers['x-keep']).toBe('yes');
    await c.close();
    await other.close();
  });

  it.each([
    ['Buffer', () => Buffer.alloc(100_000, 1)],
    ['string', () => 'x'.repeat(100_000)],
    ['Node Readable', () => Readable.from([Buffer.alloc(50_000, 1), Buffer.alloc(50_000, 1)])],
    ['web ReadableStream', () => Readable.toWeb(Readable.from([Buffer.alloc(100_000, 1)]))],
    [
      'AsyncIterable',
      () =>
        (async function* () {
          yield Buffer.alloc(60_000, 1);
          yield Buffer.alloc(40_000, 1);
        })(),
    ],
  ])('uploads a %s body', async (_kind, make) => {
    const c = conn();
    const res = await c.request<{ bytes: number }>('/upload', { method: 'PUT', data: make() });
    expect(res.object.bytes).toBe(100_000);
    await c.close();
  });

  it('streams a 256 MiB upload and a 256 MiB download in bounded memory', async () => {
    // Bounded, not zero: garbage waits for the GC (Node 24 lets ~80 MiB pile up whatever
    // the size). Buffering a body whole would add at least its size; we allow half.
    const size = 256 * 1024 * 1024;
    const limit = size / 2;
    // The origin runs in another process, so this process's RSS is the client's alone.
    const remote = await startStreamingOriginProcess();
    const c = new JsonConnection({ url: remote.url, transport, env, timeout: { idle: 30_000 } });
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const expected = createHash('sha256');
    for (let i = 0; i < 256; i++) expected.update(chunk);
    // Warm-up: a 16 MiB round trip first, so what a process pays once whatever the size
    // (V8 compiling the HTTP parser with its optimizing tier, larger on Node 24) is not
    // counted as the transfer's.
    const warmUp = Buffer.alloc(16 * 1024 * 1024, 1);
    await c.request('/upload', { method: 'PUT', data: warmUp });
    for await (const part of (await c.request(`/bytes/${warmUp.length}`, { raw: true })).body) void part;
    const growth = async (phase: () => Promise<void>): Promise<number> => {
      const before = process.memoryUsage().rss;
      let peak = before;
      const sample = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 10);
      await phase();
      clearInterval(sample);
      return Math.max(peak, process.memoryUsage().rss) - before;
    };
    let up: { bytes: number; sha256: string } | undefined;
    const upGrowth = await growth(async () => {
      const res = await c.request<{ bytes: number; sha256: string }>('/upload', {
        method: 'PUT',
        data: Readable.from(
          (function* () {
            for (let i = 0; i < 256; i++) yield chunk;
          })(),
        ),
        headers: { 'content-length': String(size) },
      });
      up = res.object;
    });
    expect(up).toEqual({ bytes: size, sha256: expected.digest('hex') });
    let received = 0;
    const downGrowth = await growth(async () => {
      const down = await c.request(`/bytes/${size}`, { raw: true });
      for await (const part of down.body) received += (part as Buffer).length;
    });
    expect(received).toBe(size);
    expect(upGrowth).toBeLessThan(limit);
    expect(downGrowth).toBeLessThan(limit);
    await c.close();
    await remote.close();
  });
});
