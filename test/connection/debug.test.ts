/**
 * NUBES_DEBUG output with a proxy in the path: every request appears as a curl command
 * and every response or failure is logged, but no form of a proxy password (raw,
 * percent-encoded, inside Basic credentials) ever does — to stderr or to a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NubesError, ProxyAuthenticationError, ProxyError } from '../../src/index.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { freePort } from '../peers/process.js';
import { EchoConnection, scratch, startNodeProxy, TRANSPORTS, type Echo, type NodeProxy } from '../peers/proxies.js';

const tmp = scratch();

const USER = 'jane';
const PASSWORD = 'p@ss:w0rd/%s3cr3t';

/** Every shape the password could take in text. */
const FORMS = [
  PASSWORD,
  encodeURIComponent(PASSWORD),
  encodeURIComponent(PASSWORD).toLowerCase(),
  encodeURI(PASSWORD),
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
  Buffer.from(PASSWORD).toString('base64'),
  's3cr3t',
];

const TOKEN = 'tok-abcdef123456';

/** A driver-like connection holding a token, registered as a secret as drivers do. */
class TokenConnection extends EchoConnection {
  constructor(options: ConstructorParameters<typeof EchoConnection>[0]) {
    super(options);
    this.secrets.add(TOKEN);
  }
  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return { ...headers, authorization: `Bearer ${TOKEN}` };
  }
}

function expectNoSecret(text: string): void {
  for (const form of FORMS) expect(text).not.toContain(form);
}

let ca: TestCa;
let plain: Origin;
let secure: Origin;
let proxy: NodeProxy;

beforeAll(async () => {
  ca = tmp.keep(makeTestCa('debug'));
  [plain, secure, proxy] = await Promise.all([
    startOrigin(),
    startOrigin({ key: ca.key, cert: ca.cert }),
    startNodeProxy({ credentials: { user: USER, password: PASSWORD } }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain.close(), secure.close(), proxy.close()]);
  tmp.clean();
});

const proxyUrl = (password = encodeURIComponent(PASSWORD)): string => `http://${USER}:${password}@127.0.0.1:${proxy.port}`;

describe.each(TRANSPORTS)('%s transport', (transport) => {
  it('logs proxied requests, a 407 and an unreachable proxy to a file without the password', async () => {
    const file = join(tmp.dir('debug'), 'nubes-debug.log');
    const errors: NubesError[] = [];
    const base = { transport, env: {}, caCertsPath: ca.caCertPath, debug: file, retry: false as const };

    for (const origin of [plain, secure]) {
      const c = new TokenConnection({ ...base, url: origin.url, proxyUrl: proxyUrl() });
      // The origin echoes the token back in its body: the log redacts it there too.
      const res = await c.request<Echo>('/echo');
      expect(res.object.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      await c.close();
    }
    // The password typed raw, then a wrong one.
    const raw = new EchoConnection({ ...base, url: plain.url });
    raw.setHttpProxy(proxyUrl(PASSWORD));
    expect((await raw.request('/echo', { method: 'POST', data: { ok: true } })).status).toBe(200);
    await raw.close();
    for (const origin of [plain, secure]) {
      const wrong = new EchoConnection({ ...base, url: origin.url, proxyUrl: proxyUrl(encodeURIComponent(`${PASSWORD}-wrong`)) });
      const err = (await wrong.request('/echo').catch((e: unknown) => e)) as NubesError;
      expect(err).toBeInstanceOf(ProxyAuthenticationError);
      errors.push(err);
      await wrong.close();
    }
    const closed = await freePort();
    const down = new EchoConnection({ ...base, url: secure.url, env: { HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${closed}` } });
    const err = (await down.request('/echo').catch((e: unknown) => e)) as NubesError;
    expect(err).toBeInstanceOf(ProxyError);
    errors.push(err);
    await down.close();

    const log = readFileSync(file, 'utf8');
    expect(log).toContain(`# nubes ${transport} request via http://${USER}:[REDACTED]@127.0.0.1:${proxy.port}`);
    expect(log).toContain(`--proxy 'http://127.0.0.1:${proxy.port}' --proxy-user '${USER}:[REDACTED]'`);
    expect(log).toContain("-H 'authorization: Bearer [REDACTED]'");
    expect(log).toContain('# nubes response: HTTP 200');
    expect(log).toContain('# nubes error: Proxy authentication failed (HTTP 407)');
    expect(log).toContain(`# nubes error: Cannot reach the proxy http://${USER}:[REDACTED]@127.0.0.1:${closed} (from the HTTPS_PROXY environment variable)`);
    expect(log).not.toContain(TOKEN);
    expectNoSecret(log);
    for (const e of errors) {
      expectNoSecret(e.message);
      expectNoSecret(String(e.stack));
    }
  });

  it('writes to the file named by NUBES_DEBUG, and to stderr for NUBES_DEBUG=1', async () => {
    const file = join(tmp.dir('debug-env'), 'out.log');
    const viaFile = new EchoConnection({ transport, url: plain.url, env: { NUBES_DEBUG: file, HTTP_PROXY: proxyUrl() } });
    expect((await viaFile.request('/echo')).status).toBe(200);
    await viaFile.close();
    const logged = readFileSync(file, 'utf8');
    expect(logged).toContain(`via http://${USER}:[REDACTED]@127.0.0.1:${proxy.port}`);
    expectNoSecret(logged);

    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const viaStderr = new EchoConnection({ transport, url: secure.url, caCertsPath: ca.caCertPath, env: { NUBES_DEBUG: '1', HTTPS_PROXY: proxyUrl(PASSWORD) } });
      expect((await viaStderr.request('/echo')).status).toBe(200);
      await viaStderr.close();
    } finally {
      spy.mockRestore();
    }
    const stderr = written.join('');
    expect(stderr).toContain(`--proxy-user '${USER}:[REDACTED]'`);
    expectNoSecret(stderr);
  });

  it('puts the same bytes on the wire with debug on and off', async () => {
    const seen: Echo[] = [];
    for (const debug of [false, join(tmp.dir('debug-wire'), 'wire.log')]) {
      const c = new EchoConnection({ transport, url: plain.url, env: {}, proxyUrl: proxyUrl(), debug });
      seen.push((await c.request<Echo>('/echo', { method: 'PUT', data: { same: 'body' }, headers: { 'x-trace': 'fixed' } })).object);
      await c.close();
    }
    expect(seen[1]?.headers).toEqual(seen[0]?.headers);
    expect(seen[1]?.sha256).toBe(seen[0]?.sha256);
    // And the proxy saw the same credentials both times.
    expect(proxy.authorizations.at(-1)).toBe(proxy.authorizations.at(-2));
  });
});
