/**
 * The "done" scenario, end to end: a user behind an authenticating proxy that
 * intercepts TLS lists their GCE instances across every zone with a service-account key
 * file, and nothing configured but HTTPS_PROXY and SSL_CERT_FILE. The token endpoint and
 * the Compute API are loopback HTTPS fakes (the token endpoint verifies the JWT
 * signature); the proxies are the real mitmproxy (interception + proxy auth) and squid
 * (proxy auth, CONNECT tunnel).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDriver, Provider, type GcePartialResultWarning } from '../../../../src/drivers/compute/index.js';
import { makeTestCa, type TestCa } from '../../../helpers/ca.js';
import { missingPeer } from '../../../peers/process.js';
import { scratch, startMitmdump, startSquid, type Mitmdump, type Squid } from '../../../peers/proxies.js';
import { makeServiceAccount, startFakeGoogle, type FakeGoogle, type FakeServiceAccount } from '../../../common/google/fake-google.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/compute/gce/', import.meta.url));
const SCOPE = 'https://www.googleapis.com/auth/compute';
const USER = 'alice';
const PASSWORD = 'c0rp-Pr0xy/pass';
const AGGREGATED = '/compute/v1/projects/test-project/aggregated/instances';
const tmp = scratch();

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

async function fakeGce(account: FakeServiceAccount, ca: TestCa): Promise<FakeGoogle> {
  const google = await startFakeGoogle({ account, scope: SCOPE, tls: { key: ca.key, cert: ca.cert } });
  google.routes.set(`GET ${AGGREGATED}`, (req) => {
    const token = new URL(req.url, 'https://x').searchParams.get('pageToken');
    return { json: fixture(token === null ? 'aggregated_instances_page1.json' : 'aggregated_instances_page2.json') };
  });
  return google;
}

function keyFile(account: FakeServiceAccount, google: FakeGoogle): string {
  const path = join(tmp.dir('gce-e2e-key'), 'sa-key.json');
  writeFileSync(path, JSON.stringify(account.keyFile(google.tokenUri)), { mode: 0o600 });
  return path;
}

async function listEverything(keyPath: string, url: string, env: Record<string, string>): Promise<{ names: string[]; warnings: GcePartialResultWarning[] }> {
  const warnings: GcePartialResultWarning[] = [];
  // The one line a user writes (plus `url`, only because Google is a loopback fake here).
  const gce = new (getDriver(Provider.GCE))(keyPath, undefined, { url, env, onWarning: (w) => warnings.push(w) });
  try {
    const nodes = await gce.listNodes();
    return { names: nodes.map((n) => `${n.extra.zone}/${n.name}:${n.state}`), warnings };
  } finally {
    await gce.close();
  }
}

const EXPECTED = ['europe-west1-b/web-1:running', 'europe-west1-b/web-2:starting', 'us-central1-a/batch-1:stopped'];

describe.skipIf(missingPeer('mitmproxy', ['mitmdump']))('GCE behind mitmproxy (TLS interception + proxy auth)', () => {
  let account: FakeServiceAccount;
  let ca: TestCa;
  let google: FakeGoogle;
  let mitm: Mitmdump;

  beforeAll(async () => {
    account = makeServiceAccount();
    ca = tmp.keep(makeTestCa('gce-e2e-mitm'));
    google = await fakeGce(account, ca);
    mitm = await startMitmdump({ upstreamCaPath: ca.caCertPath, args: ['--proxyauth', `${USER}:${PASSWORD}`] });
  });
  afterAll(async () => {
    await Promise.all([mitm?.stop(), google?.close()]);
    tmp.clean();
  });

  it('lists instances across every zone with only HTTPS_PROXY and SSL_CERT_FILE set', async () => {
    const env = { HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${mitm.port}`, SSL_CERT_FILE: mitm.caCertPath };
    const { names, warnings } = await listEverything(keyFile(account, google), google.url, env);
    expect(names).toEqual(EXPECTED);
    expect(warnings.map((w) => `${w.code} ${w.scope}`)).toEqual(['UNREACHABLE zones/asia-east1-a']);
    // Token exchange and both pages went through mitmproxy, which re-signed them with its CA.
    expect(google.seen.map((s) => `${s.method} ${new URL(s.url, 'https://x').pathname} via ${String(s.headers.via)}`)).toEqual([
      'POST /token via 1.1 mitmdump',
      `GET ${AGGREGATED} via 1.1 mitmdump`,
      `GET ${AGGREGATED} via 1.1 mitmdump`,
    ]);
    expect(google.claims).toHaveLength(1);
    expect(mitm.log()).not.toContain(google.issued[0]!);
  });

  it('without the proxy credentials the proxy refuses, and the error says so without any secret', async () => {
    const env = { HTTPS_PROXY: `http://127.0.0.1:${mitm.port}`, SSL_CERT_FILE: mitm.caCertPath };
    const err = await listEverything(keyFile(account, google), google.url, env).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('ProxyAuthenticationError');
    expect(err?.message).not.toContain('PRIVATE KEY');
  });
});

describe.skipIf(missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']))('GCE behind squid (proxy auth, CONNECT)', () => {
  let account: FakeServiceAccount;
  let ca: TestCa;
  let google: FakeGoogle;
  let squid: Squid;

  beforeAll(async () => {
    account = makeServiceAccount();
    ca = tmp.keep(makeTestCa('gce-e2e-squid'));
    google = await fakeGce(account, ca);
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [google.port] });
  });
  afterAll(async () => {
    await Promise.all([squid?.stop(), google?.close()]);
    tmp.clean();
  });

  it('lists instances across every zone with only HTTPS_PROXY and SSL_CERT_FILE set', async () => {
    const env = { HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`, SSL_CERT_FILE: ca.caCertPath };
    const { names } = await listEverything(keyFile(account, google), google.url, env);
    expect(names).toEqual(EXPECTED);
    expect(google.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET']);
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 CONNECT 127\\.0\\.0\\.1:${google.port} ${USER} `));
    expect(squid.log()).not.toContain(PASSWORD);
  });
});
