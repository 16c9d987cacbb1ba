/**
 * The request path's shortcuts against the general path they stand for: the URL built
 * in one parse against appending each parameter, the first attempt (which takes the
 * built URL as it is) against a retry (which parses it again), a request that needs no
 * abort signal against one that has one or runs in a call scope, the cached trust store
 * and dispatcher against a changed environment or proxy, and the header name cache.
 * What goes on the wire must not depend on which path a request took.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, InvalidArgumentError, JsonResponse, security, type Logger, type PreparedRequest, type QueryParams } from '../../src/index.js';
import { S3Connection } from '../../src/drivers/storage/s3/connection.js';
import { openScope, runInCall } from '../../src/connection/call-context.js';
import { MockTransport } from '../../src/testing/index.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { startNodeProxy, type NodeProxy } from '../peers/proxies.js';

class Exposed extends Connection {
  protected override responseCls = JsonResponse;
  url(action: string, params: QueryParams): string {
    return this.buildUrl(action, params).href;
  }
}

/** The URL as the general path builds it: parse, then append each parameter. */
function appended(base: string, action: string, params: QueryParams): string {
  const url = new URL(/^https?:\/\//i.test(action) ? action : `${base}${action.startsWith('/') ? action : `/${action}`}`);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly (string | number)[]) url.searchParams.append(name, String(v));
    else url.searchParams.append(name, String(value));
  }
  return url.href;
}

describe('buildUrl', () => {
  const c = new Exposed({ url: 'https://api.example.com:8443/base', transport: new MockTransport(), env: {} });
  const params: QueryParams[] = [
    {},
    { a: undefined },
    { q: 'x' },
    { q: 'a b+c&d=e#f?g/h%20i', 'k y': 'ü€😀', empty: '', n: 0, t: true, f: false },
    { list: ['1', 2, 'three four'], after: 'x' },
    { list: [] },
    { '': '' },
    { 'x*-._~': "!'()*" },
  ];
  const actions = ['/things', 'things', '/a b/c%2Fd', '/path/with/ünïcode', 'https://other.example.com/x', 'HTTP://Other.Example.com:80/y', '/q?existing=1%202&b', '/frag#part', '/q?'];
  for (const action of actions) {
    for (const p of params) {
      it(`builds ${JSON.stringify(action)} with ${JSON.stringify(p)} as appending each parameter would`, () => {
        expect(c.url(action, p)).toBe(appended(c.baseUrl, action, p));
      });
    }
  }
});

