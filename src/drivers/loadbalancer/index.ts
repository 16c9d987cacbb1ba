/**
 * `nubes/loadbalancer`: load balancers on any provider with the same calls.
 *
 * @module nubes/loadbalancer
 */
export * from './base.js';
export * from './call-options.js';
export { Provider, getDriver, setDriver, registry } from './providers.js';
export { ElbResponse, type AwsLoadBalancerOptions } from './aws-elb-common.js';
export * from './elb/index.js';
export * from './alb/index.js';
export * from './digitalocean/index.js';
