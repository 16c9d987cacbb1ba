/**
 * `nubes compute --provider azure` with the credentials from the AZURE_* environment,
 * against the loopback fake Entra token endpoint and ARM.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAzure, type FakeAzure } from '../common/azure/fake-azure.js';
import { nubesInProcess } from './helpers.js';

const TENANT = '72f988bf-0000-4000-8000-000000000000';
const SUB = '00000000-1111-4222-8333-444444444444';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'cli~secret.value';

let fake: FakeAzure;
beforeAll(async () => {
  fake = await startFakeAzure({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url.startsWith(`/subscriptions/${SUB}/locations?`) && req.headers.authorization?.startsWith('Bearer ')) {
      res.end(readFileSync('test/fixtures/compute/azure/locations.json'));
      return;
    }
    res.statusCode = 401;
    res.end(JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } }));
  });
});
afterAll(async () => {
  await fake?.close();
});

describe('nubes compute --provider azure', () => {
  it('signs in with AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET and lists locations', async () => {
    const env = {
      AZURE_TENANT_ID: TENANT,
      AZURE_SUBSCRIPTION_ID: SUB,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_SECRET: SECRET,
      AZURE_AUTHORITY_HOST: fake.url,
    };
    const r = await nubesInProcess(['compute', 'list-locations', '--provider', 'azure', '--endpoint', fake.url, '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((l) => l.id)).toEqual(['westeurope', 'eastus']);
    expect(fake.problems).toEqual([]);
  });

  it('reports a wrong secret with the AADSTS code, never the secret', async () => {
    const env = { AZURE_TENANT_ID: TENANT, AZURE_SUBSCRIPTION_ID: SUB, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'wrong~secret.value', AZURE_AUTHORITY_HOST: fake.url };
    const r = await nubesInProcess(['compute', 'list-locations', '--provider', 'azure', '--endpoint', fake.url], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('AADSTS7000215');
    expect(r.stderr).not.toContain('wrong~secret.value');
  });
});
