/**
 * `nubes/compute`: servers on any provider with the same calls.
 *
 * @packageDocumentation
 */
export * from './base.js';
export { Provider, getDriver, setDriver, registry } from './providers.js';
export * from './ec2/index.js';
export * from './openstack/index.js';
