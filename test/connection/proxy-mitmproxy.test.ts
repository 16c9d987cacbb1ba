/**
 * mitmdump: a TLS-intercepting proxy, like the inspection proxies of many companies. It
 * forges a certificate for every https origin, signed by its own CA, so a request
 * succeeds only when that CA is trusted — and each request it relays reaches the
 * origin with `Via: 1.1 mitmdump`.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NubesError, SSLError, type ConnectionOptions } from '../../src/index.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { missingPeer } from '../peers/process.js';
import { connectionVia, EchoConnection, MATRIX, scratch, startMitmdump, TRANSPORTS, type Echo, type Mitmdump } from '../peers/proxies.js';

const tmp = scratch();
const skip = missingPeer('mitmproxy', ['mitmdump']);

describe.skipIf(skip)('mitmdump (TLS interception)', () => {
  let ca: TestCa;
  let plain: Origin;
  let secure: Origin;
  let mitm: Mitmdump;
  const open: EchoConnection[] = [];

  beforeAll(async () => {
    ca = tmp.keep(makeTestCa('mitm-origin'));
    [plain, secure] = await Promise.all([startOrigin(), startOrigin({ key: ca.key, cert: ca.cert })]);
    mitm = await startMitmdump({ upstreamCaPath: ca.caCertPath });
  });
  afterAll(async () => {
    await Promise.all([mitm?.stop(), plain?.close(), secure?.close()]);
    tmp.clean();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  const track = (c: EchoConnection): EchoConnection => {
    open.push(c);
    return c;
  };
  const proxyUrl = (): string => `http://127.0.0.1:${mitm.port}`;
  const target = (scheme: 'http' | 'https'): Origin => (scheme === 'http' ? plain : secure);

  describe.each(TRANSPORTS)('%s transport', (transport) => {
    const base = (extra: ConnectionOptions = {}): ConnectionOptions => ({
      transport,
      env: {},
      caCertsPath: mitm.caCertPath,
      retry: { minDelay: 5, maxDelay: 20 },
      ...extra,
    });

    it.each(MATRIX)('goes through mitmdump set by %s, %s target', async (way, scheme) => {
      const c = track(connectionVia(way, proxyUrl(), target(scheme).url, base()));
      const res = await c.request<Echo>('/echo');
      expect(res.object.headers.via).toBe('1.1 mitmdump');
    });

    it("works with the seed article's setup: HTTPS_PROXY=localhost:PORT and SSL_CERT_FILE=<mitmproxy CA>", async () => {
      const c = track(new EchoConnection({ transport, url: secure.url, env: { HTTPS_PROXY: `localhost:${mitm.port}`, SSL_CERT_FILE: mitm.caCertPath } }));
      const res = await c.request<Echo>('/echo');
      expect(res.object.headers.via).toBe('1.1 mitmdump');
    });

    it('accepts the http form of the seed article: HTTP_PROXY=http://localhost:PORT/', async () => {
      const c = track(new EchoConnection({ transport, url: plain.url, env: { HTTP_PROXY: `http://localhost:${mitm.port}/` } }));
      expect((await c.request<Echo>('/echo')).object.headers.via).toBe('1.1 mitmdump');
    });

    it('trusts the proxy CA from a directory of PEM files', async () => {
      const dir = tmp.dir('mitm-cadir');
      mkdirSync(join(dir, 'certs'));
      copyFileSync(mitm.caCertPath, join(dir, 'certs', 'corporate-proxy.crt'));
      const c = track(new EchoConnection(base({ url: secure.url, proxyUrl: proxyUrl(), caCertsPath: join(dir, 'certs') })));
      expect((await c.request<Echo>('/echo')).object.headers.via).toBe('1.1 mitmdump');
    });

    it('fails with an SSLError that names the trust store and the remedy when the proxy CA is not trusted', async () => {
      const c = track(new EchoConnection({ transport, url: secure.url, env: { HTTPS_PROXY: `localhost:${mitm.port}` }, caCertsPath: ca.caCertPath }));
      const before = secure.seen.length;
      const err = await c.request('/echo').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SSLError);
      const ssl = err as SSLError;
      expect(ssl.code).toBe('NUBES_ERR_SSL');
      expect(ssl.message).toContain(`${ca.caCertPath} (caCertsPath)`);
      expect(ssl.message).toContain(`http://localhost:${mitm.port}`);
      expect(ssl.message).toContain('the HTTPS_PROXY environment variable');
      expect(ssl.message).toMatch(/intercepts TLS.*caCertsPath option or the SSL_CERT_FILE environment variable/);
      // Not retried, and nothing reached the origin.
      expect(secure.seen.length).toBe(before);
    });

    it('accepts the interception with verifySslCert: false', async () => {
      const c = track(new EchoConnection({ transport, url: secure.url, env: {}, proxyUrl: proxyUrl(), verifySslCert: false }));
      expect((await c.request<Echo>('/echo')).object.headers.via).toBe('1.1 mitmdump');
    });
  });

  describe('the real process environment', () => {
    const names = ['HTTPS_PROXY', 'https_proxy', 'SSL_CERT_FILE', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'] as const;
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

    it.each(TRANSPORTS)('runs the seed article walkthrough from process.env (%s)', async (transport) => {
      for (const n of names) delete process.env[n];
      process.env.HTTPS_PROXY = `localhost:${mitm.port}`;
      process.env.SSL_CERT_FILE = mitm.caCertPath;
      const c = track(new EchoConnection({ transport, url: secure.url }));
      expect((await c.request<Echo>('/echo')).object.headers.via).toBe('1.1 mitmdump');
    });
  });

  it('says the same thing on both transports', async () => {
    const messages: string[] = [];
    for (const transport of TRANSPORTS) {
      const c = track(new EchoConnection({ transport, url: secure.url, env: {}, proxyUrl: proxyUrl(), retry: false }));
      const err = (await c.request('/echo').catch((e: unknown) => e)) as NubesError;
      expect(err).toBeInstanceOf(SSLError);
      messages.push(err.message);
    }
    expect(messages[0]).toBe(messages[1]);
  });
});
