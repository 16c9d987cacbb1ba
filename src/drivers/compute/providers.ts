/**
 * The compute provider registry. Adding a provider is a driver folder, fixtures, a
 * test file and one line here.
 */
import { DriverRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import type { NodeDriver } from './base.js';
import { DigitalOceanNodeDriver } from './digitalocean/driver.js';
import { DummyNodeDriver } from './dummy/driver.js';
import { Ec2NodeDriver } from './ec2/driver.js';
import { OpenStackNodeDriver } from './openstack/index.js';
import { LinodeNodeDriver } from './linode/driver.js';
import { VultrNodeDriver } from './vultr/driver.js';

/** Compute providers nubes ships. */
export enum Provider {
  DUMMY = 'dummy',
  DIGITAL_OCEAN = 'digitalocean',
  EC2 = 'ec2',
  OPENSTACK = 'openstack',
  LINODE = 'linode',
  VULTR = 'vultr',
}

/** The compute registry. */
export const registry = new DriverRegistry<NodeDriver>(DriverType.COMPUTE, {
  [Provider.DUMMY]: DummyNodeDriver,
  [Provider.DIGITAL_OCEAN]: DigitalOceanNodeDriver,
  [Provider.EC2]: Ec2NodeDriver,
  [Provider.OPENSTACK]: OpenStackNodeDriver,
  [Provider.LINODE]: LinodeNodeDriver,
  [Provider.VULTR]: VultrNodeDriver,
});

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    compute: DriverConstructor<NodeDriver>;
  }
}

/**
 * The compute driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 * @example
 * ```ts
 * const Cls = getDriver(Provider.DIGITAL_OCEAN);
 * const driver = new Cls(token);
 * ```
 */
export function getDriver(provider: Provider | string): DriverConstructor<NodeDriver> {
  return registry.get(provider);
}

/** Registers a third-party compute driver under `provider`. */
export function setDriver(provider: string, driver: DriverConstructor<NodeDriver> | (() => DriverConstructor<NodeDriver>)): void {
  registry.set(provider, driver);
}
