/**
 * Re-issuing an error as a more specific class with the same context: a Response class
 * maps the status first (errorFromStatus), then, once it has read the provider's own
 * error code or the URL, turns e.g. a NotFoundError into a ZoneDoesNotExistError. One
 * helper, so no mapping forgets a field.
 */
import type { NubesError, NubesErrorOptions } from './nubes-error.js';

/** An error class taking nubes' usual constructor arguments `(message, options)`. */
export type ErrorClass<E extends NubesError = NubesError> = new (message: string, options?: NubesErrorOptions) => E;

/**
 * The context of `error` (status, provider, request id, retry-after, provider code),
 * as constructor options for another error; fields it does not have are left out.
 *
 * @internal
 */
export function errorContext(error: NubesError): NubesErrorOptions {
  const options: NubesErrorOptions = {};
  if (error.statusCode !== undefined) options.statusCode = error.statusCode;
  if (error.provider !== undefined) options.provider = error.provider;
  if (error.requestId !== undefined) options.requestId = error.requestId;
  if (error.retryAfter !== undefined) options.retryAfter = error.retryAfter;
  if (error.providerCode !== undefined) options.providerCode = error.providerCode;
  return options;
}

/**
 * `error` re-issued as an instance of `Cls` (default: its own class) with the same
 * message and context, `overrides` applied on top (e.g. `{ cause: error }` or a
 * provider code read from the body).
 *
 * @internal
 */
export function asErrorClass<C extends ErrorClass = ErrorClass>(
  error: NubesError,
  Cls: C = error.constructor as C,
  overrides: NubesErrorOptions = {},
): InstanceType<C> {
  return new Cls(error.message, { ...errorContext(error), ...overrides }) as InstanceType<C>;
}
