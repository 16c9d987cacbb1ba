/**
 * The Google token exchange and the API calls take the driver's proxy (a real squid with
 * Basic authentication, and mitmproxy intercepting TLS with its own CA); the metadata
 * server never does, even with HTTP_PROXY set and no NO_PROXY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleConnection, type GoogleConnectionOptions } from '../../../src/common/google/index.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { missingPeer } from '../../peers/process.js';
import { scratch, startMitmdump, startSquid, type Mitmdump, type Squid } from '../../peers/proxies.js';
import { makeServiceAccount, startFakeGoogle, startFakeMetadata, type FakeGoogle, type FakeMetadata, type FakeServiceAccount } from './fake-google.js';

const SCOPE = 'https://www.googleapis.com/auth/compute';
const USER = 'alice';
const PASSWORD = 'p@ss:w0rd-G00gle';
/** mitmproxy's --proxyauth splits user:pass at the first colon... of the password too: none here. */
const MITM_PASSWORD = 'p@ss-w0rd/M1tm';
const tmp = scratch();
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ZONES = '/compute/v1/projects/test-project/zones';

function expectNoSecret(text: string, fake: FakeGoogle, account: FakeServiceAccount): void {
  for (const t of fake.issued) expect(text).not.toContain(t);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
  expect(text).not.toContain(account.privateKeyPem.split('\n')[1]!);
}

describe.skipIf(missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']))('Google credentials through squid (proxy auth)', () => {
  let account: FakeServiceAccount;
  let ca: TestCa;
  let plain: FakeGoogle;
  let secure: FakeGoogle;
  let metadata: FakeMetadata;
  let squid: Squid;
  const open: GoogleConnection[] = [];

  beforeAll(async () => {
    account = makeServiceAccount();
    ca = tmp.keep(makeTestCa('google-squid'));
    [plain, secure, metadata] = await Promise.all([
      startFakeGoogle({ account, scope: SCOPE }),
      startFakeGoogle({ account, scope: SCOPE, tls: { key: ca.key, cert: ca.cert } }),
      startFakeMetadata(),
    ]);
    for (const g of [plain, secure]) g.routes.set(`GET ${ZONES}`, () => ({ json: { kind: 'compute#zoneList', items: [] } }));
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [secure.port] });
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await Promise.all([squid?.stop(), plain?.close(), secure?.close(), metadata?.close()]);
    tmp.clean();
  });
  const connect = (o: GoogleConnectionOptions): GoogleConnection => {
    const c = new GoogleConnection({ scopes: [SCOPE], retry: false, ...o });
    open.push(c);
    return c;
  };
  const proxy = (): string => `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`;

  it('the token POST and the API GET both go through squid as the proxy user (http: squid sees each URL)', async () => {
    const conn = connect({ url: plain.url, credentials: account.keyFile(plain.tokenUri), env: { HTTP_PROXY: proxy() } });
    await conn.request(ZONES);
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 POST ${esc(plain.tokenUri)} ${USER} `));
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 GET ${esc(plain.url + ZONES)} ${USER} `));
    expectNoSecret(squid.log(), plain, account);
  });

  it('https: the token exchange and the API call are tunnelled (CONNECT as the proxy user), the CA from SSL_CERT_FILE', async () => {
    const before = secure.seen.length;
    const conn = connect({ url: secure.url, credentials: account.keyFile(secure.tokenUri), env: { HTTPS_PROXY: proxy(), SSL_CERT_FILE: ca.caCertPath } });
    await conn.request(ZONES);
    expect(secure.seen.slice(before).map((s) => `${s.method} ${s.url}`)).toEqual(['POST /token', `GET ${ZONES}`]);
    await conn.close();
    // squid logs a CONNECT when the tunnel closes.
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 CONNECT 127\\.0\\.0\\.1:${secure.port} ${USER} `));
  });

  it('the metadata server is reached directly even with HTTP_PROXY and ALL_PROXY set and no NO_PROXY', async () => {
    const logBefore = squid.log();
    const conn = connect({ url: plain.url, credentials: 'metadata', env: { HTTP_PROXY: proxy(), HTTPS_PROXY: proxy(), ALL_PROXY: proxy(), GCE_METADATA_HOST: metadata.host } });
    const before = metadata.seen.length;
    expect(await conn.accessToken()).toMatch(/^ya29\.metadata-/);
    expect(await conn.projectId()).toBe('meta-project');
    expect(metadata.seen.length - before).toBe(2);
    // The API call after it does take the proxy.
    const token = await conn.accessToken();
    expect(token).toMatch(/^ya29\.metadata-/);
    await new Promise((r) => setTimeout(r, 200));
    const added = squid.log().slice(logBefore.length);
    expect(added).not.toContain(metadata.host);
    expect(added).not.toContain('computeMetadata');
  });
});

describe.skipIf(missingPeer('mitmproxy', ['mitmdump']))('Google credentials through mitmproxy (TLS interception, proxy auth)', () => {
  let account: FakeServiceAccount;
  let ca: TestCa;
  let google: FakeGoogle;
  let metadata: FakeMetadata;
  let mitm: Mitmdump;
  const open: GoogleConnection[] = [];

  beforeAll(async () => {
    account = makeServiceAccount();
    ca = tmp.keep(makeTestCa('google-mitm'));
    [google, metadata] = await Promise.all([startFakeGoogle({ account, scope: SCOPE, tls: { key: ca.key, cert: ca.cert } }), startFakeMetadata()]);
    google.routes.set(`GET ${ZONES}`, () => ({ json: { kind: 'compute#zoneList', items: [] } }));
    mitm = await startMitmdump({ upstreamCaPath: ca.caCertPath, args: ['--proxyauth', `${USER}:${MITM_PASSWORD}`] });
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await Promise.all([mitm?.stop(), google?.close(), metadata?.close()]);
    tmp.clean();
  });

  it('token exchange and API call are intercepted by mitmproxy (Via header), trusting only its CA via SSL_CERT_FILE; metadata stays direct', async () => {
    const proxy = `http://${USER}:${encodeURIComponent(MITM_PASSWORD)}@127.0.0.1:${mitm.port}`;
    const conn = new GoogleConnection({
      url: google.url,
      scopes: [SCOPE],
      credentials: account.keyFile(google.tokenUri),
      env: { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, SSL_CERT_FILE: mitm.caCertPath, GCE_METADATA_HOST: metadata.host },
    });
    open.push(conn);
    const before = google.seen.length;
    await conn.request(ZONES);
    const seen = google.seen.slice(before);
    expect(seen.map((s) => `${s.method} ${s.url} via ${String(s.headers.via)}`)).toEqual(['POST /token via 1.1 mitmdump', `GET ${ZONES} via 1.1 mitmdump`]);
    await mitm.waitForLog(new RegExp(`POST https://127\\.0\\.0\\.1:${google.port}/token`));
    await mitm.waitForLog(new RegExp(`GET https://127\\.0\\.0\\.1:${google.port}/compute/v1/projects/`)); // mitmdump truncates long URLs

    // The same environment, the metadata credential: never through mitmproxy.
    const meta = new GoogleConnection({ url: google.url, credentials: 'metadata', env: { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, SSL_CERT_FILE: mitm.caCertPath, GCE_METADATA_HOST: metadata.host } });
    open.push(meta);
    const metaBefore = metadata.seen.length;
    await meta.accessToken();
    expect(metadata.seen.length).toBe(metaBefore + 1);
    expect(metadata.seen.at(-1)!.headers.via).toBeUndefined();
    expect(mitm.log()).not.toContain('computeMetadata');
  });
});
