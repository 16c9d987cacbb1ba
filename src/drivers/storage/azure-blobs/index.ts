/**
 * The Azure Blob Storage driver.
 *
 * @module
 */
export { AzureBlobsStorageDriver, type AzurePresignOptions, type AzureDownloadOptions } from './driver.js';
export type { AzureBlobExtra, AzureBlobsDriverOptions, AzureContainerExtra, AzureLeaseState } from './types.js';
