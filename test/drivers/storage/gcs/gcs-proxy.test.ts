/**
 * Cloud Storage behind real proxies, with nothing configured but HTTPS_PROXY and
 * SSL_CERT_FILE: the token exchange (a loopback HTTPS fake that verifies the JWT), the
 * resumable session's initiation, its chunks, the status query after a 503 and the
 * download all go through mitmproxy (TLS interception + proxy auth) and squid (proxy
 * auth, CONNECT tunnels).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDriver, Provider } from '../../../../src/drivers/storage/index.js';
import { makeTestCa, type TestCa } from '../../../helpers/ca.js';
import { missingPeer } from '../../../peers/process.js';
import { scratch, startMitmdump, startSquid, type Mitmdump, type Squid } from '../../../peers/proxies.js';
import { makeServiceAccount, startFakeGoogle, type FakeGoogle, type FakeServiceAccount } from '../../../common/google/fake-google.js';
import { bytes, md5, readAll } from '../helpers.js';
import { startFakeGcs, type FakeGcs } from './fake-gcs.js';

const SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';
const USER = 'alice';
const PASSWORD = 'c0rp-Pr0xy/pass';
const Q = 256 * 1024;
const tmp = scratch();

interface Peers {
  account: FakeServiceAccount;
  ca: TestCa;
  tokens: FakeGoogle;
  gcs: FakeGcs;
  keyPath: string;
}

async function startPeers(name: string): Promise<Peers> {
  const account = makeServiceAccount();
  const ca = tmp.keep(makeTestCa(name));
  const tokens = await startFakeGoogle({ account, scope: SCOPE, tls: { key: ca.key, cert: ca.cert } });
  const gcs = await startFakeGcs({ project: 'test-project', tls: { key: ca.key, cert: ca.cert }, authorize: (h) => tokens.issued.some((t) => h === `Bearer ${t}`) });
  const keyPath = join(tmp.dir(`${name}-key`), 'sa-key.json');
  writeFileSync(keyPath, JSON.stringify(account.keyFile(tokens.tokenUri)), { mode: 0o600 });
  return { account, ca, tokens, gcs, keyPath };
}

/** Upload (resumable, 3 chunks, a 503 on the second), list and download, as a user writes it. */
async function roundTrip(peers: Peers, env: Record<string, string>): Promise<void> {
  const gcs = new (getDriver(Provider.GOOGLE_STORAGE_JSON))(peers.keyPath, undefined, { url: peers.gcs.url, env, chunkSize: Q, chunkRetryDelay: 1 });
  try {
    await gcs.createContainer('proxied-bucket');
    const data = bytes(2 * Q + 100, 5);
    peers.gcs.faults.fail503 = new Set([peers.gcs.chunkCount() + 2]);
    const obj = await gcs.uploadObjectViaStream(data, 'proxied-bucket', 'via/proxy.bin');
    expect(obj.size).toBe(data.length);
    expect(md5(await readAll(await gcs.downloadObjectAsStream(obj)))).toBe(md5(data));
  } finally {
    await gcs.close();
  }
}

describe.skipIf(missingPeer('mitmproxy', ['mitmdump']))('Cloud Storage behind mitmproxy (TLS interception + proxy auth)', () => {
  let peers: Peers;
  let mitm: Mitmdump;

  beforeAll(async () => {
    peers = await startPeers('gcs-mitm');
    mitm = await startMitmdump({ upstreamCaPath: peers.ca.caCertPath, args: ['--proxyauth', `${USER}:${PASSWORD}`] });
  });
  afterAll(async () => {
    await Promise.all([mitm?.stop(), peers?.tokens.close(), peers?.gcs.close()]);
    tmp.clean();
  });

  it('token, resumable chunks, the status query after a 503 and the download all go through the proxy', async () => {
    const env = { HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${mitm.port}`, SSL_CERT_FILE: mitm.caCertPath };
    await roundTrip(peers, env);
    expect(peers.tokens.seen.map((s) => `${s.method} ${new URL(s.url, 'https://x').pathname} via ${String(s.headers.via)}`)).toEqual(['POST /token via 1.1 mitmdump']);
    const seen = peers.gcs.requests.map((r) => `${r.method} ${r.contentRange ?? ''} via ${String(r.via)}`);
    expect(seen).toEqual([
      'POST  via 1.1 mitmdump',
      'POST  via 1.1 mitmdump',
      `PUT bytes 0-${Q - 1}/* via 1.1 mitmdump`,
      `PUT bytes ${Q}-${2 * Q - 1}/* via 1.1 mitmdump`,
      'PUT bytes */* via 1.1 mitmdump',
      `PUT bytes ${Q}-${2 * Q - 1}/* via 1.1 mitmdump`,
      `PUT bytes ${2 * Q}-${2 * Q + 99}/${2 * Q + 100} via 1.1 mitmdump`,
      'GET  via 1.1 mitmdump',
    ]);
    expect(mitm.log()).not.toContain(peers.tokens.issued[0]!);
  });
});

describe.skipIf(missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']))('Cloud Storage behind squid (proxy auth, CONNECT)', () => {
  let peers: Peers;
  let squid: Squid;

  beforeAll(async () => {
    peers = await startPeers('gcs-squid');
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [peers.tokens.port, peers.gcs.port] });
  });
  afterAll(async () => {
    await Promise.all([squid?.stop(), peers?.tokens.close(), peers?.gcs.close()]);
    tmp.clean();
  });

  it('tunnels the token exchange and every Cloud Storage call through squid as the proxy user', async () => {
    const env = { HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`, SSL_CERT_FILE: peers.ca.caCertPath };
    await roundTrip(peers, env);
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 CONNECT 127\\.0\\.0\\.1:${peers.tokens.port} ${USER} `));
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 CONNECT 127\\.0\\.0\\.1:${peers.gcs.port} ${USER} `));
    expect(peers.gcs.requests.filter((r) => r.method === 'PUT')).toHaveLength(5);
    expect(squid.log()).not.toContain(PASSWORD);
  });
});
