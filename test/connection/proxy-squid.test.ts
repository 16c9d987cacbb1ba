/**
 * squid, the proxy of most corporate networks, on both transports: Basic
 * authentication (407s included), its stock "CONNECT only to 443" rule, and TLS to the
 * proxy itself (`https_port`). squid's access log (local port, method, URL, user) proves
 * the path of every request.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  NubesError,
  ProxyAuthenticationError,
  ProxyError,
  security,
  SSLError,
  type ConnectionOptions,
} from '../../src/index.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { missingPeer } from '../peers/process.js';
import { connectionVia, EchoConnection, MATRIX, scratch, startSquid, TRANSPORTS, type Echo, type Squid } from '../peers/proxies.js';

const tmp = scratch();
const skip = missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']);

const USER = 'alice';
const PASSWORD = 'p@ss:w0rd-Sq1d';
const ENCODED = encodeURIComponent(PASSWORD);

/** Asserts a message carries no form of the password. */
function expectNoSecret(text: string, password = PASSWORD): void {
  for (const form of [password, encodeURIComponent(password), Buffer.from(`${USER}:${password}`).toString('base64')]) {
    expect(text).not.toContain(form);
  }
}

async function failure(promise: Promise<unknown>): Promise<NubesError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NubesError);
  return err as NubesError;
}

