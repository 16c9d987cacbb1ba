/**
 * The DNS provider registry. Adding a provider is a driver folder, fixtures, a test
 * file and one line here.
 */
import { DriverRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import type { DNSDriver } from './base.js';
import { CloudflareDNSDriver } from './cloudflare/driver.js';
import { DigitalOceanDNSDriver } from './digitalocean/driver.js';
import { DummyDNSDriver } from './dummy.js';
import { LinodeDNSDriver } from './linode/driver.js';
import { Route53DNSDriver } from './route53/driver.js';

/** DNS providers nubes ships. */
export enum Provider {
  DUMMY = 'dummy',
  ROUTE53 = 'route53',
  CLOUDFLARE = 'cloudflare',
  DIGITAL_OCEAN = 'digitalocean',
  LINODE = 'linode',
}

/** The DNS registry. */
export const registry = new DriverRegistry<DNSDriver>(DriverType.DNS, {
  [Provider.DUMMY]: DummyDNSDriver,
  [Provider.CLOUDFLARE]: CloudflareDNSDriver,
  [Provider.ROUTE53]: Route53DNSDriver,
  [Provider.DIGITAL_OCEAN]: DigitalOceanDNSDriver,
  [Provider.LINODE]: LinodeDNSDriver,
});

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    dns: DriverConstructor<DNSDriver>;
  }
}

/**
 * The DNS driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 */
export function getDriver(provider: Provider | string): DriverConstructor<DNSDriver> {
  return registry.get(provider);
}

/** Registers a third-party DNS driver under `provider`. */
export function setDriver(provider: string, driver: DriverConstructor<DNSDriver> | (() => DriverConstructor<DNSDriver>)): void {
  registry.set(provider, driver);
}
