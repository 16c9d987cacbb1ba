/**
 * The Azure DNS driver's Entra token call and its ARM calls go through the driver's own
 * connection: through real squid with proxy authentication (explicit proxyUrl), with
 * the driver's CA bundle; and neither the client secret, the token nor the proxy
 * password reaches an error, `util.inspect` or the NUBES_DEBUG log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureDNSDriver } from '../../../src/drivers/dns/index.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { missingPeer } from '../../peers/process.js';
import { scratch, startSquid, type Squid } from '../../peers/proxies.js';
import { startFakeAzure, type FakeAzure } from '../../common/azure/fake-azure.js';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'dns~proxy.secret+value';
const SUB = '00000000-1111-4222-8333-444444444444';
const USER = 'bob';
const PASSWORD = 'p@ss:w0rd-dns';
const tmp = scratch();
const skipSquid = missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']);

let ca: TestCa;
let azure: FakeAzure;

beforeAll(async () => {
  ca = tmp.keep(makeTestCa('azure-dns-origin'));
  azure = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, tls: { key: ca.key, cert: ca.cert } }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { code: 'AuthenticationFailed', message: 'no token' } }));
      return;
    }
    if (req.url.includes('/dnszones/missing.example')) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 'ResourceNotFound', message: 'The zone was not found.' } }));
      return;
    }
    res.end(
      JSON.stringify({
        value: [
          {
            id: `/subscriptions/${SUB}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/example.com`,
            name: 'example.com',
            type: 'Microsoft.Network/dnszones',
            location: 'global',
            etag: 'e1',
            properties: { nameServers: ['ns1-01.azure-dns.com.'], zoneType: 'Public' },
          },
        ],
      }),
    );
  });
});
afterAll(async () => {
  await azure?.close();
  tmp.clean();
});

describe.skipIf(skipSquid)('Azure DNS through squid with proxy authentication', () => {
  let squid: Squid;
  beforeAll(async () => {
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [azure.port] });
  });
  afterAll(async () => {
    await squid?.stop();
  });

  it('sends the token request and the ARM calls through the proxy; no secret in errors, inspect or the debug log', async () => {
    const before = azure.seen.length;
    const debug = join(mkdtempSync(join(tmpdir(), 'nubes-azdns-')), 'debug.log');
    const dns = new AzureDNSDriver(TENANT, SUB, {
      clientId: CLIENT,
      clientSecret: SECRET,
      // Token authority on localhost, ARM on 127.0.0.1: the proxy log tells the calls apart.
      authorityHost: `https://localhost:${azure.port}`,
      url: azure.url,
      env: {},
      caCertsPath: ca.caCertPath,
      proxyUrl: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`,
      retry: false,
      debug,
    });
    const zones = await dns.listZones();
    expect(zones.map((z) => z.domain)).toEqual(['example.com']);
    const err = await dns.getZone(`/subscriptions/${SUB}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/missing.example`).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ZoneDoesNotExistError');
    await squid.waitForLog(new RegExp(`CONNECT localhost:${azure.port} ${USER}`), 10_000);
    await squid.waitForLog(new RegExp(`CONNECT 127\\.0\\.0\\.1:${azure.port} ${USER}`), 10_000);
    expect(azure.seen.slice(before).map((s) => s.method)).toEqual(['POST', 'GET', 'GET']);
    expect(azure.problems).toEqual([]);
    const token = azure.tokens.at(-1)!;
    const log = readFileSync(debug, 'utf8');
    expect(log).toContain('/dnszones');
    for (const secret of [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64'), token, PASSWORD, encodeURIComponent(PASSWORD)]) {
      expect(log).not.toContain(secret);
      expect(inspect(dns, { depth: 6 })).not.toContain(secret);
      expect(`${String(err)} ${JSON.stringify(err)} ${inspect(err, { depth: 6 })}`).not.toContain(secret);
    }
    expect(squid.log()).not.toContain(PASSWORD);
    await dns.connection.close();
  });
});
