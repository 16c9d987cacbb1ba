/**
 * The OpenStack compute driver (Nova, with Glance images and Cinder volumes).
 */
export {
  OpenStackNodeDriver,
  type OpenStackNodeDriverOptions,
  type OpenStackCreateNodeOptions,
  type OpenStackNetworkRef,
  type OpenStackRebootOptions,
} from './driver.js';
export type { OpenStackCreateVolumeOptions } from './volumes.js';
export { OpenStackComputeConnection, NovaResponse, type OpenStackComputeConnectionOptions } from './connection.js';
export { NOVA_STATES, CINDER_VOLUME_STATES, CINDER_SNAPSHOT_STATES } from './mappers.js';
export type {
  NovaAddress,
  OpenStackNodeExtra,
  OpenStackSizeExtra,
  OpenStackImageExtra,
  OpenStackLocationExtra,
  OpenStackVolumeExtra,
  OpenStackSnapshotExtra,
  OpenStackKeyPairExtra,
} from './types.js';
