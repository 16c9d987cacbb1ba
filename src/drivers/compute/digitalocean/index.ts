/** The DigitalOcean compute driver. */
export { DigitalOceanNodeDriver, type DigitalOceanDriverOptions, type DigitalOceanCreateNodeOptions } from './driver.js';
export { DigitalOceanNodeConnection, DigitalOceanNodeResponse } from './connection.js';
export { dropletState } from './mappers.js';
export type {
  DigitalOceanNodeExtra,
  DigitalOceanSizeExtra,
  DigitalOceanImageExtra,
  DigitalOceanLocationExtra,
  DigitalOceanVolumeExtra,
  DigitalOceanSnapshotExtra,
  DigitalOceanKeyPairExtra,
} from './types.js';
