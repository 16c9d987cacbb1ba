/**
 * The response class of every Google API (JSON error mapping).
 *
 * API errors (https://cloud.google.com/apis/design/errors#http_mapping, and the older
 * v1 shape GCE still sends):
 * `{"error":{"code":404,"message":"…","status":"NOT_FOUND","errors":[{"domain":"global","reason":"notFound","message":"…"}]}}`.
 * OAuth token endpoint errors (RFC 6749 §5.2): `{"error":"invalid_grant","error_description":"…"}`.
 */
import {
  ConflictError,
  errorFromStatus,
  InvalidCredentialsError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  ServiceUnavailableError,
  type NubesError,
  type NubesErrorOptions,
} from '../errors/index.js';
import { JsonResponse } from '../../connection/response.js';
import { parseRetryAfter } from '../errors/index.js';

/** What a Google error body says. */
export interface GoogleErrorInfo {
  /** The message (`error.message`, or the OAuth `error_description`). */
  message: string | undefined;
  /** The first `errors[].reason` (`notFound`, `alreadyExists`, `rateLimitExceeded`, ...). */
  reason: string | undefined;
  /** The canonical `error.status` (`NOT_FOUND`, `RESOURCE_EXHAUSTED`, ...). */
  status: string | undefined;
  /** An OAuth error code (`invalid_grant`, `invalid_client`, ...). */
  oauthError: string | undefined;
}

/** Reasons that mean "slow down": retried like a 429 for idempotent requests. */
const THROTTLE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);
/** Reasons that mean the resource exists or is busy. */
const CONFLICT_REASONS = new Set(['alreadyExists', 'resourceInUseByAnotherResource', 'conflict', 'ALREADY_EXISTS', 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE']);
/** Quota reasons: not retried (waiting does not raise a quota). */
const QUOTA_REASONS = new Set(['quotaExceeded', 'QUOTA_EXCEEDED', 'dailyLimitExceeded']);
/** OAuth errors that mean the credential itself is bad. */
const AUTH_OAUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope']);

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * A JSON response that maps Google error bodies onto nubes errors:
 * `notFound` → NotFoundError, `alreadyExists`/`resourceInUseByAnotherResource` →
 * ConflictError, `rateLimitExceeded`/`userRateLimitExceeded` (Google sends them as 403)
 * → RateLimitError (retried for idempotent requests), `backendError` →
 * ServiceUnavailableError, `quotaExceeded` → a ProviderError with `providerCode`
 * `quotaExceeded` (not an authentication error, not retried), `invalid_grant` and the
 * other OAuth errors → InvalidCredentialsError. `providerCode` carries the reason.
 *
 * @example
 * ```ts
 * import { GoogleResponse } from 'nubes/google';
 * import { NodeDoesNotExistError, NotFoundError, type NubesError } from 'nubes';
 *
 * class MyApiResponse extends GoogleResponse {
 *   override async parseError(): Promise<NubesError> {
 *     const err = await super.parseError();
 *     return err instanceof NotFoundError ? new NodeDoesNotExistError(err.message, { statusCode: 404 }) : err;
 *   }
 * }
 * ```
 */
export class GoogleResponse<T = unknown> extends JsonResponse<T> {
  /** The error body's parts (all undefined when the body is not a Google error). */
  googleError(): GoogleErrorInfo {
    const info: GoogleErrorInfo = { message: undefined, reason: undefined, status: undefined, oauthError: undefined };
    let value: unknown;
    try {
      value = JSON.parse(this.body);
    } catch {
      return info;
    }
    if (typeof value !== 'object' || value === null) return info;
    const error = (value as Record<string, unknown>).error;
    if (typeof error === 'string') {
      info.oauthError = error;
      info.message = str((value as Record<string, unknown>).error_description) ?? error;
      return info;
    }
    if (typeof error !== 'object' || error === null) return info;
    const e = error as Record<string, unknown>;
    info.message = str(e.message);
    info.status = str(e.status);
    const errors = Array.isArray(e.errors) ? (e.errors as unknown[]) : [];
    for (const item of errors) {
      const reason = str((item as Record<string, unknown> | null)?.reason);
      if (reason !== undefined) {
        info.reason = reason;
        break;
      }
    }
    // google.rpc.ErrorInfo details carry the reason in newer APIs.
    if (info.reason === undefined && Array.isArray(e.details)) {
      for (const d of e.details as unknown[]) {
        const reason = str((d as Record<string, unknown> | null)?.reason);
        if (reason !== undefined) {
          info.reason = reason;
          break;
        }
      }
    }
    return info;
  }

  override errorMessage(): string | undefined {
    const info = this.googleError();
    if (info.message !== undefined) return info.message;
    return super.errorMessage();
  }

  /** The reason (`notFound`), else the canonical status, else the OAuth error code. */
  providerCode(): string | undefined {
    const info = this.googleError();
    return info.reason ?? info.oauthError ?? info.status;
  }

  override isThrottled(): boolean {
    const info = this.googleError();
    return (info.reason !== undefined && THROTTLE_REASONS.has(info.reason)) || (this.status === 429 && info.reason === undefined);
  }

  override async parseError(): Promise<NubesError> {
    const info = this.googleError();
    const code = this.providerCode();
    const base = info.message ?? `${this.method} ${this.url} failed`;
    const message = `${base} (${code ? `${code}, ` : ''}HTTP ${this.status}${this.requestId ? `, request id ${this.requestId}` : ''})`;
    const options: NubesErrorOptions = { statusCode: this.status };
    if (this.provider !== undefined) options.provider = this.provider;
    if (this.requestId !== undefined) options.requestId = this.requestId;
    if (code !== undefined) options.providerCode = code;
    const retryAfter = parseRetryAfter(this.headers['retry-after']);
    if (retryAfter !== undefined) options.retryAfter = retryAfter;
    const reason = info.reason ?? info.status;

    if (reason !== undefined && THROTTLE_REASONS.has(reason)) return new RateLimitError(message, options);
    if (reason !== undefined && QUOTA_REASONS.has(reason)) return new ProviderError(`Quota exceeded: ${message}`, options);
    if (reason !== undefined && CONFLICT_REASONS.has(reason)) return new ConflictError(message, options);
    if (reason === 'notFound' || info.status === 'NOT_FOUND') return new NotFoundError(message, options);
    if (reason === 'backendError' && this.status >= 500) return new ServiceUnavailableError(message, options);
    if (info.oauthError !== undefined && AUTH_OAUTH_ERRORS.has(info.oauthError)) return new InvalidCredentialsError(message, options);
    return errorFromStatus({
      statusCode: this.status,
      message: base + (code ? ` (${code})` : ''),
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(code !== undefined ? { providerCode: code } : {}),
      throttled: this.isThrottled(),
    });
  }
}
