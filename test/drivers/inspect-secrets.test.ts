/**
 * Printing a driver — `console.log(driver)`, `util.inspect`, `JSON.stringify`, as a
 * user does while debugging or a logger does with a whole object — must never print the
 * token, the secret key, or a secret-bearing option. Checked for every registered
 * driver of every area.
 */
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

/** Per-provider constructor arguments that the driver accepts (valid shapes, secret values). */
function argsFor(provider: string): [string, string | undefined, Record<string, unknown>] {
  const env = {};
  const openstack = { authUrl: 'https://keystone.example:5000', tenantName: 'demo', region: 'RegionOne' };
  switch (provider) {
    case 'azure-blobs':
      return ['account', SECRET_B64, { env }];
    case 'openstack':
      return [TOKEN, SECRET, { env, ...openstack }];
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
