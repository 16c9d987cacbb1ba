/**
 * The DNS provider registry. Adding a provider is a driver folder, fixtures, a test
 * file and one line here.
 */
import { defineRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import type { DNSDriver } from './base.js';
import { AzureDNSDriver } from './azure/driver.js';
import { CloudflareDNSDriver } from './cloudflare/driver.js';
import { DigitalOceanDNSDriver } from './digitalocean/driver.js';
import { DummyDNSDriver } from './dummy.js';
import { GoogleDNSDriver } from './google/driver.js';
import { LinodeDNSDriver } from './linode/driver.js';
import { Route53DNSDriver } from './route53/driver.js';

/** DNS providers nubes ships. */
export enum Provider {
  /** In-memory, no account (`DummyDNSDriver`). */
  DUMMY = 'dummy',
  /** Amazon Route 53. */
  ROUTE53 = 'route53',
  /** Cloudflare DNS. */
  CLOUDFLARE = 'cloudflare',
  /** DigitalOcean DNS. */
  DIGITAL_OCEAN = 'digitalocean',
  /** Linode (Akamai) DNS Manager. */
  LINODE = 'linode',
  /** Google Cloud DNS. */
  GOOGLE_DNS = 'google-dns',
  /** Microsoft Azure DNS (Resource Manager). */
  AZURE_DNS = 'azure-dns',
}

/**
 * The driver class of every built-in provider. `getDriver(Provider.X)` is typed from
 * this map, so a provider's own options and `ex*` methods type-check.
 */
const BUILT_IN = {
  /** `Provider.DUMMY`: DummyDNSDriver. */
  [Provider.DUMMY]: DummyDNSDriver,
  /** `Provider.CLOUDFLARE`: CloudflareDNSDriver. */
  [Provider.CLOUDFLARE]: CloudflareDNSDriver,
  /** `Provider.ROUTE53`: Route53DNSDriver. */
  [Provider.ROUTE53]: Route53DNSDriver,
  /** `Provider.DIGITAL_OCEAN`: DigitalOceanDNSDriver. */
  [Provider.DIGITAL_OCEAN]: DigitalOceanDNSDriver,
  /** `Provider.LINODE`: LinodeDNSDriver. */
  [Provider.LINODE]: LinodeDNSDriver,
  /** `Provider.GOOGLE_DNS`: GoogleDNSDriver. */
  [Provider.GOOGLE_DNS]: GoogleDNSDriver,
  /** `Provider.AZURE_DNS`: AzureDNSDriver. */
  [Provider.AZURE_DNS]: AzureDNSDriver,
} as const;

/** The class `getDriver` returns for each built-in provider. */
export type ProviderClasses = typeof BUILT_IN;

/** The dns registry. */
export const registry = defineRegistry<DNSDriver>(DriverType.DNS, BUILT_IN);

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    /** What `getDriver(DriverType.DNS, ...)` returns. */
    dns: DriverConstructor<DNSDriver>;
  }
}

/**
 * The DNS driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/dns';
 * const Cloudflare = getDriver(Provider.CLOUDFLARE);
 * const dns = new Cloudflare(process.env.CLOUDFLARE_API_TOKEN!);
 * ```
 */
export function getDriver<P extends keyof ProviderClasses>(provider: P): ProviderClasses[P];
export function getDriver(provider: string): DriverConstructor<DNSDriver>;
export function getDriver(provider: string): DriverConstructor<DNSDriver> {
  return registry.get(provider);
}

/**
 * Registers a third-party DNS driver under `provider` (a class, or a function
 * returning one, resolved on first use). See docs/third-party-drivers.md.
 *
 * @throws {DriverAlreadyRegisteredError} when the name is taken (built-in names included).
 * @example
 * ```ts
 * import { DNSDriver, RecordType, getDriver, setDriver } from 'nubes/dns';
 *
 * class MyDnsDriver extends DNSDriver {
 *   readonly type = 'my-cloud';
 *   readonly name = 'My Cloud';
 *   readonly website = 'https://my-cloud.example';
 *   listRecordTypes(): RecordType[] {
 *     return [RecordType.A, RecordType.CNAME, RecordType.TXT];
 *   }
 * }
 * setDriver('my-cloud', MyDnsDriver);
 * const driver = new (getDriver('my-cloud'))(process.env.MY_CLOUD_TOKEN!);
 * ```
 */
export function setDriver(provider: string, driver: DriverConstructor<DNSDriver> | (() => DriverConstructor<DNSDriver>)): void {
  registry.set(provider, driver);
}
