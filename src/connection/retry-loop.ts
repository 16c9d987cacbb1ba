/**
 * The retry loop of a request, apart from the request itself (as undici keeps its retry
 * handler apart from the dispatcher): it sends an attempt, decides from the policy
 * whether and when to send it again, and gives the driver one chance to re-authenticate.
 * What is retried is described in retry.ts.
 */
import { InvalidCredentialsError, ProviderError, type NubesError } from '../common/errors/index.js';
import { backoffDelay, isRetryableError, type RetryPolicy } from './retry.js';
import { sleep } from '../common/sleep.js';
import { isStaleSocketError } from './transport/map-error.js';

/** What {@link runWithRetries} needs besides the attempt itself. */
export interface RetryLoopOptions {
  /** The request's retry policy. */
  readonly policy: RetryPolicy;
  /** True when the request may be sent again at all (replayable body, idempotent or marked so). */
  readonly canRetry: boolean;
  /** True when the body can be sent again (a consumed stream cannot), for a re-authenticated attempt. */
  readonly replayable: boolean;
  /** The request's signal (user abort and total deadline); its reason is the error thrown. */
  readonly signal: AbortSignal;
  /** Turns whatever an attempt threw into a NubesError with secrets redacted. */
  readonly clean: (err: unknown) => NubesError;
  /**
   * Asked once per request, when an attempt failed with InvalidCredentialsError: resolves
   * true to send the request once more. Returns undefined when it cannot be asked (no
   * attempt reached the hooks), which does not use up the one chance.
   */
  readonly reauthenticate: (err: InvalidCredentialsError) => Promise<boolean> | undefined;
  /** Told before each counted retry's wait: retry `retry` of `max`, after `delayMs`, because of `err` (logs and events). */
  readonly onRetry?: ((retry: number, max: number, delayMs: number, err: NubesError) => void) | undefined;
}

/** An attempt already made, that failed: the loop starts from its error. */
export interface FirstFailure {
  /** What the attempt threw. */
  readonly error: unknown;
  /** When it started (Date.now()), for the policy's `totalTime`. */
  readonly startedAt: number;
}

/**
 * Runs `attempt` until it succeeds or the policy says stop, and returns its result or
 * throws the last error (the signal's reason when the request was aborted or ran out of
 * time). With `first`, the first attempt was already made (and failed): the loop starts
 * by deciding about its error, as if it had made that attempt itself.
 */
export async function runWithRetries<R>(attempt: () => Promise<R>, options: RetryLoopOptions, first?: FirstFailure): Promise<R> {
  const { policy, canRetry, signal, clean } = options;
  const started = first?.startedAt ?? Date.now();
  let pending = first;
  let staleRetried = false;
  let reauthenticated = false;
  for (let n = 0; ; n++) {
    let caught: unknown;
    if (pending !== undefined) {
      caught = pending.error;
      pending = undefined;
    } else {
      try {
        return await attempt();
      } catch (err) {
        caught = err;
      }
    }
    const err = signal.aborted ? (signal.reason as NubesError) : clean(caught);
    if (signal.aborted) throw err;
    if (!reauthenticated && err instanceof InvalidCredentialsError) {
      const asked = options.reauthenticate(err);
      if (asked !== undefined) {
        reauthenticated = true;
        // The hook runs even for a stream body (so it can drop a revoked token for the
        // next request); the request itself is only sent again when it can be.
        if ((await asked) && options.replayable) {
          n--;
          continue;
        }
      }
    }
    if (!canRetry) throw err;
    if (!staleRetried && isRetryableError(err) && isStaleSocketError(err)) {
      // A reused keep-alive socket the peer had closed (tinyproxy closes after every
      // response): retry at once, without counting it as an attempt. Only for errors
      // the policy retries at all: a TLS or proxy-auth failure whose cause is a reset
      // is never sent again.
      staleRetried = true;
      n--;
      continue;
    }
    const retryableStatus = err instanceof ProviderError && err.statusCode !== undefined && policy.statusCodes.has(err.statusCode);
    if (!retryableStatus && !isRetryableError(err)) throw err;
    if (n >= policy.retries) throw err;
    const delay = backoffDelay(policy, n + 1, err.retryAfter);
    if (delay === undefined || Date.now() - started + delay > policy.totalTime) throw err;
    options.onRetry?.(n + 1, policy.retries, delay, err);
    try {
      await sleep(delay, signal);
    } catch {
      throw signal.reason as NubesError;
    }
  }
}
