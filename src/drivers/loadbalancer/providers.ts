/**
 * The load balancer provider registry. Adding a provider is a driver folder, fixtures, a test
 * file and one line here.
 */
import { defineRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import { AlbLoadBalancerDriver } from './alb/driver.js';
import type { LoadBalancerDriver } from './base.js';
import { DigitalOceanLoadBalancerDriver } from './digitalocean/driver.js';
import { ElbLoadBalancerDriver } from './elb/driver.js';

/** load balancer providers nubes ships. */
export enum Provider {
  /** AWS Classic Load Balancer. */
  ELB = 'elb',
  /** AWS Application Load Balancer. */
  ALB = 'alb',
  /** DigitalOcean Load Balancers. */
  DIGITAL_OCEAN = 'digitalocean',
}

/**
 * The driver class of every built-in provider. `getDriver(Provider.X)` is typed from
 * this map, so a provider's own options and `ex*` methods type-check.
 */
const BUILT_IN = {
  /** `Provider.ELB`: ElbLoadBalancerDriver. */
  [Provider.ELB]: ElbLoadBalancerDriver,
  /** `Provider.ALB`: AlbLoadBalancerDriver. */
  [Provider.ALB]: AlbLoadBalancerDriver,
  /** `Provider.DIGITAL_OCEAN`: DigitalOceanLoadBalancerDriver. */
  [Provider.DIGITAL_OCEAN]: DigitalOceanLoadBalancerDriver,
} as const;

/** The class `getDriver` returns for each built-in provider. */
export type ProviderClasses = typeof BUILT_IN;

/** The loadbalancer registry. */
export const registry = defineRegistry<LoadBalancerDriver>(DriverType.LOADBALANCER, BUILT_IN);

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    /** What `getDriver(DriverType.LOADBALANCER, ...)` returns. */
    loadbalancer: DriverConstructor<LoadBalancerDriver>;
  }
}

/**
 * The load balancer driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/loadbalancer';
 * const Elb = getDriver(Provider.ELB);
 * const lb = new Elb(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-1' });
 * ```
 */
export function getDriver<P extends keyof ProviderClasses>(provider: P): ProviderClasses[P];
export function getDriver(provider: string): DriverConstructor<LoadBalancerDriver>;
export function getDriver(provider: string): DriverConstructor<LoadBalancerDriver> {
  return registry.get(provider);
}

/**
 * Registers a third-party load balancer driver under `provider` (a class, or a function
 * returning one, resolved on first use). See docs/third-party-drivers.md.
 *
 * @throws {DriverAlreadyRegisteredError} when the name is taken (built-in names included).
 * @example
 * ```ts
 * import { Algorithm, LoadBalancerDriver, getDriver, setDriver } from 'nubes/loadbalancer';
 *
 * class MyBalancerDriver extends LoadBalancerDriver {
 *   readonly type = 'my-cloud';
 *   readonly name = 'My Cloud';
 *   readonly website = 'https://my-cloud.example';
 *   listProtocols(): string[] {
 *     return ['http', 'tcp'];
 *   }
 *   listSupportedAlgorithms(): Algorithm[] {
 *     return [Algorithm.ROUND_ROBIN];
 *   }
 * }
 * setDriver('my-cloud', MyBalancerDriver);
 * const driver = new (getDriver('my-cloud'))(process.env.MY_CLOUD_TOKEN!);
 * ```
 */
export function setDriver(provider: string, driver: DriverConstructor<LoadBalancerDriver> | (() => DriverConstructor<LoadBalancerDriver>)): void {
  registry.set(provider, driver);
}
