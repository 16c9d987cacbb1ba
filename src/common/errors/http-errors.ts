import type { NubesErrorCode } from './codes.js';
import { NubesError, registerErrorClasses } from './nubes-error.js';

/**
 * The provider answered with an error status that has no more specific class.
 * `statusCode` and `requestId` say what came back.
 */
export class ProviderError extends NubesError {
  override readonly name: string = 'ProviderError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_PROVIDER';
}

/** 400 or 422: the provider rejected the request as malformed or invalid. */
export class BadRequestError extends ProviderError {
  override readonly name: string = 'BadRequestError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_BAD_REQUEST';
}

/** 401 or 403: the credentials are wrong, expired, or lack the permission. */
export class InvalidCredentialsError extends ProviderError {
  override readonly name: string = 'InvalidCredentialsError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_INVALID_CREDENTIALS';
}

/** 404: the resource does not exist. Area drivers throw more specific subclasses. */
export class NotFoundError extends ProviderError {
  override readonly name: string = 'NotFoundError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_NOT_FOUND';
}

/** 409: the request conflicts with the resource's state (already exists, not empty, ...). */
export class ConflictError extends ProviderError {
  override readonly name: string = 'ConflictError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_CONFLICT';
}

/** 429 or a provider throttling code. `retryAfter` holds the seconds the provider asked for. */
export class RateLimitError extends ProviderError {
  override readonly name: string = 'RateLimitError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_RATE_LIMIT';
}

/** 5xx: the provider failed or is unavailable. Safe requests were already retried. */
export class ServiceUnavailableError extends ProviderError {
  override readonly name: string = 'ServiceUnavailableError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_SERVICE_UNAVAILABLE';
}

/** A redirect was received and the driver did not opt in to following it. */
export class RedirectError extends ProviderError {
  override readonly name = 'RedirectError';
  override readonly code = 'NUBES_ERR_REDIRECT';
}

/** The response body was larger than `maxResponseSize` (before or after decompression). */
export class ResponseTooLargeError extends NubesError {
  override readonly name = 'ResponseTooLargeError';
  override readonly code = 'NUBES_ERR_RESPONSE_TOO_LARGE';
}

/** The response body could not be parsed as the format the driver expected (JSON, XML). */
export class MalformedResponseError extends NubesError {
  override readonly name = 'MalformedResponseError';
  override readonly code = 'NUBES_ERR_MALFORMED_RESPONSE';
}

registerErrorClasses({ ProviderError, BadRequestError, InvalidCredentialsError, NotFoundError, ConflictError, RateLimitError, ServiceUnavailableError, RedirectError, ResponseTooLargeError, MalformedResponseError });
