/**
 * `nubes/storage`: object storage on any provider with the same calls, streaming,
 * with flat memory.
 *
 * @module nubes/storage
 */
export * from './base.js';
export * from './streams.js';
export type { ExpectedDigests, OpenDownloadOptions, OpenedDownload } from './download.js';
export { uploadInParts, type MultipartProtocol, type MultipartOptions, type MultipartResult } from './multipart.js';
export { Provider, getDriver, setDriver, registry } from './providers.js';
export * from './azure-blobs/index.js';
export {
  AzureBlobConnection,
  AzureBlobResponse,
  SasToken,
  blobServiceSas,
  type AzureBlobAuthType,
  type BlobSasUrlOptions,
  type BlobServiceSasOptions,
} from '../../common/azure/index.js';
export * from './gcs/index.js';
export * from './local/index.js';
export * from './s3/index.js';
export * from './swift/index.js';
