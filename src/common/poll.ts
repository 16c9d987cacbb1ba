/**
 * The one long-running-operation poller. GCE operations, ARM `Azure-AsyncOperation` /
 * `Location` polling, Route 53 and Cloud DNS changes, DigitalOcean actions and the
 * compute wait helpers all wait through {@link poll}: one deadline, one AbortSignal, one
 * backoff, `Retry-After` honoured, one typed timeout error.
 */
import { AbortError, InvalidArgumentError, WaitTimeoutError } from './errors/index.js';
import { sleep } from './sleep.js';
import { currentCall, openScope, runInCall } from '../connection/call-context.js';

/** What one check of a long-running operation found. */
export type PollResult<T> =
  | {
      /** The operation is finished (successfully: a failed operation is thrown by the check). */
      done: true;
      /** What {@link poll} resolves to. */
      value: T;
    }
  | {
      /** Not finished yet. */
      done: false;
      /** The operation's state as the provider reports it (`RUNNING`, `InProgress`, `PENDING`), for the timeout message. */
      state?: string;
      /** Seconds the provider asked to wait before the next check (`Retry-After`), if it said. */
      retryAfter?: number;
    };

/** Options of {@link poll}. */
export interface PollOptions {
  /** Cancels the wait (not the operation): rejects with an {@link AbortError}. */
  signal?: AbortSignal;
  /** The longest the whole wait may take, in ms. Default 600 000 (10 minutes). */
  timeout?: number;
  /** An absolute end (epoch ms, `Date.now()` scale); the earlier of `deadline` and `timeout` wins. */
  deadline?: number;
  /** The first delay between checks, in ms. Default 1000. */
  interval?: number;
  /** The longest delay between checks, in ms (backoff stops growing there). Default 15 000. */
  maxInterval?: number;
  /** Factor by which the delay grows after each check. Default 1.5; 1 keeps it constant. */
  backoff?: number;
  /** What is awaited, for messages (`'GCE operation operation-123'`). */
  what?: string;
  /** The provider, carried on errors. */
  provider?: string;
  /**
   * Builds the error thrown when time runs out, for callers with a more specific class
   * (`NodeStateTimeoutError`). Default: a {@link WaitTimeoutError}.
   */
  timeoutError?: (message: string) => Error;
  /** @internal Injected clock, for tests. */
  now?: () => number;
}

function positive(value: number | undefined, option: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new InvalidArgumentError(`${option} must be a number${min > 0 ? ` of at least ${min}` : ' of 0 or more'} (got ${String(value)})`, { option });
  }
  return value;
}

/**
 * Calls `check` until it reports `done`, waiting between calls with exponential backoff
 * (from `interval` up to `maxInterval`), never shorter than a `retryAfter` the check
 * reports, and never past the deadline. The first check runs at once.
 *
 * A check that throws ends the wait with its error (a failed operation, a 404); transient
 * HTTP failures inside a check are already retried by the Connection.
 *
 * @returns the `value` of the first `done` result.
 * @throws {WaitTimeoutError} (or `timeoutError(...)`) when the deadline passes first.
 * @throws {AbortError} when `signal` fires; `cause` is the signal's reason.
 * @throws {InvalidArgumentError} naming the option for a negative or non-numeric one.
 * @example
 * ```ts
 * import { poll } from 'nubes';
 *
 * async function waitForChange(getStatus: () => Promise<'pending' | 'done'>, signal?: AbortSignal) {
 *   await poll(async () => {
 *     const status = await getStatus();
 *     return status === 'done' ? { done: true, value: undefined } : { done: false, state: status };
 *   }, { what: 'DNS change', timeout: 120_000, interval: 2_000, signal });
 * }
 * ```
 */
export async function poll<T>(check: (attempt: number) => Promise<PollResult<T>>, options: PollOptions = {}): Promise<T> {
  const now = options.now ?? Date.now;
  const timeout = positive(options.timeout, 'timeout', 600_000, 1);
  const interval = positive(options.interval, 'interval', 1_000);
  const maxInterval = Math.max(interval, positive(options.maxInterval, 'maxInterval', 15_000));
  const backoff = positive(options.backoff, 'backoff', 1.5, 1);
  const what = options.what ?? 'operation';
  const { signal, provider } = options;
  const started = now();
  const ownDeadline = Math.min(started + timeout, options.deadline === undefined ? Infinity : positive(options.deadline, 'deadline', 0));
  // The driver call the wait belongs to (`createNode({ timeout, signal })`): its signal
  // ends the wait, and its deadline when earlier than the wait's.
  const call = currentCall();
  const aborted = (): AbortError => new AbortError(`${what}: wait aborted`, { cause: signal?.reason, provider });
  let lastState: string | undefined;
  const timedOut = (): Error => {
    const message = `${what}: not finished after ${Math.round(now() - started)} ms${lastState === undefined ? '' : ` (last state: ${lastState})`}`;
    return options.timeoutError ? options.timeoutError(message) : new WaitTimeoutError(message, { provider });
  };
  // Each check runs in a scope that ends at the wait's deadline, so a request in flight
  // when the wait runs out is aborted rather than left to run past it.
  const { scope, dispose } = openScope(what, { signal, deadline: Date.now() + (ownDeadline - started) }, call);
  const ended = (): Error => {
    if (signal?.aborted) return aborted();
    if (call?.signal.aborted) return call.signal.reason as Error;
    return timedOut();
  };
  try {
    return await runInCall(scope, async () => {
      let delay = interval;
      for (let attempt = 0; ; attempt++) {
        if (scope.signal.aborted) throw ended();
        let result: PollResult<T>;
        try {
          result = await check(attempt);
        } catch (err) {
          throw scope.signal.aborted && err === scope.signal.reason ? ended() : err;
        }
        if (result.done) return result.value;
        lastState = result.state ?? lastState;
        const asked = result.retryAfter !== undefined && Number.isFinite(result.retryAfter) && result.retryAfter > 0 ? result.retryAfter * 1000 : 0;
        const wait = Math.max(delay, asked);
        if (wait >= ownDeadline - now()) throw timedOut();
        if (call?.deadline !== undefined && wait >= call.deadline - Date.now()) throw call.timeoutError();
        try {
          await sleep(wait, scope.signal);
        } catch {
          throw ended();
        }
        delay = Math.min(maxInterval, delay * backoff);
      }
    });
  } finally {
    dispose();
  }
}
