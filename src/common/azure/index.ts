/**
 * The Azure family: Microsoft Entra ID credentials (client secret, client certificate,
 * managed identity, the chain), the Azure Resource Manager connection (errors,
 * api-versions, paging, long-running operations), and the Azure Storage pieces (Shared
 * Key and SAS signing, the Blob service connection and its error mapping). Shared by the
 * Azure drivers.
 *
 * @module nubes/azure
 */
export {
  AZURE_BLOB_API_VERSION,
  AZURE_BLOB_HOST_SUFFIX,
  AZURE_STORAGE_SCOPE,
  AzureBlobConnection,
  encodeBlobName,
  type AzureBlobAuthType,
  type AzureBlobConnectionOptions,
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
export { AZURE_CLOUDS, azureCloud, normalizeAuthorityHost, type AzureCloud, type AzureCloudName } from './clouds.js';
export {
  AADSTS_HINTS,
  AZURE_IMDS_API_VERSION,
  AZURE_IMDS_ENDPOINT,
  AZURE_IMDS_ENDPOINT_ENV,
  ChosenCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  debugNote,
  ENV_NAMES,
  entraError,
  ManagedIdentityCredential,
  OPTION_NAMES,
  ENTRA_OPTION_KEYS,
  armSubscriptionId,
  entraCredentialOptions,
  resolveAzureCredential,
  type AzureCredentialOptions,
  type AzureEnvironment,
  type ClientCertificateCredentialOptions,
  type ClientSecretCredentialOptions,
  type EntraClientOptions,
  type ManagedIdentityCredentialOptions,
  type OptionNames,
} from './entra.js';
export {
  ARM_API_VERSIONS,
  ARM_RETRYABLE_CODES,
  ArmConnection,
  armOperationState,
  ArmResponse,
  type ArmConnectionOptions,
  type ArmErrorBody,
  type ArmErrorDetail,
  type ArmErrorInfo,
  type ArmResourceType,
  type ArmWaitOptions,
} from './arm-connection.js';
