/**
 * The proxy resolver without a proxy: URL parsing, NO_PROXY matching, which variable
 * applies, precedence, and the errors users see for bad input. Real proxies are in
 * proxy-squid, proxy-tinyproxy and proxy-mitmproxy.
 */
import { rmSync } from 'node:fs';
import net from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  Connection,
  InvalidArgumentError,
  NoProxyList,
  parseProxyUrl,
  ProxyError,
  resolveProxy,
  TimeoutError,
  type ProxySource,
} from '../../src/index.js';
import { envNoProxy, envProxyVariable } from '../../src/connection/proxy.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { freePort } from '../peers/process.js';
import { EchoConnection, startNodeProxy, TRANSPORTS, type Echo } from '../peers/proxies.js';

const OPTION: ProxySource = { kind: 'option' };
const SECRET = 'p@ss:w/rd%s3cret';

/** Every way a password could leak: raw, percent-encoded, inside Basic credentials. */
function expectNoSecret(text: string, secret = SECRET, user = 'user'): void {
  for (const form of [secret, encodeURIComponent(secret), encodeURI(secret), Buffer.from(`${user}:${secret}`).toString('base64')]) {
    expect(text).not.toContain(form);
  }
}

function invalid(fn: () => unknown): InvalidArgumentError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as InvalidArgumentError).code).toBe('NUBES_ERR_INVALID_ARGUMENT');
  return caught as InvalidArgumentError;
}

