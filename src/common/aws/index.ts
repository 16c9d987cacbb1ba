/**
 * The AWS provider family: SigV4 signing, credentials, regions and endpoints, and the
 * Connection and Response bases the EC2, S3, Route 53 and ELB drivers share.
 *
 * @module nubes/aws
 */
export {
  SigV4Signer,
  SIGV4_ALGORITHM,
  UNSIGNED_PAYLOAD,
  EMPTY_PAYLOAD_HASH,
  MAX_PRESIGN_EXPIRES,
  uriEncode,
  canonicalUri,
  canonicalQuery,
  canonicalHeaderValue,
  queryPairsOf,
  sha256Hex,
  amzDate,
  type SigV4Request,
  type SigV4Result,
  type SigV4SignerOptions,
  type PresignOptions,
  type QueryPairs,
  type SignableHeaders,
} from './sigv4.js';
export { AwsCredentials, type AwsCredentialsInit } from './credentials.js';
export { AwsCredentialChain, type AwsCredentialChainOptions, type ResolvedAwsCredentials, type AwsChainConnection } from './credential-chain.js';
export {
  AWS_REGION_PATTERN,
  DEFAULT_AWS_REGION,
  validateRegion,
  awsDnsSuffix,
  ec2Endpoint,
  elbEndpoint,
  s3Endpoint,
  route53Endpoint,
  isVirtualHostableBucket,
  hasCustomEndpoint,
  withAwsEndpoint,
  type GlobalEndpoint,
} from './regions.js';
export {
  AwsXmlResponse,
  AWS_AUTH_ERROR_CODES,
  AWS_THROTTLING_ERROR_CODES,
  type AwsErrorClass,
  type AwsErrorInfo,
} from './aws-xml-response.js';
export { AwsConnection, type AwsConnectionOptions, type AwsServiceDescription, type PresignUrlOptions } from './aws-connection.js';
export {
  AwsQueryConnection,
  QUERY_CONTENT_TYPE,
  flattenQueryList,
  flattenQueryFilters,
  encodeQueryForm,
  type AwsQueryParams,
  type QueryActionOptions,
} from './aws-query-connection.js';
export { AwsRestXmlConnection, XML_CONTENT_TYPE } from './aws-rest-xml-connection.js';