describe('attempts', () => {
  it('sends a retry the URL and headers the first attempt was built from, whatever its hook changed', async () => {
    const mock = new MockTransport().on('GET', '/v1/x', { status: 503, json: {} }, { times: 1 }).on('GET', '/v1/x', { json: { ok: true } });
    class Mutating extends Connection {
      protected override responseCls = JsonResponse;
      protected override preConnectHook(request: PreparedRequest): void {
        request.url.searchParams.append('signature', 'once');
        request.url.pathname = `/v1${request.url.pathname}`;
        request.headers['x-attempt'] = 'signed';
      }
    }
    const c = new Mutating({ host: 'api.example.com', transport: mock, env: {}, retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
    const res = await c.request<{ ok: boolean }>('/x', { params: { page: 2 } });
    expect(res.object).toEqual({ ok: true });
    expect(mock.requests).toHaveLength(2);
    const [first, second] = mock.requests;
    expect(first!.url.href).toBe('https://api.example.com/v1/x?page=2&signature=once');
    expect(second!.url.href).toBe(first!.url.href);
    expect(second!.url).not.toBe(first!.url);
    expect(second!.headers).toEqual(first!.headers);
  });

  it('makes as many attempts as before: one, then the retries the policy allows', async () => {
    const mock = new MockTransport().on('GET', '/down', { status: 503, json: { message: 'down' } });
    const c = new Exposed({ host: 'api.example.com', transport: mock, env: {}, retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
    await expect(c.request('/down')).rejects.toMatchObject({ statusCode: 503 });
    expect(mock.requests).toHaveLength(3);
    const once = new Exposed({ host: 'api.example.com', transport: mock, env: {}, retry: false });
    await expect(once.request('/down')).rejects.toMatchObject({ statusCode: 503 });
    expect(mock.requests).toHaveLength(4);
  });
});

const ANSWER = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}';

/** A TCP server that records each request head it receives and answers 200 with a small JSON body. */
async function startRecorder(): Promise<{ url: string; heads: string[]; close: () => Promise<void> }> {
  const heads: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    let bodyLeft = 0;
    socket.on('data', (data: Buffer) => {
      buffered += data.toString('latin1');
      for (;;) {
        if (bodyLeft > 0) {
          const skipped = Math.min(bodyLeft, buffered.length);
          bodyLeft -= skipped;
          buffered = buffered.slice(skipped);
          if (bodyLeft > 0) return;
          socket.write(ANSWER);
        }
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.slice(0, end);
        heads.push(head);
        buffered = buffered.slice(end + 4);
        bodyLeft = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (bodyLeft === 0) socket.write(ANSWER);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    heads,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The head with its header lines sorted (undici may order a few of its own differently). */
function normalised(head: string): string[] {
  const [line, ...headers] = head.split('\r\n');
  return [line!, ...headers.map((h) => h.toLowerCase()).sort()];
}

describe('on the wire', () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(() => recorder.close());

  const noop = (): void => undefined;
  const logger: Logger = { debug: noop, info: noop, warn: noop };

  /** Sends the same request five ways: plain, with a signal, with a total timeout, in a call scope, with a logger. */
  async function fiveWays(make: (extra: { logger?: Logger }) => Connection, action: string, options: Parameters<Connection['request']>[1]): Promise<string[][]> {
    const plain = make({});
    const logged = make({ logger });
    const from = recorder.heads.length;
    await plain.request(action, options);
    await plain.request(action, { ...options, signal: new AbortController().signal });
    await plain.request(action, { ...options, timeout: { total: 30_000 } });
    const { scope, dispose } = openScope('Test.call', { signal: new AbortController().signal, timeout: 30_000 });
    await runInCall(scope, () => plain.request(action, options));
    dispose();
    await logged.request(action, options);
    await Promise.all([plain.close(), logged.close()]);
    return recorder.heads.slice(from).map(normalised);
  }

  it('sends the same request whichever path it took (plain connection, GET with a query, HEAD, PUT with a body)', async () => {
    const make = (extra: { logger?: Logger }): Connection => new Exposed({ url: recorder.url, env: {}, ...extra });
    for (const [action, options] of [
      ['/items', { params: { page: 2, q: 'a b' } }],
      ['/items/one', { method: 'HEAD' }],
      ['/items/two', { method: 'PUT', data: { name: 'x' }, headers: { 'X-Custom': 'v' } }],
    ] as const) {
      const heads = await fiveWays(make, action, options);
      expect(heads).toHaveLength(5);
      for (const head of heads) expect(head).toEqual(heads[0]);
    }
  });

  it('sends the same signed S3 request whichever path it took', async () => {
    const clock = (): Date => new Date('2026-01-02T03:04:05Z');
    const make = (extra: { logger?: Logger }): Connection =>
      new S3Connection('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', { url: recorder.url, region: 'us-east-1', env: {}, clock, ...extra }, 'path');
    const heads = await fiveWays(make, '/bucket/key%20one', { method: 'HEAD' });
    expect(heads[0]!.some((h) => h.startsWith('authorization: aws4-hmac-sha256 credential=akidexample/20260102/us-east-1/s3/aws4_request, signedheaders=host;x-amz-content-sha256;x-amz-date, signature='))).toBe(true);
    for (const head of heads) expect(head).toEqual(heads[0]);
  });
});

describe('cached per connection, yet current', () => {
  let ca: TestCa;
  let dir: string;
  beforeAll(() => {
    ca = makeTestCa('fast-path');
    dir = mkdtempSync(join(tmpdir(), 'nubes-fast-path-'));
  });
  afterAll(() => {
    rmSync(ca.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    security.CA_CERTS_PATH = undefined;
  });

  it('keeps the trust store while nothing it is made of changes, and notices SSL_CERT_FILE and security.CA_CERTS_PATH changing', () => {
    const env: Record<string, string | undefined> = {};
    const c = new Connection({ host: 'x.test', env });
    const first = c.resolveTrust();
    expect(c.resolveTrust()).toBe(first);
    env.SSL_CERT_FILE = ca.caCertPath;
    const withFile = c.resolveTrust();
    expect(withFile).not.toBe(first);
    expect(withFile.trust.ca ?? []).toContain(ca.caCert.trim());
    expect(c.resolveTrust()).toBe(withFile);
    delete env.SSL_CERT_FILE;
    expect(c.resolveTrust().trust.ca ?? []).not.toContain(ca.caCert.trim());
    // An array changed in place counts as a change too.
    const copy = join(dir, 'copy.pem');
    writeFileSync(copy, ca.caCert);
    const paths: string[] = [];
    security.CA_CERTS_PATH = paths;
    const empty = c.resolveTrust();
    paths.push(copy);
    const pushed = c.resolveTrust();
    expect(pushed).not.toBe(empty);
    expect(pushed.trust.ca ?? []).toContain(ca.caCert.trim());
    security.CA_CERTS_PATH = undefined;
  });
});

describe('the dispatcher of the last request', () => {
  let origin: Origin;
  let proxy: NodeProxy;
  beforeAll(async () => {
    [origin, proxy] = await Promise.all([startOrigin(), startNodeProxy()]);
  });
  afterAll(() => Promise.all([origin.close(), proxy.close()]));

  it('is not reused once setHttpProxy, the environment or the timeout asks for another route', async () => {
    const env: Record<string, string | undefined> = {};
    const c = new Exposed({ url: origin.url, env, retry: false });
    const viaProxy = (): number => proxy.seen.length;
    await c.request('/echo');
    expect(viaProxy()).toBe(0);
    c.setHttpProxy(proxy.url);
    await c.request('/echo');
    expect(viaProxy()).toBe(1);
    c.setHttpProxy(null);
    await c.request('/echo');
    expect(viaProxy()).toBe(1);
    env.HTTP_PROXY = proxy.url;
    await c.request('/echo');
    expect(viaProxy()).toBe(2);
    await c.request('/echo', { timeout: { connect: 1234 } });
    expect(viaProxy()).toBe(3);
    delete env.HTTP_PROXY;
    await c.request('/echo', { timeout: { connect: 1234 } });
    expect(viaProxy()).toBe(3);
    await c.close();
  });
});

describe('header checks', () => {
  it('refuses a bad value under a name seen before, and a bad name every time', async () => {
    const mock = new MockTransport().on('GET', '/x', { json: {} });
    let value = 'fine';
    class Hooked extends Connection {
      protected override preConnectHook(request: PreparedRequest): void {
        request.headers['x-token'] = value;
      }
    }
    const c = new Hooked({ host: 'api.example.com', transport: mock, env: {} });
    await c.request('/x');
    value = 'secret-value\r\n';
    const err = (await c.request('/x').catch((e: unknown) => e)) as InvalidArgumentError;
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.message).toContain('x-token');
    expect(err.message).not.toContain('secret-value');
    for (let i = 0; i < 2; i++) {
      await expect(c.request('/x', { headers: { 'bad name': 'v' } })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(mock.requests).toHaveLength(1);
  });

  it('refuses Proxy-Authorization set by a hook in any letter case', async () => {
    const mock = new MockTransport().on('GET', '/x', { json: {} });
    for (const name of ['proxy-authorization', 'Proxy-Authorization', 'PROXY-AUTHORIZATION']) {
      class Sneaky extends Connection {
        protected override preConnectHook(request: PreparedRequest): void {
          request.headers[name] = 'Basic dXNlcjpwYXNz';
        }
      }
      const err = (await new Sneaky({ host: 'api.example.com', transport: mock, env: {} }).request('/x').catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(err.message).toContain('by a hook');
    }
    expect(mock.requests).toHaveLength(0);
  });
});
