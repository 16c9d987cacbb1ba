/** The Google Compute Engine driver. The credential family is in `nubes/google`. */
export {
  GceNodeDriver,
  GCE_PUBLIC_IMAGE_PROJECTS,
  imagePath,
  type GceDriverOptions,
  type GceCreateNodeOptions,
  type GceCreateVolumeOptions,
  type GceListImagesOptions,
} from './driver.js';
export { gceName, gceZone } from './names.js';
export { GceConnection, GceResponse, GCE_HOST, GCE_SCOPE } from './connection.js';
export { instanceState, GCE_INSTANCE_STATUSES, lastSegment, resourcePath, projectOf } from './mappers.js';
export { type GceWarningHandler } from './listing.js';
export type {
  GceNodeExtra,
  GceSizeExtra,
  GceImageExtra,
  GceLocationExtra,
  GceVolumeExtra,
  GceFirewall,
  GceFirewallRule,
  GceNetwork,
  GcePartialResultWarning,
} from './types.js';
