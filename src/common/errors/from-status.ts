import {
  BadRequestError,
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  RedirectError,
  ServiceUnavailableError,
} from './http-errors.js';
import type { NubesErrorOptions } from './nubes-error.js';

/** What {@link errorFromStatus} needs to know about a failed response. */
export interface StatusErrorInput extends Omit<NubesErrorOptions, 'statusCode' | 'retryAfter'> {
  /** HTTP status of the failed response. */
  statusCode: number;
  /** The provider's own message, already extracted from its error body. */
  message?: string;
  /** The raw `Retry-After` header value, if any. */
  retryAfterHeader?: string | null | undefined;
  /** Method and redacted URL, used as the message when the provider gave none. */
  method?: string;
  /** Redacted URL of the request (with `method`, the message when the provider gave none). */
  url?: string;
  /** Provider error code (e.g. `Throttling`) that means "rate limited" even without a 429. */
  throttled?: boolean;
}

const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/**
 * Parses a `Retry-After` value in either form RFC 9110 §10.2.3 allows: delay-seconds
 * or an HTTP-date. Returns whole seconds from `now` (never negative), or `undefined`
 * when the value is absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) {
    return Math.min(Number(trimmed), MAX_RETRY_AFTER_SECONDS);
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

/**
 * The one place that turns an HTTP status into an error class: 400/422 bad request,
 * 401/403 credentials, 404 not found, 409 conflict, 429 (or a throttling code) rate
 * limit with `retryAfter`, 3xx redirect not followed, 5xx service unavailable, anything
 * else {@link ProviderError}.
 *
 * @example
 * ```ts
 * import { errorFromStatus } from 'nubes';
 *
 * const err = errorFromStatus({ statusCode: 429, message: 'Slow down', retryAfterHeader: '30', provider: 'acme' });
 * // RateLimitError: Slow down (HTTP 429), err.retryAfter === 30
 * ```
 */
export function errorFromStatus(input: StatusErrorInput): ProviderError {
  const { statusCode } = input;
  const where = input.method && input.url ? `${input.method} ${input.url}` : undefined;
  const detail = input.message?.trim();
  const base = detail || (where ? `${where} failed` : 'Request failed');
  const message = `${base} (HTTP ${statusCode}${input.requestId ? `, request id ${input.requestId}` : ''})`;
  const retryAfter = parseRetryAfter(input.retryAfterHeader);
  const options: NubesErrorOptions = { statusCode };
  if (input.provider !== undefined) options.provider = input.provider;
  if (input.requestId !== undefined) options.requestId = input.requestId;
  if (input.cause !== undefined) options.cause = input.cause;
  if (retryAfter !== undefined) options.retryAfter = retryAfter;
  if (input.providerCode !== undefined) options.providerCode = input.providerCode;

  if (statusCode === 429 || input.throttled) return new RateLimitError(message, options);
  if (statusCode === 401 || statusCode === 403) return new InvalidCredentialsError(message, options);
  if (statusCode === 404) return new NotFoundError(message, options);
  if (statusCode === 409) return new ConflictError(message, options);
  if (statusCode === 400 || statusCode === 422) return new BadRequestError(message, options);
  if (statusCode >= 300 && statusCode < 400) return new RedirectError(message, options);
  if (statusCode >= 500) return new ServiceUnavailableError(message, options);
  return new ProviderError(message, options);
}
