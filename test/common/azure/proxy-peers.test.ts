/**
 * The Entra token exchange and the ARM calls obey the driver's proxy and CA options — through
 * real squid (Basic proxy auth) and real mitmdump (TLS interception with its own CA) — and
 * managed identity (IMDS) never goes through a proxy, even with HTTP_PROXY set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmConnection, ClientSecretCredential, resolveAzureCredential } from '../../../src/common/azure/index.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { missingPeer } from '../../peers/process.js';
import { scratch, startMitmdump, startSquid, type Mitmdump, type Squid } from '../../peers/proxies.js';
import { startFakeAzure, type FakeAzure } from './fake-azure.js';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'proxy~test.secret+value';
const USER = 'alice';
const PASSWORD = 'p@ss:w0rd-azure';
const tmp = scratch();

const skipSquid = missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']);
const skipMitm = missingPeer('mitmproxy', ['mitmdump']);

let ca: TestCa;
let azure: FakeAzure; // https: token endpoint + ARM
let imds: FakeAzure; // plain http, like 169.254.169.254

beforeAll(async () => {
  ca = tmp.keep(makeTestCa('azure-origin'));
  azure = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, tls: { key: ca.key, cert: ca.cert } }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: [{ name: 'rg-1', auth: req.headers.authorization ? 'bearer' : 'none', via: req.headers.via ?? null }] }));
  });
  imds = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT });
});
afterAll(async () => {
  await Promise.all([azure?.close(), imds?.close()]);
  tmp.clean();
});

/** Token authority on `localhost`, ARM on `127.0.0.1`: two hosts, so the proxy log tells the calls apart. */
function credential(): ClientSecretCredential {
  return new ClientSecretCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost: `https://localhost:${azure.port}` });
}

describe.skipIf(skipSquid)('Azure through squid with proxy authentication', () => {
  let squid: Squid;
  beforeAll(async () => {
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [azure.port] });
  });
  afterAll(async () => {
    await squid?.stop();
  });

  it('sends the token request and the ARM calls through the proxy (explicit proxyUrl)', async () => {
    const before = azure.seen.length;
    const conn = new ArmConnection(credential(), {
      url: azure.url,
      env: {},
      caCertsPath: ca.caCertPath,
      proxyUrl: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`,
      retry: false,
    });
    const res = await conn.request<{ value: { auth: string }[] }>('/subscriptions/s/resourcegroups');
    expect(res.object.value[0]!.auth).toBe('bearer');
    await conn.close();
    await squid.waitForLog(new RegExp(`CONNECT localhost:${azure.port} ${USER}`), 10_000);
    await squid.waitForLog(new RegExp(`CONNECT 127\\.0\\.0\\.1:${azure.port} ${USER}`), 10_000);
    expect(azure.seen.slice(before).map((s) => s.method)).toEqual(['POST', 'GET']);
    expect(squid.log()).not.toContain(PASSWORD);
  });

  it('takes the proxy from HTTPS_PROXY for the token call too, and never sends IMDS through HTTP_PROXY', async () => {
    const proxy = `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`;
    const env = { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NUBES_AZURE_IMDS_ENDPOINT: imds.url };
    const mi = resolveAzureCredential({ credentials: 'managed-identity' }, env);
    const conn = new ArmConnection(mi, { url: azure.url, env, caCertsPath: ca.caCertPath, retry: false });
    const imdsBefore = imds.seen.length;
    const res = await conn.request<{ value: { auth: string }[] }>('/subscriptions/s/resourcegroups');
    expect(res.object.value[0]!.auth).toBe('bearer');
    await conn.close();
    // IMDS saw the request itself (no proxy in between) ...
    expect(imds.seen.slice(imdsBefore).map((s) => s.url.split('?')[0])).toEqual(['/metadata/identity/oauth2/token']);
    expect(imds.seen.at(-1)!.headers.via).toBeUndefined();
    // ... and squid never did, while the ARM call went through it.
    await squid.waitForLog(new RegExp(`CONNECT 127\\.0\\.0\\.1:${azure.port} ${USER}`), 10_000);
    expect(squid.log()).not.toContain('/metadata/identity');
    expect(squid.log()).not.toContain(`127.0.0.1:${imds.port}`);
  });
});

describe.skipIf(skipMitm)('Azure through mitmdump (TLS interception, its CA trusted)', () => {
  let mitm: Mitmdump;
  beforeAll(async () => {
    mitm = await startMitmdump({ upstreamCaPath: ca.caCertPath });
  }, 60_000);
  afterAll(async () => {
    await mitm?.stop();
  });

  it('token and ARM calls both pass the interception proxy, trusted through caCertsPath', async () => {
    const before = azure.seen.length;
    const conn = new ArmConnection(credential(), {
      url: azure.url,
      env: { HTTPS_PROXY: `localhost:${mitm.port}` },
      caCertsPath: mitm.caCertPath,
      retry: false,
    });
    const res = await conn.request<{ value: { via: string | null }[] }>('/subscriptions/s/resourcegroups');
    expect(res.object.value[0]!.via).toBe('1.1 mitmdump');
    const seen = azure.seen.slice(before);
    expect(seen.map((s) => `${s.method} ${s.headers.via}`)).toEqual(['POST 1.1 mitmdump', 'GET 1.1 mitmdump']);
    await conn.close();
  });
});