describe.skipIf(skip)('squid', () => {
  let originCa: TestCa;
  let proxyCa: TestCa;
  let plain: Origin;
  let secure: Origin;
  let other: Origin;
  let squid: Squid;
  let bundle: string;
  const open: EchoConnection[] = [];

  beforeAll(async () => {
    originCa = tmp.keep(makeTestCa('squid-origin'));
    proxyCa = tmp.keep(makeTestCa('squid-proxy'));
    [plain, secure, other] = await Promise.all([startOrigin(), startOrigin({ key: originCa.key, cert: originCa.cert }), startOrigin()]);
    squid = await startSquid({
      users: { [USER]: PASSWORD },
      tls: { certPath: proxyCa.certPath, keyPath: proxyCa.keyPath },
      connectPorts: [secure.port],
    });
    // One file with both CAs: the origin's and the https proxy's.
    bundle = join(tmp.dir('squid-bundle'), 'bundle.pem');
    writeFileSync(bundle, `${originCa.caCert}\n${proxyCa.caCert}`);
  });
  afterAll(async () => {
    await Promise.all([squid?.stop(), plain?.close(), secure?.close(), other?.close()]);
    tmp.clean();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  const track = (c: EchoConnection): EchoConnection => {
    open.push(c);
    return c;
  };
  const authUrl = (password = ENCODED): string => `http://${USER}:${password}@127.0.0.1:${squid.authPort}`;
  const tlsUrl = (): string => `https://127.0.0.1:${squid.tlsPort}`;
  const target = (scheme: 'http' | 'https'): Origin => (scheme === 'http' ? plain : secure);
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  /**
   * The access-log line of a request: absolute-form lines carry the full URL (tagged),
   * CONNECT lines only host:port and appear when the tunnel closes — so the connection
   * is closed first.
   */
  async function logLine(c: EchoConnection, port: number, scheme: 'http' | 'https', tag: string, status = 200, user = '-'): Promise<void> {
    if (scheme === 'http') {
      await squid.waitForLog(new RegExp(`${port} \\S+/${status} GET ${esc(plain.url)}/echo\\?tag=${tag} ${user} `));
      return;
    }
    await c.close();
    const line = new RegExp(`${port} \\S+/${status} CONNECT 127\\.0\\.0\\.1:${secure.port} ${user} `);
    await squid.waitForLog(line);
  }

  describe.each(TRANSPORTS)('%s transport', (transport) => {
    const base = (extra: ConnectionOptions = {}): ConnectionOptions => ({
      transport,
      env: {},
      caCertsPath: originCa.caCertPath,
      retry: { minDelay: 5, maxDelay: 20 },
      ...extra,
    });

    it.each(MATRIX)('authenticates to squid set by %s, %s target', async (way, scheme) => {
      const c = track(connectionVia(way, authUrl(), target(scheme).url, base()));
      const tag = randomUUID();
      const res = await c.request<Echo>('/echo', { params: { tag } });
      expect(res.object.url).toBe(`/echo?tag=${tag}`);
      // Proxy credentials go to the proxy only.
      expect(res.object.headers['proxy-authorization']).toBeUndefined();
      expect(target(scheme).seen.at(-1)?.headers['proxy-authorization']).toBeUndefined();
      // squid's Via shows on requests it relayed in absolute-form; a tunnel hides it.
      expect(Boolean(res.object.headers.via?.includes('squid'))).toBe(scheme === 'http');
      await logLine(c, squid.authPort!, scheme, tag, 200, USER);
    });

    it.each(MATRIX)('goes through the TLS port of squid set by %s, %s target', async (way, scheme) => {
      const c = track(connectionVia(way, tlsUrl(), target(scheme).url, base({ proxyCaCertsPath: proxyCa.caCertPath })));
      const tag = randomUUID();
      const res = await c.request<Echo>('/echo', { params: { tag } });
      expect(res.object.url).toBe(`/echo?tag=${tag}`);
      await logLine(c, squid.tlsPort!, scheme, tag);
    });

    it.each(['http', 'https'] as const)('accepts a password typed raw, with @ and : in it (%s)', async (scheme) => {
      const c = track(new EchoConnection(base({ url: target(scheme).url, proxyUrl: authUrl(PASSWORD) })));
      const tag = randomUUID();
      expect((await c.request<Echo>('/echo', { params: { tag } })).status).toBe(200);
      await logLine(c, squid.authPort!, scheme, tag, 200, USER);
    });

    it.each(['http', 'https'] as const)('turns a 407 for a wrong password into ProxyAuthenticationError (%s)', async (scheme) => {
      const wrong = 'not-the-p@ssword';
      // A user name of its own, so this request's log lines can be counted.
      const user = `intruder-${randomUUID().slice(0, 8)}`;
      const url = `http://${user}:${encodeURIComponent(wrong)}@127.0.0.1:${squid.authPort}`;
      const c = track(new EchoConnection(base({ url: target(scheme).url, proxyUrl: url })));
      const err = await failure(c.request('/echo'));
      expect(err).toBeInstanceOf(ProxyAuthenticationError);
      expect(err).toMatchObject({ name: 'ProxyAuthenticationError', code: 'NUBES_ERR_PROXY_AUTH', statusCode: 407 });
      expect(err.message).toContain(`http://${user}:[REDACTED]@127.0.0.1:${squid.authPort}`);
      expect(err.message).toContain('the proxyUrl option');
      expect(err.message).toMatch(/user name or password .* rejected/);
      expectNoSecret(err.message, wrong);
      expectNoSecret(String((err as Error).stack), wrong);
      // Never retried: credentials do not get better by asking again.
      await c.close();
      expect(await squid.waitForLines(new RegExp(`${squid.authPort} TCP_DENIED/407 .* ${user} `), 1)).toBe(1);
      // A streamed request never gets the proxy's 407 as its body either.
      const raw = track(new EchoConnection(base({ url: target(scheme).url, proxyUrl: url })));
      await expect(raw.request('/bytes/10', { raw: true })).rejects.toBeInstanceOf(ProxyAuthenticationError);
    });

    it.each(['http', 'https'] as const)('says credentials are needed when squid asks for them (%s)', async (scheme) => {
      const c = track(new EchoConnection(base({ url: target(scheme).url, env: { HTTPS_PROXY: `127.0.0.1:${squid.authPort}`, HTTP_PROXY: `127.0.0.1:${squid.authPort}` } })));
      const err = await failure(c.request('/echo'));
      expect(err).toBeInstanceOf(ProxyAuthenticationError);
      expect(err.message).toContain(scheme === 'http' ? 'the HTTP_PROXY environment variable' : 'the HTTPS_PROXY environment variable');
      expect(err.message).toContain('http://user:password@host:port');
    });

    it('sends http targets in absolute-form, never through CONNECT (stock squid rule)', async () => {
      const strict = `http://127.0.0.1:${squid.strictPort}`;
      const c = track(new EchoConnection(base({ url: plain.url, proxyUrl: strict })));
      const tag = randomUUID();
      expect((await c.request<Echo>('/echo', { params: { tag } })).status).toBe(200);
      await logLine(c, squid.strictPort, 'http', tag);
      expect(squid.log()).not.toMatch(new RegExp(`CONNECT 127\\.0\\.0\\.1:${plain.port} `));
    });

    it('reports a refused CONNECT as a ProxyError naming the proxy and its source', async () => {
      const c = track(new EchoConnection(base({ url: secure.url })));
      c.setHttpProxy(`http://127.0.0.1:${squid.strictPort}`);
      const err = await failure(c.request('/echo'));
      expect(err).toBeInstanceOf(ProxyError);
      expect(err).not.toBeInstanceOf(ProxyAuthenticationError);
      expect(err).toMatchObject({ code: 'NUBES_ERR_PROXY', statusCode: 403 });
      expect(err.message).toContain(`http://127.0.0.1:${squid.strictPort}`);
      expect(err.message).toContain('connection.setHttpProxy()');
      expect(err.message).toContain('CONNECT answered HTTP 403');
    });

    it.each(['http', 'https'] as const)('trusts the https proxy through the connection trust store too (%s)', async (scheme) => {
      const c = track(new EchoConnection(base({ url: target(scheme).url, proxyUrl: tlsUrl(), caCertsPath: [originCa.caCertPath, proxyCa.caCertPath] })));
      expect((await c.request<Echo>('/echo')).status).toBe(200);
    });

    it.each(['http', 'https'] as const)('refuses an https proxy whose certificate is not trusted, with an SSLError (%s)', async (scheme) => {
      const c = track(new EchoConnection(base({ url: target(scheme).url, proxyUrl: tlsUrl() })));
      const err = await failure(c.request('/echo'));
      expect(err).toBeInstanceOf(SSLError);
      expect(err.code).toBe('NUBES_ERR_SSL');
      expect(err.message).toContain(`https://127.0.0.1:${squid.tlsPort}`);
      expect(err.message).toContain('proxyCaCertsPath');
      expect(err.message).toContain(originCa.caCertPath);
    });

    it('keeps proxyCaCertsPath to the proxy leg: the origin is still checked against caCertsPath', async () => {
      const c = track(new EchoConnection(base({ url: secure.url, proxyUrl: tlsUrl(), caCertsPath: proxyCa.caCertPath, proxyCaCertsPath: proxyCa.caCertPath })));
      const err = await failure(c.request('/echo'));
      expect(err).toBeInstanceOf(SSLError);
      expect(err.message).toContain('intercepts TLS');
    });

    it.each([
      ['the caCertsPath option', (): Partial<ConnectionOptions> => ({ caCertsPath: bundle })],
      ['security.CA_CERTS_PATH', (): Partial<ConnectionOptions> => (security.CA_CERTS_PATH = bundle, {})],
      ['SSL_CERT_FILE', (): Partial<ConnectionOptions> => ({ env: { SSL_CERT_FILE: bundle } })],
      ['NODE_EXTRA_CA_CERTS', (): Partial<ConnectionOptions> => ({ env: { NODE_EXTRA_CA_CERTS: bundle } })],
    ])('carries the CAs of %s to every TLS leg: direct, https proxy, origin through the tunnel', async (_source, configure) => {
      try {
        const options = { transport, retry: false as const, env: {}, ...configure() };
        const direct = track(new EchoConnection({ ...options, url: secure.url }));
        expect((await direct.request('/echo')).status).toBe(200);
        const proxied = track(new EchoConnection({ ...options, url: secure.url, proxyUrl: tlsUrl() }));
        const tag = randomUUID();
        expect((await proxied.request<Echo>('/echo', { params: { tag } })).status).toBe(200);
        const viaProxyToHttp = track(new EchoConnection({ ...options, url: plain.url, proxyUrl: tlsUrl() }));
        expect((await viaProxyToHttp.request('/echo')).status).toBe(200);
      } finally {
        security.CA_CERTS_PATH = undefined;
      }
    });

    it('sends a raw streamed upload, a JSON call and a call to another host through the same proxy', async () => {
      const c = track(new EchoConnection(base({ url: plain.url, proxyUrl: authUrl() })));
      const tag = randomUUID();
      const payload = Buffer.alloc(256 * 1024, 7);
      const upload = await c.request('/upload', {
        method: 'PUT',
        params: { tag },
        raw: true,
        data: Readable.from([payload.subarray(0, 100_000), payload.subarray(100_000)]),
        headers: { 'content-length': String(payload.length) },
      });
      const uploaded = JSON.parse(Buffer.concat(await upload.body.toArray()).toString()) as Echo;
      expect(uploaded.bytes).toBe(payload.length);
      const json = await c.request<Echo>('/echo', { params: { tag } });
      expect(json.status).toBe(200);
      // An absolute action (a token endpoint on another host) takes the same route.
      const token = await c.request<Echo>(`${other.url}/echo`, { method: 'POST', data: { grant: 'x' }, params: { tag } });
      expect(token.object.method).toBe('POST');
      const log = await squid.waitForLog(new RegExp(`POST ${esc(other.url)}/echo\\?tag=${tag} ${USER}`));
      expect(log).toMatch(new RegExp(`${squid.authPort} \\S+/200 PUT ${esc(plain.url)}/upload\\?tag=${tag} ${USER} `));
      expect(log).toMatch(new RegExp(`${squid.authPort} \\S+/200 GET ${esc(plain.url)}/echo\\?tag=${tag} ${USER} `));
      expect(other.seen.at(-1)?.headers['proxy-authorization']).toBeUndefined();
    });
  });

  it('writes no password to the access log of the proxy either (sanity check of the peer)', () => {
    expectNoSecret(readFileSync(join(squid.dir, 'access.log'), 'utf8'));
  });

  it('refuses a Proxy-Authorization header set by hand, before sending anything', async () => {
    const c = track(new EchoConnection({ url: plain.url, env: {}, proxyUrl: authUrl() }));
    const before = squid.log().length;
    const err = await failure(c.request('/echo', { headers: { 'Proxy-Authorization': `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } }));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expectNoSecret(err.message);
    expect(squid.log().length).toBe(before);
  });
});