describe('parseProxyUrl', () => {
  it.each([
    ['http://proxy.corp:3128', 'http:', 'proxy.corp', 3128],
    ['https://proxy.corp:8443', 'https:', 'proxy.corp', 8443],
    ['http://proxy.corp', 'http:', 'proxy.corp', 80],
    ['https://proxy.corp', 'https:', 'proxy.corp', 443],
    ['proxy.corp:3128', 'http:', 'proxy.corp', 3128],
    ['localhost:8080', 'http:', 'localhost', 8080],
    ['http://localhost:8080/', 'http:', 'localhost', 8080],
    ['HTTP://PROXY.Corp:3128', 'http:', 'proxy.corp', 3128],
    ['  http://proxy.corp:3128  ', 'http:', 'proxy.corp', 3128],
    ['http://[::1]:3128', 'http:', '::1', 3128],
    ['[::1]:3128', 'http:', '::1', 3128],
    ['https://[fd00::1]', 'https:', 'fd00::1', 443],
    ['http://10.0.0.1:3128', 'http:', '10.0.0.1', 3128],
  ] as const)('parses %s', (raw, protocol, hostname, port) => {
    const proxy = parseProxyUrl(raw, OPTION);
    expect(proxy).toMatchObject({ protocol, hostname, port, username: undefined, authorization: undefined });
    expect(proxy.origin).toBe(`${protocol}//${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`);
  });

  it.each([
    ['percent-encoded', `http://user:${encodeURIComponent(SECRET)}@proxy:3128`],
    ['typed raw', `http://user:${SECRET}@proxy:3128`],
    ['scheme-less and raw', `user:${SECRET}@proxy:3128`],
  ])('decodes a password %s into Basic credentials', (_how, raw) => {
    const proxy = parseProxyUrl(raw, OPTION);
    expect(proxy.username).toBe('user');
    expect(proxy.password).toBe(SECRET);
    expect(proxy.authorization).toBe(`Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`);
    expect(proxy.origin).toBe('http://proxy:3128');
    expect(proxy.redacted).toBe('http://user:[REDACTED]@proxy:3128');
    expectNoSecret(proxy.redacted);
  });

  it('decodes a user name with reserved characters and keeps a password-less user', () => {
    const proxy = parseProxyUrl('http://DOMAIN%5Cjane@proxy:3128', OPTION);
    expect(proxy.username).toBe('DOMAIN\\jane');
    expect(proxy.password).toBeUndefined();
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('DOMAIN\\jane:').toString('base64')}`);
  });

  it.each([
    ['socks5://user:SECRET@proxy:1080', /socks5 proxies are not supported.*http\.Agent/],
    ['socks4a://proxy:1080', /socks4a proxies are not supported/],
    ['ftp://proxy:21', /unsupported scheme "ftp"/],
    ['http://[bad', /unterminated IPv6/],
    ['http://[nothex]:3128', /not an IPv6 address/],
    ['http://:3128', /host is empty/],
    ['http://user:SECRET@:3128', /host is empty/],
    ['http://', /host is empty/],
    ['', /empty/],
    ['   ', /empty/],
    ['http://proxy:99999', /port must be a number from 1 to 65535 \(got "99999"\)/],
    ['http://proxy:0', /port must be/],
    ['http://proxy:abc', /port must be/],
    ['http://proxy:3128/path', /no path/],
    ['http://proxy:3128?x=1', /no path/],
    ['http:/proxy:3128', /malformed scheme separator/],
    ['fe80::1:3128', /IPv6 address must be in brackets/],
    ['http://pro xy:3128', /not a valid host/],
  ])('refuses %s with an InvalidArgumentError naming the source', (raw, why) => {
    const input = raw.replace('SECRET', encodeURIComponent(SECRET));
    for (const [source, name, option] of [
      [OPTION, 'the proxyUrl option', 'proxyUrl'],
      [{ kind: 'setHttpProxy' }, 'connection.setHttpProxy()', 'setHttpProxy'],
      [{ kind: 'env', variable: 'HTTPS_PROXY' }, 'the HTTPS_PROXY environment variable', 'HTTPS_PROXY'],
    ] as const) {
      const err = invalid(() => parseProxyUrl(input, source));
      expect(err.message).toMatch(why);
      expect(err.message).toContain(`from ${name}`);
      expect(err.option).toBe(option);
      expectNoSecret(err.message);
    }
  });
});

describe('NoProxyList', () => {
  const cases: Array<[string, string, number, boolean]> = [
    ['*', 'anything.example', 443, true],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'api.example.com', 443, true],
    ['example.com', 'deep.api.example.com', 80, true],
    ['example.com', 'notexample.com', 443, false],
    ['example.com', 'example.com.evil.net', 443, false],
    ['.example.com', 'example.com', 443, true],
    ['.example.com', 'api.example.com', 443, true],
    ['*.example.com', 'api.example.com', 443, true],
    ['EXAMPLE.com', 'Api.Example.COM', 443, true],
    ['example.com.', 'api.example.com', 443, true],
    ['example.com', 'api.example.com.', 443, true],
    ['internal:8443', 'internal', 8443, true],
    ['internal:8443', 'internal', 443, false],
    ['internal:8443', 'svc.internal', 8443, true],
    ['192.168.1.10', '192.168.1.10', 443, true],
    ['192.168.1.10', '192.168.1.11', 443, false],
    ['192.168.1.10:8080', '192.168.1.10', 8080, true],
    ['192.168.1.10:8080', '192.168.1.10', 80, false],
    ['10.0.0.0/8', '10.20.30.40', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['::1', '::1', 443, true],
    ['::1', '[::1]', 443, true],
    ['[::1]', '::1', 443, true],
    ['[::1]:8080', '::1', 8080, true],
    ['[::1]:8080', '::1', 80, false],
    ['fd00::/8', 'fd12:3456::1', 443, true],
    ['fd00::/8', 'fe80::1', 443, false],
    ['2001:db8::1', '2001:db8:0:0:0:0:0:1', 443, true],
    [' a.test ,, b.test\tc.test\n', 'b.test', 443, true],
    [' a.test ,, b.test\tc.test\n', 'c.test', 443, true],
    [',,, ,', 'a.test', 443, false],
    ['', 'a.test', 443, false],
    ['10.0.0.0/99, bad/x, [::1, a.test', 'a.test', 443, true],
    ['example.com', '10.0.0.1', 443, false],
    ['10.0.0.0/8', 'ten.example', 443, false],
    ['0.1', '10.0.0.1', 443, false],
    ['localhost', '127.0.0.1', 443, false],
  ];
  it.each(cases)('%j for %s:%d → %s', (list, host, port, expected) => {
    expect(new NoProxyList(list).matches(host, port)).toBe(expected);
  });
});

describe('envProxyVariable', () => {
  it.each([
    ['https:', { https_proxy: 'a', HTTPS_PROXY: 'b', all_proxy: 'c', ALL_PROXY: 'd' }, 'https_proxy'],
    ['https:', { HTTPS_PROXY: 'b', all_proxy: 'c', ALL_PROXY: 'd' }, 'HTTPS_PROXY'],
    ['https:', { all_proxy: 'c', ALL_PROXY: 'd' }, 'all_proxy'],
    ['https:', { ALL_PROXY: 'd' }, 'ALL_PROXY'],
    ['https:', { http_proxy: 'x', HTTP_PROXY: 'y' }, undefined],
    ['http:', { http_proxy: 'a', HTTP_PROXY: 'b', all_proxy: 'c' }, 'http_proxy'],
    ['http:', { HTTP_PROXY: 'b', all_proxy: 'c' }, 'HTTP_PROXY'],
    ['http:', { https_proxy: 'x', HTTPS_PROXY: 'y' }, undefined],
    ['http:', { https_proxy: 'x', ALL_PROXY: 'd' }, 'ALL_PROXY'],
    ['http:', { http_proxy: '', HTTP_PROXY: 'b' }, 'HTTP_PROXY'],
    ['http:', { http_proxy: '  ', HTTP_PROXY: '' }, undefined],
    ['http:', { HTTP_PROXY: 'b', REQUEST_METHOD: 'GET' }, undefined],
    ['http:', { http_proxy: 'a', HTTP_PROXY: 'b', REQUEST_METHOD: 'GET' }, 'http_proxy'],
  ] as const)('for %s targets in %j reads %s', (protocol, env, expected) => {
    expect(envProxyVariable(protocol, env)?.variable).toBe(expected);
  });

  it('reads no_proxy before NO_PROXY, an empty one counting as unset', () => {
    expect(envNoProxy({ no_proxy: 'a.test', NO_PROXY: 'b.test' })?.matches('a.test', 443)).toBe(true);
    expect(envNoProxy({ no_proxy: 'a.test', NO_PROXY: 'b.test' })?.matches('b.test', 443)).toBe(false);
    expect(envNoProxy({ no_proxy: '', NO_PROXY: 'b.test' })?.matches('b.test', 443)).toBe(true);
    expect(envNoProxy({})).toBeUndefined();
  });
});

describe('resolveProxy', () => {
  const explicit = parseProxyUrl('http://explicit:3128', OPTION);
  const settings = (over: Partial<Parameters<typeof resolveProxy>[1]> = {}): Parameters<typeof resolveProxy>[1] => ({
    explicit: null,
    trustEnv: true,
    env: {},
    noProxy: undefined,
    ...over,
  });
  const host = (d: ReturnType<typeof resolveProxy>): string | undefined => d.proxy?.hostname;

  it('prefers the explicit proxy over the environment', () => {
    const d = resolveProxy(new URL('https://api.test/'), settings({ explicit, env: { HTTPS_PROXY: 'http://env:1' } }));
    expect(host(d)).toBe('explicit');
  });

  it('does not apply NO_PROXY to an explicit proxy, but applies the noProxy option', () => {
    expect(host(resolveProxy(new URL('https://api.test/'), settings({ explicit, env: { NO_PROXY: '*' } })))).toBe('explicit');
    const bypass = resolveProxy(new URL('https://api.test/'), settings({ explicit, noProxy: new NoProxyList('api.test') }));
    expect(bypass).toEqual({ proxy: null, reason: 'noProxy option' });
  });

  it('applies NO_PROXY and the noProxy option to environment proxies', () => {
    const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: '.internal' };
    expect(resolveProxy(new URL('https://db.internal/'), settings({ env }))).toEqual({ proxy: null, reason: 'NO_PROXY' });
    expect(host(resolveProxy(new URL('https://api.test/'), settings({ env })))).toBe('env');
    const option = resolveProxy(new URL('https://api.test/'), settings({ env, noProxy: new NoProxyList('api.test') }));
    expect(option.proxy).toBeNull();
  });

  it('ignores the environment when trustEnv is false', () => {
    const d = resolveProxy(new URL('https://api.test/'), settings({ trustEnv: false, env: { HTTPS_PROXY: 'http://env:1' } }));
    expect(d).toEqual({ proxy: null, reason: 'trustEnv is false' });
  });

  it('matches NO_PROXY ports against the default port of the scheme', () => {
    const env = { HTTPS_PROXY: 'http://env:1', HTTP_PROXY: 'http://env:1', NO_PROXY: 'api.test:443' };
    expect(resolveProxy(new URL('https://api.test/'), settings({ env })).proxy).toBeNull();
    expect(host(resolveProxy(new URL('http://api.test/'), settings({ env })))).toBe('env');
  });

  it('names the variable a bad value came from, and only for the targets it routes', () => {
    const env = { HTTPS_PROXY: `socks5://user:${encodeURIComponent(SECRET)}@socks:1080`, HTTP_PROXY: 'http://fine:3128' };
    expect(host(resolveProxy(new URL('http://api.test/'), settings({ env })))).toBe('fine');
    const err = invalid(() => resolveProxy(new URL('https://api.test/'), settings({ env })));
    expect(err.option).toBe('HTTPS_PROXY');
    expect(err.message).toContain('the HTTPS_PROXY environment variable');
    expectNoSecret(err.message);
    // A NO_PROXY'd target never looks at the bad value.
    expect(resolveProxy(new URL('https://api.test/'), settings({ env: { ...env, NO_PROXY: 'api.test' } })).proxy).toBeNull();
  });
});

