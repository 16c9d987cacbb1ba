/**
 * The shared storage behavioural suite against Azure Blobs on Azurite in OAuth mode
 * (`--oauth basic`, HTTPS with a test certificate), the driver signed in with
 * Microsoft Entra ID: a client secret exchanged at a loopback stand-in for the v2.0
 * token endpoint, which issues JWT-shaped tokens (audience = the requested resource,
 * an Entra issuer) that Azurite's basic mode checks. Azurite has no account key or SAS
 * in these requests: every one it accepts carried the bearer token.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from '../../../src/common/errors/index.js';
import { AzureBlobsStorageDriver } from '../../../src/drivers/storage/azure-blobs/index.js';
import { startFakeAzure, type FakeAzure } from '../../common/azure/fake-azure.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { AZURITE_ACCOUNT, azuriteUnavailable, startAzurite, type Azurite } from '../../peers/azurite.js';
import { scratch } from '../../peers/proxies.js';
import { storageBehaviourSuite } from './behaviour.js';

const PAGE = 3;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'blob~entra.secret+value';
const skip = await azuriteUnavailable();

/** A JWT-shaped access token for `scope` (unsigned: Azurite's basic mode decodes, it does not verify). */
function jwt(n: number, form: URLSearchParams, audience?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const aud = audience ?? (form.get('scope') ?? '').replace(/\/\.default$/, '');
  const claims = { aud, iss: `https://sts.windows.net/${TENANT}/`, iat: now - 60, nbf: now - 60, exp: now + 3600, tid: TENANT, appid: CLIENT, oid: `0000000${n}-0000-4000-8000-000000000000` };
  return `${b64({ typ: 'JWT', alg: 'RS256', x5t: 'fake' })}.${b64(claims)}.${randomBytes(32).toString('base64url')}`;
}

interface Peers {
  ca: TestCa;
  azurite: Azurite;
  entra: FakeAzure;
  driver(options?: object): AzureBlobsStorageDriver;
  stop(): Promise<void>;
}

async function startPeers(token: (n: number, form: URLSearchParams) => string = jwt): Promise<Peers> {
  const tmp = scratch();
  const ca = tmp.keep(makeTestCa('azurite-oauth'));
  const azurite = await startAzurite({ oauth: { certPath: ca.certPath, keyPath: ca.keyPath } });
  const entra = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, tls: { key: ca.key, cert: ca.cert }, token });
  const drivers: AzureBlobsStorageDriver[] = [];
  return {
    ca,
    azurite,
    entra,
    driver: (options = {}) => {
      const d = new AzureBlobsStorageDriver(AZURITE_ACCOUNT, undefined, {
        url: `https://127.0.0.1:${azurite.port}`,
        env: {},
        caCertsPath: ca.caCertPath,
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: SECRET,
        authorityHost: `https://localhost:${entra.port}`,
        listPageSize: PAGE,
        ...options,
      });
      drivers.push(d);
      return d;
    },
    stop: async () => {
      await Promise.all(drivers.map((d) => d.close()));
      await Promise.all([azurite.stop(), entra.close()]);
      tmp.clean();
    },
  };
}

storageBehaviourSuite(
  'Azure Blobs on Azurite (OAuth), signed in with Entra ID',
  async () => {
    const peers = await startPeers();
    return {
      driver: peers.driver(),
      newContainerName: () => `nubes-${randomBytes(5).toString('hex')}`,
      cleanup: () => peers.stop(),
      pageSize: PAGE,
      multipart: { partSize: 1024 * 1024 },
    };
  },
  { skip },
);

describe.skipIf(skip !== undefined)('Azure Blobs with Entra ID on Azurite (OAuth)', () => {
  let peers: Peers;
  beforeAll(async () => {
    peers = await startPeers();
  }, 120_000);
  afterAll(async () => {
    await peers?.stop();
  });

  it('asks for one token of scope https://storage.azure.com/.default and sends it with every request', async () => {
    const driver = peers.driver();
    const name = `nubes-${randomBytes(5).toString('hex')}`;
    await driver.createContainer(name);
    expect((await driver.listContainers()).map((c) => c.name)).toContain(name);
    await driver.deleteContainer(name);
    const tokenCalls = peers.entra.seen.filter((s) => s.method === 'POST');
    expect(tokenCalls.map((s) => new URLSearchParams(s.body).get('scope'))).toEqual(['https://storage.azure.com/.default']);
    expect(peers.entra.problems).toEqual([]);
  });

  it('a token Azurite refuses (wrong audience, 403) is an InvalidCredentialsError naming neither token nor secret, and is not renewed', async () => {
    const bad = await startPeers((n, form) => jwt(n, form, 'https://vault.azure.net'));
    try {
      const driver = bad.driver();
      const err = await driver.listContainers().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidCredentialsError);
      expect(err).toMatchObject({ statusCode: 403, providerCode: 'AuthenticationFailed' });
      const text = `${String(err)} ${JSON.stringify(err)}`;
      for (const token of bad.entra.tokens) expect(text).not.toContain(token);
      expect(text).not.toContain(SECRET);
      // A 403 is a permission or audience problem, not a stale token: no second token request.
      expect(bad.entra.tokens).toHaveLength(1);
    } finally {
      await bad.stop();
    }
  }, 120_000);

  it('without a key, SAS or Entra option the driver says what it needs', () => {
    expect(() => new AzureBlobsStorageDriver(AZURITE_ACCOUNT, undefined, { env: {} })).toThrow(expect.objectContaining({ option: 'credential' }));
  });
});
