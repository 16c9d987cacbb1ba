import type { NubesErrorCode } from './codes.js';

/**
 * The brand every nubes error carries (an own, non-enumerable property of each
 * instance). `Symbol.for` gives the same symbol in every copy of nubes loaded in one
 * process (a CLI `--plugin` may resolve its own copy), so {@link isNubesError} and
 * `instanceof` recognise an error thrown by another copy.
 */
const BRAND: unique symbol = Symbol.for('nubes.error') as never;
/** The class key on each error class's prototype: its stable class name, the same in every copy. */
const CLASS_KEY: unique symbol = Symbol.for('nubes.error.class') as never;

/** A class whose instances are nubes errors (any constructor signature). */
export type NubesErrorClass<E extends NubesError = NubesError> = abstract new (...args: never[]) => E;

/**
 * Tags error classes with their stable names, so `instanceof` and {@link isNubesError}
 * match them across copies of nubes. Every class of src/common/errors is registered
 * where it is defined.
 *
 * @internal
 */
export function registerErrorClasses(classes: Readonly<Record<string, NubesErrorClass>>): void {
  for (const [key, Cls] of Object.entries(classes)) {
    Object.defineProperty(Cls.prototype, CLASS_KEY, { value: key, enumerable: false, configurable: false, writable: false });
  }
}

function classKeyOf(proto: object): string | undefined {
  return Object.prototype.hasOwnProperty.call(proto, CLASS_KEY) ? ((proto as { [CLASS_KEY]?: string })[CLASS_KEY] ?? undefined) : undefined;
}

/** Whether `value` carries the brand of any copy of nubes. */
function branded(value: unknown): value is NubesError {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, BRAND);
}

/**
 * Whether `value` is an instance of `Cls`, or of the class with the same stable name in
 * another copy of nubes. Third-party subclasses (not registered) match by ordinary
 * prototype identity only.
 */
function isInstanceOf(value: unknown, Cls: NubesErrorClass): boolean {
  if (Function.prototype[Symbol.hasInstance].call(Cls, value)) return true;
  if (!branded(value)) return false;
  const key = classKeyOf(Cls.prototype as object);
  if (key === undefined) return false;
  for (let p: object | null = Object.getPrototypeOf(value) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (classKeyOf(p) === key) return true;
  }
  return false;
}

/**
 * Whether `value` is a nubes error — from this copy of nubes or any other loaded in the
 * process — and, given `Cls`, an instance of that class (or of its namesake in the
 * other copy). Prefer it to `instanceof` where errors may cross package copies;
 * `instanceof` works across copies too, through `NubesError[Symbol.hasInstance]`.
 *
 * @example
 * ```ts
 * import { isNubesError, RateLimitError } from 'nubes';
 *
 * function retryDelay(err: unknown): number | undefined {
 *   if (isNubesError(err, RateLimitError)) return (err.retryAfter ?? 1) * 1000;
 *   return undefined;
 * }
 * ```
 */
export function isNubesError(value: unknown): value is NubesError;
export function isNubesError<E extends NubesError>(value: unknown, Cls: NubesErrorClass<E>): value is E;
export function isNubesError(value: unknown, Cls?: NubesErrorClass): boolean {
  if (Cls === undefined) return branded(value);
  return branded(value) && isInstanceOf(value, Cls);
}

/**
 * Context carried by every nubes error. All fields are optional: an error raised
 * before any request was sent has no status code or request id.
 */
export interface NubesErrorOptions {
  /** The low-level failure behind this one (an undici or Node error, a parse error, ...). */
  cause?: unknown;
  /** The provider whose driver raised the error, e.g. `'digitalocean'`. */
  provider?: string | undefined;
  /** HTTP status code of the response that caused the error. */
  statusCode?: number | undefined;
  /** The provider's request id (from `x-amz-request-id`, `x-request-id`, ...), for support tickets. */
  requestId?: string | undefined;
  /** Seconds the provider asked us to wait before trying again (from `Retry-After`). */
  retryAfter?: number | undefined;
  /** The provider's own error code (e.g. AWS `InvalidInstanceID.NotFound`), when it sent one. */
  providerCode?: string | undefined;
}

/**
 * Root of every error nubes throws. Catch this to catch them all; switch on
 * {@link NubesError.code} (stable across releases) rather than on the message.
 *
 * Messages never contain secrets: credentials, tokens, signatures and proxy passwords
 * are redacted before an error is built.
 *
 * @example
 * ```ts
 * import { setTimeout as sleep } from 'node:timers/promises';
 * import { NubesError } from 'nubes';
 * import type { NodeDriver } from 'nubes/compute';
 *
 * async function listWithOneRetry(driver: NodeDriver) {
 *   try {
 *     return await driver.listNodes();
 *   } catch (err) {
 *     if (!(err instanceof NubesError) || err.code !== 'NUBES_ERR_RATE_LIMIT') throw err;
 *     await sleep((err.retryAfter ?? 1) * 1000);
 *     return driver.listNodes();
 *   }
 * }
 * ```
 */
export class NubesError extends Error {
  /**
   * The class name (`'NubesError'`, `'ProxyError'`, ...), set on every subclass so it
   * survives minification and shows in stack traces and logs.
   */
  override readonly name: string = 'NubesError';
  /** Stable, documented error code, e.g. `NUBES_ERR_PROXY`. See docs/errors.md. */
  readonly code: NubesErrorCode = 'NUBES_ERR_GENERIC';
  /** The provider whose driver raised the error. */
  readonly provider: string | undefined;
  /** HTTP status code, when the error came from a response. */
  readonly statusCode: number | undefined;
  /** Provider request id, when the response carried one. */
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, when the provider said so. */
  readonly retryAfter: number | undefined;
  /** The provider's own error code (e.g. AWS `InvalidInstanceID.NotFound`), when it sent one. */
  readonly providerCode: string | undefined;

  /**
   * `value instanceof NubesError` (or any subclass) is true for an instance of this
   * class or of its namesake in another copy of nubes: see {@link isNubesError}.
   */
  static override [Symbol.hasInstance]<E extends NubesError>(this: NubesErrorClass<E>, value: unknown): value is E {
    return isInstanceOf(value, this);
  }

  constructor(message: string, options: NubesErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, BRAND, { value: 1, enumerable: false, configurable: false, writable: false });
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.retryAfter = options.retryAfter;
    this.providerCode = options.providerCode;
  }
}

registerErrorClasses({ NubesError });
