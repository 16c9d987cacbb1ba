/**
 * The load balancer provider registry. Adding a provider is a driver folder, fixtures, a test
 * file and one line here.
 */
import { DriverRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import { AlbLoadBalancerDriver } from './alb/driver.js';
import type { LoadBalancerDriver } from './base.js';
import { DigitalOceanLoadBalancerDriver } from './digitalocean/driver.js';
import { ElbLoadBalancerDriver } from './elb/driver.js';

/** load balancer providers nubes ships. */
export enum Provider {
  ELB = 'elb',
  ALB = 'alb',
  DIGITAL_OCEAN = 'digitalocean',
}

/** The load balancer registry. */
export const registry = new DriverRegistry<LoadBalancerDriver>(DriverType.LOADBALANCER, {
  [Provider.ELB]: ElbLoadBalancerDriver,
  [Provider.ALB]: AlbLoadBalancerDriver,
  [Provider.DIGITAL_OCEAN]: DigitalOceanLoadBalancerDriver,
});

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    loadbalancer: DriverConstructor<LoadBalancerDriver>;
  }
}

/**
 * The load balancer driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 */
export function getDriver(provider: Provider | string): DriverConstructor<LoadBalancerDriver> {
  return registry.get(provider);
}

/** Registers a third-party load balancer driver under `provider`. */
export function setDriver(provider: string, driver: DriverConstructor<LoadBalancerDriver> | (() => DriverConstructor<LoadBalancerDriver>)): void {
  registry.set(provider, driver);
}
