/**
 * The Azure Storage family: Shared Key and SAS signing, the Blob service connection and
 * its error mapping. Shared by the Azure drivers.
 *
 * @module nubes/azure
 */
export {
  AZURE_BLOB_API_VERSION,
  AZURE_BLOB_HOST_SUFFIX,
  AzureBlobConnection,
  encodeBlobName,
  type AzureBlobAuthType,
  type BlobSasUrlOptions,
} from './azure-blob-connection.js';
export { AZURE_SIGNATURE_ECHO, AzureBlobResponse } from './azure-blob-response.js';
export {
  blobServiceSas,
  blobServiceSasStringToSign,
  DEFAULT_SAS_VERSION,
  SasToken,
  sasTime,
  type BlobServiceSasOptions,
} from './sas.js';
export {
  canonicalizedHeaders,
  canonicalizedResource,
  decodeAccountKey,
  hmacSha256Base64,
  SharedKeySigner,
  sharedKeyStringToSign,
  type SharedKeyRequest,
} from './shared-key.js';
