/** The Linode compute driver. */
export { LinodeNodeDriver, type LinodeDriverOptions, type LinodeCreateNodeOptions } from './driver.js';
export { LinodeNodeConnection, LinodeNodeResponse } from './connection.js';
export { instanceState as linodeInstanceState } from './mappers.js';
export type {
  LinodeNodeExtra,
  LinodeSizeExtra,
  LinodeImageExtra,
  LinodeLocationExtra,
  LinodeVolumeExtra,
  LinodeKeyPairExtra,
} from './types.js';
export type { LinodeErrorReason, LinodeErrorBody } from '../../../common/linode/index.js';
