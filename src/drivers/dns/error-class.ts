/**
 * Re-issues an error the status map produced as a more specific class (an area error
 * such as ZoneDoesNotExistError), keeping its message and context (status, provider,
 * request id, retry-after, provider code). DNS drivers' Response classes use it once
 * they have read the provider's own error code.
 */
import type { NubesError, NubesErrorOptions } from '../../common/errors/index.js';

/** An error class taking nubes' usual constructor arguments. */
export type ErrorClass = new (message: string, options?: NubesErrorOptions) => NubesError;

/** `error` as an instance of `Cls` (default: its own class), with `overrides` applied to its context. */
export function asErrorClass(error: NubesError, Cls: ErrorClass = error.constructor as ErrorClass, overrides: NubesErrorOptions = {}): NubesError {
  const options: NubesErrorOptions = {};
  if (error.statusCode !== undefined) options.statusCode = error.statusCode;
  if (error.provider !== undefined) options.provider = error.provider;
  if (error.requestId !== undefined) options.requestId = error.requestId;
  if (error.retryAfter !== undefined) options.retryAfter = error.retryAfter;
  if (error.providerCode !== undefined) options.providerCode = error.providerCode;
  return new Cls(error.message, { ...options, ...overrides });
}
