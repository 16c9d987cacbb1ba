/**
 * Printing a driver — `console.log(driver)`, `util.inspect`, `JSON.stringify`, as a
 * user does while debugging or a logger does with a whole object — must never print the
 * token, the secret key, or a secret-bearing option. Checked for every registered
 * driver of every area.
 */
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Provider as ComputeProvider, registry as computeRegistry } from '../../src/drivers/compute/index.js';
import { Provider as DnsProvider, registry as dnsRegistry } from '../../src/drivers/dns/index.js';
import { Provider as LbProvider, registry as lbRegistry } from '../../src/drivers/loadbalancer/index.js';
import { Provider as StorageProvider, registry as storageRegistry } from '../../src/drivers/storage/index.js';

const TOKEN = 'tok-secret-value';
const SECRET = 'secret-value-2';
const SECRET_B64 = Buffer.from(SECRET).toString('base64');
const OPTION_SECRET = 'option-secret-3';

/** A throwaway Google service-account key (the GCE driver reads keys, not tokens). */
const GOOGLE_KEY = {
  type: 'service_account',
  project_id: 'test-project',
  client_email: 'robot@test-project.iam.gserviceaccount.com',
  private_key: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  token_uri: 'https://oauth2.example/token',
};

/** Per-provider constructor arguments that the driver accepts (valid shapes, secret values). */
function argsFor(provider: string): [string, string | undefined, Record<string, unknown>] {
  const env = {};
  const openstack = { authUrl: 'https://keystone.example:5000', tenantName: 'demo', region: 'RegionOne' };
  switch (provider) {
    case 'azure-blobs':
      return ['account', SECRET_B64, { env }];
    case 'azure':
    case 'azure-dns':
      // tenant id and subscription id are not secrets; the client secret is.
      return ['72f988bf-0000-4000-8000-000000000000', '00000000-1111-4222-8333-444444444444', { env, clientId: 'app-id', clientSecret: OPTION_SECRET }];
    case 'openstack':
      return [TOKEN, SECRET, { env, ...openstack }];
    case 'gce':
    case 'google-storage-json':
    case 'google-dns':
      return [GOOGLE_KEY.client_email, undefined, { env, credentials: GOOGLE_KEY }];
    case 'openstack-swift':
      return [TOKEN, SECRET, { env, ...openstack, tempUrlKey: OPTION_SECRET }];
    case 'cloudflare-r2':
      return [TOKEN, SECRET, { env, accountId: '0123456789abcdef0123456789abcdef', sessionToken: OPTION_SECRET }];
    case 'minio':
    case 'ceph-rgw':
      return [TOKEN, SECRET, { env, host: 'store.example', sessionToken: OPTION_SECRET }];
    case 'ec2':
    case 's3':
    case 'elb':
    case 'alb':
      // Regional AWS services need a region (there is no silent us-east-1).
      return [TOKEN, SECRET, { env, region: 'eu-west-1' }];
    default:
      return [TOKEN, SECRET, { env }];
  }
}

/** Options the AWS-signed drivers accept that carry a secret. */
const SESSION_TOKEN_DRIVERS = new Set(['ec2', 's3', 'wasabi', 'scaleway', 'digitalocean-spaces', 'backblaze-b2', 'google-storage', 'route53', 'elb', 'alb']);

/** The values that must not print for `provider`: user ids / access key ids are not secrets. */
function secretsFor(provider: string, key: string, secret: string | undefined, options: Record<string, unknown>): string[] {
  // Google drivers: the key arg is a service-account e-mail; the private key is the secret.
  if (['gce', 'google-storage-json', 'google-dns'].includes(provider)) return [GOOGLE_KEY.private_key.split('\n')[1]!];
  if (provider === 'azure' || provider === 'azure-dns') return [options.clientSecret as string];
  const out = [secret, options.tempUrlKey, options.sessionToken].filter((v): v is string => typeof v === 'string');
  // Token-only drivers: the first argument is the token itself.
  if (secret === SECRET && !['ec2', 'openstack', 'openstack-swift', 'route53', 'elb', 'alb'].includes(provider) && !isS3Family(provider)) out.push(key);
  if (secret === undefined) out.push(key);
  return out;
}