describe('Connection proxy settings', () => {
  let origin: Origin;
  let ca: TestCa;
  let secure: Origin;
  beforeAll(async () => {
    ca = makeTestCa('proxy-unit');
    [origin, secure] = await Promise.all([startOrigin(), startOrigin({ key: ca.key, cert: ca.cert })]);
  });
  afterAll(async () => {
    await Promise.all([origin.close(), secure.close()]);
    rmSync(ca.dir, { recursive: true, force: true });
  });

  it('applies setHttpProxy over proxyUrl over the environment, and null returns to the environment', () => {
    const c = new Connection({ host: 'api.test', proxyUrl: 'http://option:1', env: { HTTPS_PROXY: 'http://env:1' } });
    const which = (): string | undefined => c.resolveProxyFor('https://api.test/x').proxy?.hostname;
    expect(which()).toBe('option');
    c.setHttpProxy('http://set:1');
    expect(which()).toBe('set');
    expect(c.resolveProxyFor('https://api.test/x').proxy?.source).toEqual({ kind: 'setHttpProxy' });
    c.setHttpProxy(null);
    expect(which()).toBe('env');
    expect(c.resolveProxyFor('https://api.test/x').proxy?.source).toEqual({ kind: 'env', variable: 'HTTPS_PROXY' });
  });

  it('shows the explicit proxy redacted', () => {
    const c = new Connection({ host: 'api.test', proxyUrl: `http://user:${encodeURIComponent(SECRET)}@proxy:3128`, env: {} });
    expect(c.proxyUrl).toBe('http://user:[REDACTED]@proxy:3128');
    c.setHttpProxy(`user:${SECRET}@other:8080`);
    expect(c.proxyUrl).toBe('http://user:[REDACTED]@other:8080');
  });

  it('keeps proxy credentials out of inspect and JSON output of what the resolver decided', () => {
    const c = new Connection({
      host: 'api.test',
      proxyUrl: `http://user:${encodeURIComponent(SECRET)}@proxy:3128`,
      env: { HTTP_PROXY: `http://user:${encodeURIComponent(SECRET)}@envproxy:3128` },
    });
    const explicit = c.resolveProxyFor('https://api.test/x');
    c.setHttpProxy(null);
    const fromEnv = c.resolveProxyFor('http://api.test/x');
    for (const decision of [explicit, fromEnv]) {
      // The transports still get the credentials...
      expect(decision.proxy?.authorization).toBe(`Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`);
      // ...but printing the decision does not show them.
      for (const text of [inspect(decision, { depth: 5 }), JSON.stringify(decision), JSON.stringify({ ...decision.proxy })]) {
        expect(text).toContain('user:[REDACTED]@');
        expectNoSecret(text);
      }
    }
  });

  it('refuses a bad proxyUrl at construction and a bad setHttpProxy at the call, naming each', () => {
    const fromOption = invalid(() => new Connection({ host: 'api.test', proxyUrl: `socks5://user:${encodeURIComponent(SECRET)}@h:1080`, env: {} }));
    expect(fromOption.option).toBe('proxyUrl');
    expectNoSecret(fromOption.message);
    const c = new Connection({ host: 'api.test', env: {} });
    const fromCall = invalid(() => c.setHttpProxy(`http://user:${SECRET}@h:99999`));
    expect(fromCall.option).toBe('setHttpProxy');
    expect(fromCall.message).toContain('connection.setHttpProxy()');
    expectNoSecret(fromCall.message);
    // The failed call changed nothing.
    expect(c.proxyUrl).toBeNull();
  });

  describe.each(TRANSPORTS)('%s transport', (transport) => {
    it('builds a connection whatever the environment holds, failing only the requests a bad value routes', async () => {
      const env = { HTTPS_PROXY: 'http://[bad', ALL_PROXY: `socks5://user:${encodeURIComponent(SECRET)}@h:1080`, NO_PROXY: 'nothing.test' };
      const c = new EchoConnection({ url: origin.url, transport, env: { HTTPS_PROXY: env.HTTPS_PROXY } });
      // http target: HTTPS_PROXY is not its variable.
      expect((await c.request<Echo>('/echo')).status).toBe(200);
      const https = new EchoConnection({ host: 'api.test', transport, env });
      const err = await https.request('/x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe('HTTPS_PROXY');
      const all = new EchoConnection({ url: origin.url, transport, env });
      const viaAll = (await all.request('/echo').catch((e: unknown) => e)) as InvalidArgumentError;
      expect(viaAll).toBeInstanceOf(InvalidArgumentError);
      expect(viaAll.option).toBe('ALL_PROXY');
      expectNoSecret(viaAll.message);
      await Promise.all([c.close(), https.close(), all.close()]);
    });

    it('refuses a Proxy-Authorization header set by hand or by a hook, before sending', async () => {
      const c = new EchoConnection({ url: origin.url, transport, env: {} });
      const before = origin.seen.length;
      const err = (await c.request('/echo', { headers: { 'Proxy-Authorization': 'Basic dXNlcjpwYXNz' } }).catch((e: unknown) => e)) as InvalidArgumentError;
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(err.option).toBe('headers');
      expect(err.message).not.toContain('dXNlcjpwYXNz');
      class Sneaky extends EchoConnection {
        protected override preConnectHook(prepared: { headers: Record<string, string> }): void {
          prepared.headers['proxy-authorization'] = 'Basic dXNlcjpwYXNz';
        }
      }
      const hooked = new Sneaky({ url: origin.url, transport, env: {} });
      await expect(hooked.request('/echo')).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(origin.seen.length).toBe(before);
      await Promise.all([c.close(), hooked.close()]);
    });

    it('reaches a proxy at an IPv6 literal, for http and https targets', async (ctx) => {
      const proxy = await startNodeProxy({ host: '::1' }).catch(() => undefined);
      if (!proxy) {
        ctx.skip(); // no IPv6 loopback on this machine
        return;
      }
      try {
        expect(proxy.url).toBe(`http://[::1]:${proxy.port}`);
        for (const target of [origin, secure]) {
          const c = new EchoConnection({ url: target.url, transport, env: { ALL_PROXY: `[::1]:${proxy.port}` }, caCertsPath: ca.caCertPath });
          expect((await c.request<Echo>('/echo')).status).toBe(200);
          await c.close();
        }
        expect(proxy.seen).toEqual([`GET ${origin.url}/echo`, `CONNECT 127.0.0.1:${secure.port}`]);
      } finally {
        await proxy.close();
      }
    });

    describe('a proxy that accepts connections and never answers', () => {
      let silent: net.Server;
      let port: number;
      const accepted = new Set<net.Socket>();
      beforeAll(async () => {
        silent = net.createServer((socket) => {
          accepted.add(socket);
          socket.on('close', () => accepted.delete(socket));
        });
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        port = (silent.address() as net.AddressInfo).port;
      });
      afterAll(async () => {
        for (const socket of accepted) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      });

      it('fails a tunnel with a connect TimeoutError naming the proxy', async () => {
        const c = new EchoConnection({ url: 'https://127.0.0.1:1', transport, env: { HTTPS_PROXY: `127.0.0.1:${port}` }, retry: false, timeout: { connect: 300 } });
        const err = (await c.request('/x').catch((e: unknown) => e)) as TimeoutError;
        expect(err).toBeInstanceOf(TimeoutError);
        expect(err.kind).toBe('connect');
        expect(err.message).toContain(`could not connect to proxy http://127.0.0.1:${port} (from the HTTPS_PROXY environment variable)`);
        await c.close();
      });

      it('fails a plain-http request with an idle TimeoutError naming the proxy', async () => {
        const c = new EchoConnection({ url: 'http://127.0.0.1:1', transport, env: {}, proxyUrl: `http://127.0.0.1:${port}`, retry: false, timeout: { idle: 300 } });
        const err = (await c.request('/x').catch((e: unknown) => e)) as TimeoutError;
        expect(err).toBeInstanceOf(TimeoutError);
        expect(err.kind).toBe('idle');
        expect(err.message).toContain(`via proxy http://127.0.0.1:${port} (from the proxyUrl option)`);
        await c.close();
      });

      it("lets the caller's signal abort a request waiting for its tunnel", async () => {
        // The connect timeout is longer than the test's: only the abort can end this.
        const c = new EchoConnection({ url: 'https://127.0.0.1:1', transport, env: {}, proxyUrl: `http://127.0.0.1:${port}`, retry: false, timeout: { connect: 60_000 } });
        const controller = new AbortController();
        const pending = c.request('/x', { signal: controller.signal }).catch((e: unknown) => e);
        await new Promise((resolve) => setTimeout(resolve, 100));
        controller.abort(new Error('user gave up'));
        expect(await pending).toBeInstanceOf(AbortError);
        for (const socket of accepted) socket.destroy();
        await c.close();
      });
    });

    it.each([
      ['the proxyUrl option', (url: string) => ({ proxyUrl: url }), (c: Connection) => c],
      ['connection.setHttpProxy()', () => ({}), (c: Connection, url: string) => (c.setHttpProxy(url), c)],
      ['the HTTP_PROXY environment variable', (url: string) => ({ env: { HTTP_PROXY: url } }), (c: Connection) => c],
      ['the ALL_PROXY environment variable', (url: string) => ({ env: { ALL_PROXY: url } }), (c: Connection) => c],
    ] as const)('reports an unreachable proxy from %s as a ProxyError, password redacted', async (source, options, apply) => {
      const port = await freePort();
      const url = `http://user:${encodeURIComponent(SECRET)}@127.0.0.1:${port}`;
      const c = apply(new EchoConnection({ url: origin.url, transport, env: {}, retry: false, ...options(url) }), url);
      const err = (await c.request('/echo').catch((e: unknown) => e)) as ProxyError;
      expect(err).toBeInstanceOf(ProxyError);
      expect(err.code).toBe('NUBES_ERR_PROXY');
      expect(err.message).toContain(`proxy http://user:[REDACTED]@127.0.0.1:${port} (from ${source})`);
      expect(err.message).toContain('ECONNREFUSED');
      expectNoSecret(err.message);
      expectNoSecret(String(err.stack));
      await c.close();
    });
  });
});
