/**
 * `nubes/compute`: servers on any provider with the same calls.
 *
 * @packageDocumentation
 */
export * from './base.js';
export { Provider, getDriver, setDriver, registry } from './providers.js';
export * from './dummy/index.js';
export * from './digitalocean/index.js';
export * from './ec2/index.js';
export * from './openstack/index.js';
export * from './linode/index.js';
export * from './vultr/index.js';
export * from './gce/index.js';
export { parseOpenSshPublicKey, md5Fingerprint, type OpenSshPublicKey } from './ssh-public-key.js';