function isS3Family(provider: string): boolean {
  return ['s3', 'minio', 'ceph-rgw', 'digitalocean-spaces', 'backblaze-b2', 'cloudflare-r2', 'wasabi', 'scaleway', 'google-storage'].includes(provider);
}

const areas = [
  ['compute', ComputeProvider, computeRegistry],
  ['storage', StorageProvider, storageRegistry],
  ['dns', DnsProvider, dnsRegistry],
  ['loadbalancer', LbProvider, lbRegistry],
] as const;

for (const [area, providers, registry] of areas) {
  describe(`${area} drivers`, () => {
    // The local driver takes a directory, not a credential.
    for (const provider of (Object.values(providers) as string[]).filter((p) => p !== 'local')) {
      it(`${provider}: util.inspect and JSON.stringify of the driver show no token, secret or secret option`, () => {
        const [key, secret, baseOptions] = argsFor(provider);
        const options = SESSION_TOKEN_DRIVERS.has(provider) ? { ...baseOptions, sessionToken: OPTION_SECRET } : baseOptions;
        const Cls = registry.get(provider) as unknown as new (k: string, s: string | undefined, o: Record<string, unknown>) => object;
        const driver = new Cls(key, secret, options);
        const printed = inspect(driver, { depth: 20 }) + JSON.stringify(driver);
        const secrets = secretsFor(provider, key, secret, options);
        expect(secrets.length).toBeGreaterThan(0);
        for (const value of secrets) expect(printed).not.toContain(value);
        // The driver still works with them: the accessors return the values.
        expect((driver as { options: Record<string, unknown> }).options).toEqual(options);
      });
    }
  });
}

describe('a provider error quoting the token base64-encoded (issue 12)', () => {
  it('shows the token in no form in the error message, stack, util.inspect of the error or of the driver', async () => {
    const { MockTransport } = await import('../../src/testing/index.js');
    const b64 = Buffer.from(`Bearer ${TOKEN}`).toString('base64');
    const mock = new MockTransport().on('GET', '/v2/droplets', { status: 401, json: { id: 'unauthorized', message: `credential ${b64} is invalid` } });
    const Cls = computeRegistry.get('digitalocean') as unknown as new (k: string, s: undefined, o: Record<string, unknown>) => { listNodes(): Promise<unknown> };
    const driver = new Cls(TOKEN, undefined, { env: {}, transport: mock, retry: false });
    const err = (await driver.listNodes().catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('InvalidCredentialsError');
    const printed = [err.message, err.stack ?? '', inspect(err, { depth: 10 }), inspect(driver, { depth: 20 })].join('\n');
    // The stable middle of the encoding (its first and last characters also encode "Bearer " and padding).
    expect(printed).not.toContain(b64.slice(10, -3));
    expect(err.message).toContain('[REDACTED]');
  });
});

describe('Azure Blobs signed in with Entra ID', () => {
  it('util.inspect and JSON.stringify show neither the client secret nor the certificate password', () => {
    const Cls = storageRegistry.get('azure-blobs') as unknown as new (k: string, s: string | undefined, o: Record<string, unknown>) => object;
    const options = { env: {}, tenantId: '72f988bf-0000-4000-8000-000000000000', clientId: 'app-id', clientSecret: OPTION_SECRET };
    const driver = new Cls('account', undefined, options);
    const printed = inspect(driver, { depth: 20 }) + JSON.stringify(driver);
    expect(printed).not.toContain(OPTION_SECRET);
    expect((driver as { options: Record<string, unknown> }).options).toEqual(options);
  });
});
