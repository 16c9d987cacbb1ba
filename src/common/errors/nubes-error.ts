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
  readonly code: string = 'NUBES_ERR_GENERIC';
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

  constructor(message: string, options: NubesErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.retryAfter = options.retryAfter;
    this.providerCode = options.providerCode;
  }
}
