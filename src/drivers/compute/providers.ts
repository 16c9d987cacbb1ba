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
import { GceNodeDriver } from './gce/driver.js';

/** Compute providers nubes ships. */
export enum Provider {
  /** In-memory, no account (`DummyNodeDriver`). */
  DUMMY = 'dummy',
  /** DigitalOcean Droplets. */
  DIGITAL_OCEAN = 'digitalocean',
  /** Amazon EC2. */
  EC2 = 'ec2',
  /** OpenStack Nova (with Glance and Cinder). */
  OPENSTACK = 'openstack',
  /** Linode (Akamai) instances. */
  LINODE = 'linode',
  /** Vultr instances. */
  VULTR = 'vultr',
  /** Google Compute Engine. */
  GCE = 'gce',
}

/**
 * The driver class of every built-in provider. `getDriver(Provider.X)` is typed from
 * this map, so a provider's own options and `ex*` methods type-check.
 */
const BUILT_IN = {
  /** `Provider.DUMMY`: DummyNodeDriver. */
  [Provider.DUMMY]: DummyNodeDriver,
  /** `Provider.DIGITAL_OCEAN`: DigitalOceanNodeDriver. */
  [Provider.DIGITAL_OCEAN]: DigitalOceanNodeDriver,
  /** `Provider.EC2`: Ec2NodeDriver. */
  [Provider.EC2]: Ec2NodeDriver,
  /** `Provider.OPENSTACK`: OpenStackNodeDriver. */
  [Provider.OPENSTACK]: OpenStackNodeDriver,
  /** `Provider.LINODE`: LinodeNodeDriver. */
  [Provider.LINODE]: LinodeNodeDriver,
  /** `Provider.VULTR`: VultrNodeDriver. */
  [Provider.VULTR]: VultrNodeDriver,
  /** `Provider.GCE`: GceNodeDriver. */
  [Provider.GCE]: GceNodeDriver,
} as const;

/** The class `getDriver` returns for each built-in provider. */
export type ProviderClasses = typeof BUILT_IN;

/** The compute registry. */
export const registry = new DriverRegistry<NodeDriver>(DriverType.COMPUTE, BUILT_IN);

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    /** What `getDriver(DriverType.COMPUTE, ...)` returns. */
    compute: DriverConstructor<NodeDriver>;
  }
}

/**
 * The compute driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 *
 * const DigitalOcean = getDriver(Provider.DIGITAL_OCEAN);
 * const driver = new DigitalOcean(process.env.DIGITALOCEAN_TOKEN!);
 * const nodes = await driver.listNodes();
 * ```
 */
export function getDriver<P extends keyof ProviderClasses>(provider: P): ProviderClasses[P];
export function getDriver(provider: string): DriverConstructor<NodeDriver>;
export function getDriver(provider: string): DriverConstructor<NodeDriver> {
  return registry.get(provider);
}

/**
 * Registers a third-party compute driver under `provider` (a class, or a function
 * returning one, resolved on first use). See docs/third-party-drivers.md.
 *
 * @throws {DriverAlreadyRegisteredError} when the name is taken (built-in names included).
 * @example
 * ```ts
 * import { NodeDriver, getDriver, setDriver } from 'nubes/compute';
 *
 * class MyCloudNodeDriver extends NodeDriver {
 *   readonly type = 'my-cloud';
 *   readonly name = 'My Cloud';
 *   readonly website = 'https://my-cloud.example';
 * }
 * setDriver('my-cloud', MyCloudNodeDriver);
 * const driver = new (getDriver('my-cloud'))(process.env.MY_CLOUD_TOKEN!);
 * ```
 */
export function setDriver(provider: string, driver: DriverConstructor<NodeDriver> | (() => DriverConstructor<NodeDriver>)): void {
  registry.set(provider, driver);
}
