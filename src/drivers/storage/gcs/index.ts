/**
 * The Google Cloud Storage driver on the JSON API (OAuth 2.0 tokens, resumable uploads).
 *
 * @module
 */
export { GoogleCloudStorageDriver, type GcsUploadOptions, type GcsDownloadOptions } from './driver.js';
export { GcsConnection, GcsResponse, GCS_SCOPE_READ_WRITE } from './connection.js';
export type { GcsSignedUrlOptions } from './signing.js';
export type {
  GcsBucketExtra,
  GcsCreateBucketOptions,
  GcsDriverOptions,
  GcsObjectExtra,
  GcsUrlSigner,
} from './types.js';
