/**
 * Every error code nubes throws, in one `as const` list: {@link NubesErrorCode} is
 * derived from it and `NubesError.code` is typed with it, so an error class cannot
 * declare a code missing here, and `err.code === 'NUBES_ERR_TYPO'` does not compile.
 * test/common/errors/codes.test.ts checks the other direction (every code here has its
 * class). A new error class adds its code here, in the same commit.
 */
export const NUBES_ERROR_CODES = [
  'NUBES_ERR_GENERIC',
  // arguments and capabilities
  'NUBES_ERR_INVALID_ARGUMENT',
  'NUBES_ERR_UNKNOWN_PROVIDER',
  'NUBES_ERR_DRIVER_ALREADY_REGISTERED',
  'NUBES_ERR_NOT_SUPPORTED',
  // provider answers
  'NUBES_ERR_PROVIDER',
  'NUBES_ERR_BAD_REQUEST',
  'NUBES_ERR_INVALID_CREDENTIALS',
  'NUBES_ERR_NOT_FOUND',
  'NUBES_ERR_CONFLICT',
  'NUBES_ERR_RATE_LIMIT',
  'NUBES_ERR_SERVICE_UNAVAILABLE',
  'NUBES_ERR_REDIRECT',
  'NUBES_ERR_RESPONSE_TOO_LARGE',
  'NUBES_ERR_MALFORMED_RESPONSE',
  // network
  'NUBES_ERR_NETWORK',
  'NUBES_ERR_TIMEOUT',
  'NUBES_ERR_ABORTED',
  'NUBES_ERR_PROXY',
  'NUBES_ERR_PROXY_AUTH',
  'NUBES_ERR_SSL',
  // long-running operations and listings
  'NUBES_ERR_WAIT_TIMEOUT',
  'NUBES_ERR_OPERATION_FAILED',
  'NUBES_ERR_PAGINATION',
  // compute
  'NUBES_ERR_NODE_NOT_FOUND',
  'NUBES_ERR_IMAGE_NOT_FOUND',
  'NUBES_ERR_KEY_PAIR_NOT_FOUND',
  'NUBES_ERR_NODE_STATE_TIMEOUT',
  // storage
  'NUBES_ERR_CONTAINER_NOT_FOUND',
  'NUBES_ERR_CONTAINER_EXISTS',
  'NUBES_ERR_CONTAINER_NOT_EMPTY',
  'NUBES_ERR_INVALID_CONTAINER_NAME',
  'NUBES_ERR_OBJECT_NOT_FOUND',
  'NUBES_ERR_OBJECT_HASH_MISMATCH',
  'NUBES_ERR_OBJECT_SIZE_MISMATCH',
  'NUBES_ERR_UPLOAD_SOURCE',
  'NUBES_ERR_FILE_EXISTS',
  // DNS
  'NUBES_ERR_ZONE_NOT_FOUND',
  'NUBES_ERR_ZONE_EXISTS',
  'NUBES_ERR_RECORD_NOT_FOUND',
  'NUBES_ERR_RECORD_EXISTS',
  // load balancers
  'NUBES_ERR_BALANCER_NOT_FOUND',
  // nubes/testing
  'NUBES_ERR_MOCK_UNMATCHED',
] as const;

/** A stable nubes error code, e.g. `'NUBES_ERR_PROXY'` (docs/errors.md lists them with their fixes). */
export type NubesErrorCode = (typeof NUBES_ERROR_CODES)[number];
