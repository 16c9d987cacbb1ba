/**
 * Trust sources against real https origins signed by throwaway CAs, on both transports.
 * The proxy legs (origin through a tunnel, TLS to an https proxy) are proven in
 * proxy-squid and proxy-mitmproxy; this file covers the direct leg and the rules.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Connection, InvalidArgumentError, security, SSLError, type ConnectionOptions } from '../../src/index.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { EchoConnection, scratch, TRANSPORTS } from '../peers/proxies.js';

const tmp = scratch();

let caA: TestCa;
let caB: TestCa;
let originA: Origin;
let originB: Origin;
let plain: Origin;

beforeAll(async () => {
  caA = tmp.keep(makeTestCa('tls-a'));
  caB = tmp.keep(makeTestCa('tls-b'));
  [originA, originB, plain] = await Promise.all([
    startOrigin({ key: caA.key, cert: caA.cert }),
    startOrigin({ key: caB.key, cert: caB.cert }),
    startOrigin(),
  ]);
});
afterAll(async () => {
  await Promise.all([originA.close(), originB.close(), plain.close()]);
  tmp.clean();
});
afterEach(() => {
  security.CA_CERTS_PATH = undefined;
  security.VERIFY_SSL_CERT = true;
});

/** Resolves to 'ok' or the error a request to `origin` fails with. */
async function attempt(origin: Origin, options: ConnectionOptions): Promise<'ok' | Error> {
  const c = new EchoConnection({ env: {}, retry: false, ...options, url: origin.url });
  try {
    await c.request('/json');
    return 'ok';
  } catch (err) {
    return err as Error;
  } finally {
    await c.close();
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

describe.each(TRANSPORTS)('%s transport: trust sources', (transport) => {
  it("fails against a private CA with Node's defaults, saying what was trusted and what to do", async () => {
    const err = await attempt(originA, { transport });
    expect(err).toBeInstanceOf(SSLError);
    expect((err as SSLError).code).toBe('NUBES_ERR_SSL');
    expect((err as SSLError).message).toContain("Trusted CAs: Node's default CA store.");
    expect((err as SSLError).message).toContain('caCertsPath option or the SSL_CERT_FILE environment variable');
  });

  it('trusts caCertsPath as a file, a directory, a hashed name and a list', async () => {
    expect(await attempt(originA, { transport, caCertsPath: caA.caCertPath })).toBe('ok');
    const dir = tmp.dir('tls-dir');
    copyFileSync(caA.caCertPath, join(dir, 'a.pem'));
    copyFileSync(caB.caCertPath, join(dir, '5d8e7f01.0'));
    writeFileSync(join(dir, 'README.txt'), 'not a certificate');
    expect(await attempt(originA, { transport, caCertsPath: dir })).toBe('ok');
    expect(await attempt(originB, { transport, caCertsPath: dir })).toBe('ok');
    expect(await attempt(originB, { transport, caCertsPath: [caA.caCertPath, caB.caCertPath] })).toBe('ok');
  });

  it('appends to the default store: Node roots stay trusted alongside caCertsPath', () => {
    const c = new Connection({ host: 'x.test', transport, env: {}, caCertsPath: caA.caCertPath });
    const { trust } = c.resolveTrust();
    expect(trust.ca?.length).toBeGreaterThan(50);
    expect(trust.ca).toContain(caA.caCert.trim());
    expect(trust.description).toBe(`Node's default CA store + ${caA.caCertPath} (caCertsPath)`);
  });

  it('trusts security.CA_CERTS_PATH for every connection without caCertsPath', async () => {
    security.CA_CERTS_PATH = caA.caCertPath;
    expect(await attempt(originA, { transport })).toBe('ok');
    // The option is stronger and replaces it.
    const err = await attempt(originA, { transport, caCertsPath: caB.caCertPath });
    expect(err).toBeInstanceOf(SSLError);
    expect((err as Error).message).toContain(`${caB.caCertPath} (caCertsPath)`);
    expect((err as Error).message).not.toContain('security.CA_CERTS_PATH');
  });

  it('reads SSL_CERT_FILE and SSL_CERT_DIR, which Node itself ignores', async () => {
    expect(await attempt(originA, { transport, env: { SSL_CERT_FILE: caA.caCertPath } })).toBe('ok');
    const dir = tmp.dir('tls-certdir');
    copyFileSync(caB.caCertPath, join(dir, 'b.crt'));
    expect(await attempt(originB, { transport, env: { SSL_CERT_DIR: dir } })).toBe('ok');
    // Both at once, as OpenSSL reads both.
    expect(await attempt(originB, { transport, env: { SSL_CERT_FILE: caA.caCertPath, SSL_CERT_DIR: dir } })).toBe('ok');
    expect(await attempt(originA, { transport, env: { SSL_CERT_FILE: caA.caCertPath, SSL_CERT_DIR: dir } })).toBe('ok');
  });

  it('lets caCertsPath win over SSL_CERT_FILE, and ignores SSL_CERT_FILE with trustEnv: false', async () => {
    const err = await attempt(originA, { transport, caCertsPath: caB.caCertPath, env: { SSL_CERT_FILE: caA.caCertPath } });
    expect(err).toBeInstanceOf(SSLError);
    expect((err as Error).message).not.toContain('SSL_CERT_FILE)');
    expect(await attempt(originA, { transport, trustEnv: false, env: { SSL_CERT_FILE: caA.caCertPath } })).toBeInstanceOf(SSLError);
  });

  it('adds NODE_EXTRA_CA_CERTS to the roots and to the configured CAs', async () => {
    expect(await attempt(originA, { transport, env: { NODE_EXTRA_CA_CERTS: caA.caCertPath } })).toBe('ok');
    const both = { transport, caCertsPath: caB.caCertPath, env: { NODE_EXTRA_CA_CERTS: caA.caCertPath } };
    expect(await attempt(originA, both)).toBe('ok');
    expect(await attempt(originB, both)).toBe('ok');
    // Node only warns about an unusable NODE_EXTRA_CA_CERTS; so does nubes (it is skipped).
    expect(await attempt(originB, { ...both, env: { NODE_EXTRA_CA_CERTS: '/nonexistent/extra.pem' } })).toBe('ok');
  });

  it("trusts only the given CAs in replace mode, dropping Node's roots and NODE_EXTRA_CA_CERTS", async () => {
    const options = { transport, caMode: 'replace' as const, caCertsPath: caA.caCertPath, env: { NODE_EXTRA_CA_CERTS: caB.caCertPath } };
    expect(await attempt(originA, options)).toBe('ok');
    const err = await attempt(originB, options);
    expect(err).toBeInstanceOf(SSLError);
    expect((err as Error).message).toContain(`Trusted CAs: ${caA.caCertPath} (caCertsPath).`);
    const { trust } = new Connection({ host: 'x.test', ...options }).resolveTrust();
    expect(trust.ca).toEqual([caA.caCert.trim()]);
  });

  it('skips verification with verifySslCert: false and with security.VERIFY_SSL_CERT = false', async () => {
    expect(await attempt(originA, { transport, verifySslCert: false })).toBe('ok');
    security.VERIFY_SSL_CERT = false;
    expect(await attempt(originA, { transport })).toBe('ok');
    // The option wins over the global.
    expect(await attempt(originA, { transport, verifySslCert: true })).toBeInstanceOf(SSLError);
  });

  it('does not let a bad SSL_CERT_FILE fail a request without TLS', async () => {
    const env = { SSL_CERT_FILE: '/nonexistent/bundle.pem' };
    expect(await attempt(plain, { transport, env })).toBe('ok');
    const err = await attempt(originA, { transport, env });
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('SSL_CERT_FILE');
    expect((err as Error).message).toBe('CA certificates path "/nonexistent/bundle.pem" from SSL_CERT_FILE does not exist or cannot be read');
  });
});

describe('trust configuration errors', () => {
  it.each(['caCertsPath', 'proxyCaCertsPath'] as const)('refuses a missing %s at construction, naming the path', (option) => {
    const err = invalid(() => new Connection({ host: 'x.test', env: {}, [option]: '/nonexistent/ca.pem' }));
    expect(err.option).toBe(option);
    expect(err.message).toBe(`CA certificates path "/nonexistent/ca.pem" from ${option} does not exist or cannot be read`);
  });

  it('refuses a file without a certificate and a directory without PEM files', () => {
    const dir = tmp.dir('tls-empty');
    const notPem = join(dir, 'key-not-cert.pem');
    writeFileSync(notPem, '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n');
    expect(invalid(() => new Connection({ host: 'x.test', env: {}, caCertsPath: notPem })).message).toContain('holds no PEM certificate');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(invalid(() => new Connection({ host: 'x.test', env: {}, caCertsPath: empty })).message).toContain('holds no PEM certificate files');
  });

  it('refuses a caCertsPath that is not a path', () => {
    const err = invalid(() => new Connection({ host: 'x.test', env: {}, caCertsPath: 42 as unknown as string }));
    expect(err.option).toBe('caCertsPath');
  });

  it('reports a missing security.CA_CERTS_PATH at the first TLS request, before sending it', async () => {
    security.CA_CERTS_PATH = '/nonexistent/global.pem';
    const before = originA.seen.length;
    const err = await attempt(originA, {});
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('security.CA_CERTS_PATH');
    expect(err).toMatchObject({ message: expect.stringContaining('"/nonexistent/global.pem" from security.CA_CERTS_PATH') });
    expect(originA.seen.length).toBe(before);
  });
});

describe('verifySslCert: false', () => {
  it('warns once per process, however many connections turn it off', async () => {
    vi.resetModules();
    const fresh = await import('../../src/index.js');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 3; i++) {
        const c = new fresh.Connection({ url: originA.url, env: {}, verifySslCert: false, retry: false });
        expect((await c.request('/json')).status).toBe(200);
        expect((await c.request('/json')).status).toBe(200);
        await c.close();
      }
      const ours = warn.mock.calls.filter((call) => JSON.stringify(call).includes('NUBES_TLS_VERIFY_DISABLED'));
      expect(ours).toHaveLength(1);
      expect(String(ours[0]?.[0])).toContain('verifySslCert: false');
    } finally {
      warn.mockRestore();
    }
  });
});
