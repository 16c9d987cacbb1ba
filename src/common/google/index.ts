/**
 * The Google Cloud provider family, shared by the Compute Engine, Cloud Storage and
 * Cloud DNS drivers: service-account keys (RS256 JWT), gcloud user credentials, the GCE
 * metadata server, the credential chain, the connection and Google's error mapping.
 * See docs/compute-gce.md.
 */
export {
  GoogleConnection,
  GOOGLE_OPTION_KEYS,
  CLOUD_PLATFORM_SCOPE,
  type GoogleOptions,
  type GoogleConnectionOptions,
} from './google-connection.js';
export { GoogleResponse, type GoogleErrorInfo } from './google-response.js';
export {
  resolveGoogleCredential,
  gcloudConfigDir,
  type GoogleCredentialsOption,
  type ResolveGoogleCredentialInput,
  type ResolvedGoogleCredential,
} from './chain.js';
export {
  ServiceAccountCredential,
  AuthorizedUserCredential,
  MetadataCredential,
  metadataHost,
  metadataRequest,
  JWT_BEARER_GRANT,
  METADATA_DEFAULT_HOST,
  type ServiceAccountCredentialOptions,
  type MetadataOptions,
} from './credentials.js';
export {
  GOOGLE_TOKEN_URI,
  readCredentialFile,
  checkServiceAccountKey,
  checkAuthorizedUser,
  credentialType,
  type ServiceAccountKeyFile,
  type AuthorizedUserFile,
  type GoogleCredentialFile,
  type CheckedServiceAccountKey,
  type CheckedAuthorizedUser,
  type CredentialSource,
} from './key-file.js';
export { exchangeToken, explainGrantError } from './token-exchange.js';
export { googleDriverConnectionOptions } from './driver-options.js';
