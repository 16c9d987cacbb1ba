/**
 * Proxies from every source, proven against a real tinyproxy on both transports: the
 * tinyproxy log shows each CONNECT and each absolute-form request it forwards, and the
 * origin sees tinyproxy's Via header on plain-http requests it relayed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { missingPeer } from '../peers/process.js';
import {
  connectionVia,
  countLines,
  EchoConnection,
  MATRIX,
  scratch,
  startTinyproxy,
  TRANSPORTS,
  type Echo,
  type Tinyproxy,
} from '../peers/proxies.js';
import { UndiciTransport, type ConnectionOptions } from '../../src/index.js';
import { NodeTransport } from '../../src/connection/transport/node-transport.js';

const tmp = scratch();
const skip = missingPeer('tinyproxy', ['tinyproxy']);

describe.skipIf(skip)('tinyproxy', () => {
  let ca: TestCa;
  let plain: Origin;
  let secure: Origin;
  let proxyA: Tinyproxy;
  let proxyB: Tinyproxy;
  const open: EchoConnection[] = [];
  /** Origin-side peer port of each tunnel opened so far → the proxy that opened it. */
  const tunnels = new Map<number, 'A' | 'B'>();

  beforeAll(async () => {
    ca = tmp.keep(makeTestCa('tinyproxy'));
    plain = await startOrigin();
    secure = await startOrigin({ key: ca.key, cert: ca.cert });
    [proxyA, proxyB] = await Promise.all([
      startTinyproxy({ connectPorts: [secure.port] }),
      startTinyproxy({ connectPorts: [secure.port] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([proxyA?.stop(), proxyB?.stop(), plain?.close(), secure?.close()]);
    tmp.clean();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  const urlOf = (proxy: Tinyproxy): string => `http://127.0.0.1:${proxy.port}`;
  const track = (c: EchoConnection): EchoConnection => {
    open.push(c);
    return c;
  };
  const connectLines = (proxy: Tinyproxy): number => countLines(proxy.log(), new RegExp(`CONNECT 127\\.0\\.0\\.1:${secure.port} `));

  /**
   * Sends `/echo?tag=...` and reports which proxy (A, B or none) carried it: a CONNECT
   * line for https targets, the tagged absolute-form request line for http ones.
   */
  async function route(c: EchoConnection, scheme: 'http' | 'https'): Promise<{ via: 'A' | 'B' | 'direct'; echo: Echo }> {
    const tag = randomUUID();
    const before = { A: connectLines(proxyA), B: connectLines(proxyB) };
    const res = await c.request<Echo>('/echo', { params: { tag } });
    expect(res.status).toBe(200);
    const echo = res.object;
    if (scheme === 'http') {
      const inA = proxyA.log().includes(tag);
      const inB = proxyB.log().includes(tag);
      expect(inA && inB).toBe(false);
      // The origin sees tinyproxy's Via exactly when a proxy relayed the request.
      expect(Boolean(echo.headers.via?.includes('tinyproxy'))).toBe(inA || inB);
      return { via: inA ? 'A' : inB ? 'B' : 'direct', echo };
    }
    // TLS end to end: a tunnelling proxy cannot add headers.
    expect(echo.headers.via).toBeUndefined();
    // A new tunnel shows as a CONNECT line; a reused one by the peer port the origin
    // saw, which is the proxy's end of a tunnel recorded when it was opened.
    const remote = secure.seen.at(-1)?.remotePort ?? 0;
    const a = connectLines(proxyA) - before.A;
    const b = connectLines(proxyB) - before.B;
    expect(a > 0 && b > 0).toBe(false);
    if (a > 0) tunnels.set(remote, 'A');
    if (b > 0) tunnels.set(remote, 'B');
    return { via: a > 0 ? 'A' : b > 0 ? 'B' : (tunnels.get(remote) ?? 'direct'), echo };
  }

  describe.each(TRANSPORTS)('%s transport', (transport) => {
    const base = (): ConnectionOptions => ({ transport, env: {}, caCertsPath: ca.caCertPath, retry: { minDelay: 5, maxDelay: 20 } });
    const target = (scheme: 'http' | 'https'): string => (scheme === 'http' ? plain.url : secure.url);

    it.each(MATRIX)('routes through tinyproxy set by %s, %s target', async (way, scheme) => {
      const c = track(connectionVia(way, urlOf(proxyA), target(scheme), base()));
      const { via, echo } = await route(c, scheme);
      expect(via).toBe('A');
      expect(echo.headers['proxy-authorization']).toBeUndefined();
      if (scheme === 'http') {
        // Absolute-form, never a tunnel, for plain http.
        expect(proxyA.log()).not.toContain(`CONNECT 127.0.0.1:${plain.port}`);
      }
    });

    it.each([
      ['http', 'http_proxy'],
      ['http', 'HTTP_PROXY'],
      ['http', 'all_proxy'],
      ['http', 'ALL_PROXY'],
      ['https', 'https_proxy'],
      ['https', 'HTTPS_PROXY'],
      ['https', 'all_proxy'],
      ['https', 'ALL_PROXY'],
    ] as const)('uses %s targets through %s', async (scheme, variable) => {
      const c = track(new EchoConnection({ ...base(), url: target(scheme), env: { [variable]: urlOf(proxyA) } }));
      expect((await route(c, scheme)).via).toBe('A');
    });

    it('never uses https_proxy for an http target', async () => {
      const only = track(new EchoConnection({ ...base(), url: plain.url, env: { https_proxy: urlOf(proxyA), HTTPS_PROXY: urlOf(proxyA) } }));
      expect((await route(only, 'http')).via).toBe('direct');
      const both = track(new EchoConnection({ ...base(), url: plain.url, env: { https_proxy: urlOf(proxyA), http_proxy: urlOf(proxyB) } }));
      expect((await route(both, 'http')).via).toBe('B');
    });

    it.each(['http', 'https'] as const)('prefers the lowercase variable over the uppercase one (%s)', async (scheme) => {
      const env = { [`${scheme}_proxy`]: urlOf(proxyA), [`${scheme.toUpperCase()}_PROXY`]: urlOf(proxyB) };
      const c = track(new EchoConnection({ ...base(), url: target(scheme), env }));
      expect((await route(c, scheme)).via).toBe('A');
    });

    it('treats an empty variable as unset', async () => {
      const fallsThrough = track(new EchoConnection({ ...base(), url: plain.url, env: { http_proxy: '', HTTP_PROXY: urlOf(proxyB) } }));
      expect((await route(fallsThrough, 'http')).via).toBe('B');
      const blank = track(new EchoConnection({ ...base(), url: secure.url, env: { https_proxy: '  ', HTTPS_PROXY: '', all_proxy: urlOf(proxyA) } }));
      expect((await route(blank, 'https')).via).toBe('A');
      const none = track(new EchoConnection({ ...base(), url: plain.url, env: { HTTP_PROXY: '' } }));
      expect((await route(none, 'http')).via).toBe('direct');
    });

    it.each(['http', 'https'] as const)('accepts scheme-less proxy values, as curl does (%s)', async (scheme) => {
      const variable = scheme === 'http' ? 'HTTP_PROXY' : 'HTTPS_PROXY';
      const c = track(new EchoConnection({ ...base(), url: target(scheme), env: { [variable]: `localhost:${proxyA.port}` } }));
      expect((await route(c, scheme)).via).toBe('A');
    });

    it.each(['http', 'https'] as const)('lets a NO_PROXY target bypass the environment proxy (%s)', async (scheme) => {
      const variable = scheme === 'http' ? 'HTTP_PROXY' : 'HTTPS_PROXY';
      for (const noProxy of ['127.0.0.1', '127.0.0.0/8', `127.0.0.1:${scheme === 'http' ? plain.port : secure.port}`, '*']) {
        const c = track(new EchoConnection({ ...base(), url: target(scheme), env: { [variable]: urlOf(proxyA), NO_PROXY: noProxy } }));
        expect((await route(c, scheme)).via, noProxy).toBe('direct');
      }
      // A NO_PROXY entry for another port does not match.
      const other = track(new EchoConnection({ ...base(), url: target(scheme), env: { [variable]: urlOf(proxyA), no_proxy: '127.0.0.1:1' } }));
      expect((await route(other, scheme)).via).toBe('A');
    });

    it('applies NO_PROXY to environment proxies only, and the noProxy option to explicit ones too', async () => {
      const explicit = track(new EchoConnection({ ...base(), url: plain.url, proxyUrl: urlOf(proxyA), env: { NO_PROXY: '*' } }));
      expect((await route(explicit, 'http')).via).toBe('A');
      const option = track(new EchoConnection({ ...base(), url: secure.url, proxyUrl: urlOf(proxyA), noProxy: 'localhost, 127.0.0.1' }));
      expect((await route(option, 'https')).via).toBe('direct');
      const fromEnv = track(new EchoConnection({ ...base(), url: plain.url, env: { HTTP_PROXY: urlOf(proxyA) }, noProxy: '127.0.0.1' }));
      expect((await route(fromEnv, 'http')).via).toBe('direct');
    });

    it.each(['http', 'https'] as const)('switches proxies with setHttpProxy between requests (%s)', async (scheme) => {
      const variable = scheme === 'http' ? 'HTTP_PROXY' : 'HTTPS_PROXY';
      const c = track(new EchoConnection({ ...base(), url: target(scheme), proxyUrl: urlOf(proxyA), env: { [variable]: urlOf(proxyB) } }));
      expect((await route(c, scheme)).via).toBe('A');
      c.setHttpProxy(urlOf(proxyB));
      expect((await route(c, scheme)).via).toBe('B');
      c.setHttpProxy(urlOf(proxyA));
      expect((await route(c, scheme)).via).toBe('A');
      // null clears the explicit proxy: the environment applies again.
      c.setHttpProxy(null);
      expect(c.proxyUrl).toBeNull();
      expect((await route(c, scheme)).via).toBe('B');
    });

    it('ignores the environment with trustEnv: false, but not an explicit proxy', async () => {
      const c = track(new EchoConnection({ ...base(), url: plain.url, trustEnv: false, env: { HTTP_PROXY: urlOf(proxyA), ALL_PROXY: urlOf(proxyA) } }));
      expect((await route(c, 'http')).via).toBe('direct');
      c.setHttpProxy(urlOf(proxyB));
      expect((await route(c, 'http')).via).toBe('B');
      c.setHttpProxy(null);
      expect((await route(c, 'http')).via).toBe('direct');
    });

    it.each(['http', 'https'] as const)('survives tinyproxy closing the connection after each response (%s)', async (scheme) => {
      // retry: false — only the stale-socket handling may resend. POSTs are not
      // idempotent: they are resent only because the proxy never read them.
      const c = track(new EchoConnection({ ...base(), retry: false, url: target(scheme), proxyUrl: urlOf(proxyA) }));
      const run = randomUUID();
      for (let i = 0; i < 8; i++) {
        const post = i % 2 === 1;
        const res = await c.request<Echo>('/echo', { method: post ? 'POST' : 'GET', params: { run, i }, ...(post ? { data: { i } } : {}) });
        expect(res.object.url).toBe(`/echo?run=${run}&i=${i}`);
        expect(res.object.method).toBe(post ? 'POST' : 'GET');
      }
      // Each request reached the origin exactly once.
      const origin = scheme === 'http' ? plain : secure;
      for (let i = 0; i < 8; i++) expect(origin.seen.filter((s) => s.url === `/echo?run=${run}&i=${i}`)).toHaveLength(1);
    });
  });

  it.each(TRANSPORTS)('keeps a bounded pool while setHttpProxy switches through many proxies (%s)', async (name) => {
    const transport = name === 'undici' ? new UndiciTransport() : new NodeTransport();
    const count = (): number => (transport instanceof UndiciTransport ? transport.dispatcherCount : transport.agentCount);
    const c = new EchoConnection({ url: secure.url, transport, env: {}, caCertsPath: ca.caCertPath });
    try {
      for (let i = 0; i < 24; i++) {
        // Each user name is another proxy setting (tinyproxy ignores the credentials).
        c.setHttpProxy(`http://user${i}:pw@127.0.0.1:${proxyA.port}`);
        expect((await c.request<Echo>('/echo', { params: { i } })).status).toBe(200);
        expect(count()).toBeLessThanOrEqual(16);
      }
    } finally {
      await c.close();
      await transport.close();
    }
  });

  describe('the real process environment', () => {
    const names = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'] as const;
    let saved: Record<string, string | undefined>;
    beforeAll(() => {
      saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
    });
    afterEach(() => {
      for (const n of names) {
        if (saved[n] === undefined) delete process.env[n];
        else process.env[n] = saved[n];
      }
    });

    it.each(TRANSPORTS)('reads process.env on every request when no env option is given (%s)', async (transport) => {
      for (const n of names) delete process.env[n];
      process.env.HTTP_PROXY = urlOf(proxyA);
      const c = track(new EchoConnection({ url: plain.url, transport, retry: false }));
      expect((await route(c, 'http')).via).toBe('A');
      // Read per request: a change takes effect on the next one.
      process.env.http_proxy = urlOf(proxyB);
      expect((await route(c, 'http')).via).toBe('B');
      process.env.no_proxy = '127.0.0.1';
      expect((await route(c, 'http')).via).toBe('direct');
    });
  });
});
