/** The Azure compute driver (Azure Resource Manager). */
export {
  AZURE_CREATED_TAG,
  AZURE_DEFAULT_IMAGE_OFFERS,
  AZURE_OWNER_TAG,
  AzureNodeDriver,
  imageRef,
  type AzureCreateNodeOptions,
  type AzureCreateVolumeOptions,
  type AzureDriverOptions,
} from './driver.js';
export { AzureNodeConnection, AzureNodeResponse } from './connection.js';
export { parseArmId, vmState, type ArmId, type VmAddresses } from './mappers.js';
export type { AzureImageExtra, AzureLocationExtra, AzureNodeExtra, AzureSizeExtra, AzureVolumeExtra, ResourceGroupJson, ImageReferenceJson } from './types.js';
