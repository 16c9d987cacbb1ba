/**
 * Azure Blobs signed in with Entra ID: the token request and the Blob calls go through
 * the driver's own connection — through real squid with proxy authentication, with the
 * driver's CA bundle — and neither the client secret, the token nor the proxy password
 * reaches an error, `util.inspect` or the NUBES_DEBUG log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobsStorageDriver } from '../../../src/drivers/storage/azure-blobs/index.js';
import { startFakeAzure, type FakeAzure } from '../../common/azure/fake-azure.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { missingPeer } from '../../peers/process.js';
import { scratch, startSquid, type Squid } from '../../peers/proxies.js';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'blob~proxy.secret+value';
const USER = 'carol';
const PASSWORD = 'p@ss:w0rd-blob';
const tmp = scratch();
const skipSquid = missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']);

let ca: TestCa;
let azure: FakeAzure; // https: the token endpoint and a sliver of the Blob service

beforeAll(async () => {
  ca = tmp.keep(makeTestCa('azure-blob-origin'));
  azure = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, tls: { key: ca.key, cert: ca.cert } }, (req, res) => {
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      res.statusCode = 403;
      res.setHeader('x-ms-error-code', 'NoAuthenticationInformation');
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/xml');
    res.end('<?xml version="1.0" encoding="utf-8"?><EnumerationResults><Containers><Container><Name>photos</Name><Properties /></Container></Containers></EnumerationResults>');
  });
});
afterAll(async () => {
  await azure?.close();
  tmp.clean();
});

describe.skipIf(skipSquid)('Azure Blobs with Entra ID through squid with proxy authentication', () => {
  let squid: Squid;
  beforeAll(async () => {
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [azure.port] });
  });
  afterAll(async () => {
    await squid?.stop();
  });

  it('sends the token request and the Blob calls through the proxy; no secret in errors, inspect or the debug log', async () => {
    const before = azure.seen.length;
    const debug = join(mkdtempSync(join(tmpdir(), 'nubes-azblob-')), 'debug.log');
    const driver = new AzureBlobsStorageDriver('devstoreaccount1', undefined, {
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      // Token authority on localhost, the Blob service on 127.0.0.1: the proxy log tells the calls apart.
      authorityHost: `https://localhost:${azure.port}`,
      url: `https://127.0.0.1:${azure.port}`,
      env: {},
      caCertsPath: ca.caCertPath,
      proxyUrl: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`,
      retry: false,
      debug,
    });
    expect((await driver.listContainers()).map((c) => c.name)).toEqual(['photos']);
    await squid.waitForLog(new RegExp(`CONNECT localhost:${azure.port} ${USER}`), 10_000);
    await squid.waitForLog(new RegExp(`CONNECT 127\\.0\\.0\\.1:${azure.port} ${USER}`), 10_000);
    const seen = azure.seen.slice(before);
    expect(seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([`POST /${TENANT}/oauth2/v2.0/token`, 'GET /devstoreaccount1/']);
    expect(new URLSearchParams(seen[0]!.body).get('scope')).toBe('https://storage.azure.com/.default');
    expect(azure.problems).toEqual([]);
    const token = azure.tokens.at(-1)!;
    expect(seen[1]!.headers.authorization).toBe(`Bearer ${token}`);
    const log = readFileSync(debug, 'utf8');
    expect(log).toContain('comp=list');
    for (const secret of [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64'), token, PASSWORD, encodeURIComponent(PASSWORD)]) {
      expect(log).not.toContain(secret);
      expect(inspect(driver, { depth: 6 })).not.toContain(secret);
    }
    expect(squid.log()).not.toContain(PASSWORD);
    await driver.close();
  });
});
