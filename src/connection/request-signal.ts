/**
 * The signal of one `request()`: the caller's abort and the total deadline on one
 * controller, whose reason is the error the request fails with.
 */
import { AbortError, TimeoutError } from '../common/errors/index.js';
import { NEVER_ABORTED } from './transport/transport.js';

/** The request's signal and the function that releases its timer and listener. */
export interface RequestSignal {
  /** Aborts with an AbortError (caller) or a TimeoutError of kind `total` (deadline). */
  readonly signal: AbortSignal;
  /** Clears the deadline and stops listening to the caller's signal. */
  readonly cleanup: () => void;
}

/** The signal of a request nothing can abort: shared, with nothing to clean up. */
const UNBOUNDED: RequestSignal = { signal: NEVER_ABORTED, cleanup: () => undefined };

/**
 * Combines the caller's `signal`, the signal of the driver call the request belongs to
 * (`callSignal`, from the per-call context) and the `total` deadline (ms, 0 for none). `what()` (the
 * method and redacted URL, computed only on failure) is named in the errors. Without either, a shared signal that
 * never aborts spares every request an AbortController and the HTTP stack its abort
 * bookkeeping (~15% of a loopback call).
 */
export function requestSignal(userSignal: AbortSignal | undefined, total: number, what: () => string, callSignal?: AbortSignal): RequestSignal {
  if (userSignal === undefined && callSignal === undefined && !(total > 0)) return UNBOUNDED;
  const controller = new AbortController();
  const signal = controller.signal;
  const onUserAbort = (): void => controller.abort(new AbortError(`Request aborted: ${what()}`, { cause: userSignal?.reason }));
  // The call's signal already aborts with the error the call fails with (AbortError, or
  // TimeoutError of kind `call`): passed on as it is.
  const onCallAbort = (): void => controller.abort(callSignal?.reason);
  if (userSignal?.aborted) onUserAbort();
  else userSignal?.addEventListener('abort', onUserAbort, { once: true });
  if (callSignal?.aborted) {
    if (!signal.aborted) onCallAbort();
  } else callSignal?.addEventListener('abort', onCallAbort, { once: true });
  const totalTimer =
    total > 0
      ? setTimeout(() => controller.abort(new TimeoutError(`Total timeout: ${what()} took longer than ${total} ms (timeout.total)`, 'total')), total)
      : undefined;
  return {
    signal,
    cleanup: () => {
      if (totalTimer) clearTimeout(totalTimer);
      userSignal?.removeEventListener('abort', onUserAbort);
      callSignal?.removeEventListener('abort', onCallAbort);
    },
  };
}
