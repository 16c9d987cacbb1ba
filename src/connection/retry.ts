/**
 * Retry policy: bounded attempts and total time, exponential backoff with full jitter,
 * `Retry-After` honoured up to a cap. Only idempotent requests (or those a driver marks
 * safe) are retried, on network errors and 408/429/500/502/503/504. TLS, proxy
 * authentication and credential failures are never retried; a consumed stream body is
 * never replayed.
 */
import {
  AbortError,
  InvalidArgumentError,
  NetworkError,
  NubesError,
  ProxyAuthenticationError,
  RateLimitError,
  SSLError,
  TimeoutError,
} from '../common/errors/index.js';

/** Retry settings. Every field is optional; defaults are shown. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 disables). */
  retries?: number;
  /** First backoff delay in ms (default 250). */
  minDelay?: number;
  /** Largest backoff delay in ms (default 10000). */
  maxDelay?: number;
  /** Longest `Retry-After` honoured, in ms; a longer one fails at once with the RateLimitError (default 60000). */
  maxRetryAfter?: number;
  /** Total time budget for all attempts, in ms (default 120000). */
  totalTime?: number;
  /** HTTP statuses that are retried (default 408, 429, 500, 502, 503, 504). */
  statusCodes?: readonly number[];
}

/** `true` (defaults), `false` (no retries), a number of retries, or the full options. */
export type RetryOption = boolean | number | RetryOptions;

/** The normalised policy. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** First backoff delay in ms (doubles each retry, with jitter). */
  readonly minDelay: number;
  /** Largest backoff delay in ms. */
  readonly maxDelay: number;
  /** Largest Retry-After honoured, in ms; longer asks fail at once. */
  readonly maxRetryAfter: number;
  /** Budget in ms for all attempts and waits together. */
  readonly totalTime: number;
  /** Statuses that are retried. */
  readonly statusCodes: ReadonlySet<number>;
}

const DEFAULTS: RetryPolicy = {
  retries: 3,
  minDelay: 250,
  maxDelay: 10_000,
  maxRetryAfter: 60_000,
  totalTime: 120_000,
  statusCodes: new Set([408, 429, 500, 502, 503, 504]),
};

const RETRY_KEYS = new Set(['retries', 'minDelay', 'maxDelay', 'maxRetryAfter', 'totalTime', 'statusCodes']);

function nonNegative(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative number (got ${String(value)})`, { option: name });
  }
  return value;
}

function statusCodes(value: unknown): ReadonlySet<number> {
  // A string would become its characters, and a number is not iterable: both refused.
  if (!Array.isArray(value) || !value.every((code) => Number.isInteger(code) && code >= 100 && code <= 599)) {
    throw new InvalidArgumentError(
      `retry.statusCodes must be an array of HTTP status codes, e.g. [429, 503] (got ${Array.isArray(value) ? JSON.stringify(value) : value === null ? 'null' : typeof value})`,
      { option: 'retry.statusCodes' },
    );
  }
  return new Set(value as number[]);
}

/** Turns the `retry` option's shorthands into a full policy. */
export function normalizeRetry(option: RetryOption | undefined): RetryPolicy {
  if (option === undefined || option === true) return DEFAULTS;
  if (option === false) return { ...DEFAULTS, retries: 0 };
  if (typeof option === 'number') return { ...DEFAULTS, retries: Math.floor(nonNegative(option, 'retry')) };
  if (typeof option !== 'object' || option === null) {
    throw new InvalidArgumentError(`retry must be a boolean, a number or an options object (got ${typeof option})`, {
      option: 'retry',
    });
  }
  for (const key of Object.keys(option)) {
    if (!RETRY_KEYS.has(key)) {
      throw new InvalidArgumentError(`Unknown retry option "retry.${key}" (known: ${[...RETRY_KEYS].join(', ')})`, {
        option: `retry.${key}`,
      });
    }
  }
  return {
    retries: option.retries === undefined ? DEFAULTS.retries : Math.floor(nonNegative(option.retries, 'retry.retries')),
    minDelay: option.minDelay === undefined ? DEFAULTS.minDelay : nonNegative(option.minDelay, 'retry.minDelay'),
    maxDelay: option.maxDelay === undefined ? DEFAULTS.maxDelay : nonNegative(option.maxDelay, 'retry.maxDelay'),
    maxRetryAfter:
      option.maxRetryAfter === undefined ? DEFAULTS.maxRetryAfter : nonNegative(option.maxRetryAfter, 'retry.maxRetryAfter'),
    totalTime: option.totalTime === undefined ? DEFAULTS.totalTime : nonNegative(option.totalTime, 'retry.totalTime'),
    statusCodes: option.statusCodes === undefined ? DEFAULTS.statusCodes : statusCodes(option.statusCodes),
  };
}

/** Methods RFC 9110 §9.2.2 calls idempotent. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/** True for methods that are safe to send twice. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * True for errors worth another attempt: network trouble, and provider throttling even
 * when it came with a status outside `statusCodes` (AWS ELB answers `Throttling` with a
 * 400). Never TLS, proxy auth, abort or total timeout.
 */
export function isRetryableError(err: unknown): boolean {
  if (!(err instanceof NubesError)) return false;
  if (err instanceof RateLimitError) return true;
  if (err instanceof SSLError || err instanceof ProxyAuthenticationError || err instanceof AbortError) return false;
  if (err instanceof TimeoutError) return err.kind !== 'total';
  return err instanceof NetworkError;
}

/**
 * Delay before retry number `retry` (1-based): full jitter over an exponential window,
 * or the provider's `Retry-After` when it is longer. Returns undefined when the
 * provider asked for more than `maxRetryAfter`.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfterSeconds?: number, random = Math.random): number | undefined {
  const window = Math.min(policy.maxDelay, policy.minDelay * 2 ** (retry - 1));
  const jittered = Math.round(window / 2 + (random() * window) / 2);
  if (retryAfterSeconds === undefined) return jittered;
  const asked = retryAfterSeconds * 1000;
  if (asked > policy.maxRetryAfter) return undefined;
  return Math.max(jittered, asked);
}

/** @internal Re-exported for the callers that still import it from here; the home is common/sleep.ts. */
export { sleep } from '../common/sleep.js';
