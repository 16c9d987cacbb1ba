/** The Vultr compute driver. */
export { VultrNodeDriver, type VultrDriverOptions, type VultrCreateNodeOptions } from './driver.js';
export { VultrNodeConnection, VultrNodeResponse } from './connection.js';
export { instanceState as vultrInstanceState } from './mappers.js';
export type { VultrNodeExtra, VultrSizeExtra, VultrImageExtra, VultrLocationExtra, VultrVolumeExtra, VultrKeyPairExtra } from './types.js';
