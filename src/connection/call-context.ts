/**
 * The per-call context: the caller's `signal` and the call's overall deadline, carried
 * with `AsyncLocalStorage` from a driver method to every request made while it runs
 * (pagination pages, polling, metadata and identity lookups), so no driver has to pass a
 * signal by hand and none can forget to. The area bases open a scope for every public
 * method call (src/common/call-options.ts); {@link Connection.request} reads it.
 *
 * A scope's `signal` aborts with the error the call fails with: an `AbortError` when the
 * caller's signal fires, a `TimeoutError` of kind `call` when the call's `timeout` passes.
 * Nested calls inherit the outer scope; a nested call with its own options gets a scope
 * that ends at the earlier of the two deadlines and aborts with either signal.
 *
 * @internal
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AbortError, TimeoutError } from '../common/errors/index.js';

/** One call's cancellation: what {@link currentCall} returns inside a driver method. */
export interface CallScope {
  /** Aborts with the error the call fails with (its `reason`: AbortError or TimeoutError of kind `call`). */
  readonly signal: AbortSignal;
  /** When the call must be over (epoch ms), or undefined for none. */
  readonly deadline: number | undefined;
  /** The call's name for messages (`'DigitalOcean.listNodes'`). */
  readonly label: string;
  /** The TimeoutError this call fails with when its deadline passes. */
  timeoutError(): TimeoutError;
}

/** A scope and the function that releases its timer and listeners. */
export interface OpenedScope {
  /** The scope, to run code in with {@link runInCall}. */
  readonly scope: CallScope;
  /** Clears the deadline timer and stops listening to the caller's and the parent's signals. */
  readonly dispose: () => void;
}

/** What opens a scope: the caller's signal and/or the call's total time. */
export interface ScopeOptions {
  /** The caller's signal. */
  readonly signal?: AbortSignal | undefined;
  /** The most the whole call may take, in ms. */
  readonly timeout?: number | undefined;
  /** An absolute end (epoch ms); the earlier of this and `timeout` wins. */
  readonly deadline?: number | undefined;
}

const storage = new AsyncLocalStorage<CallScope>();

/** The scope of the driver call running now, if any. */
export function currentCall(): CallScope | undefined {
  return storage.getStore();
}

/** Runs `fn` in `scope`: requests made by it (and by what it awaits) belong to that call. */
export function runInCall<T>(scope: CallScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/**
 * Runs `fn` outside any call: for work shared by several callers (a token refresh),
 * which one caller's signal or deadline must not end. Each caller waits for it with
 * {@link awaitInCall}.
 */
export function runOutsideCall<T>(fn: () => T): T {
  return storage.exit(fn);
}

/**
 * Opens a scope under `parent` (the current one by default). The scope aborts when the
 * caller's signal or the parent's aborts, or when the earlier deadline passes.
 */
export function openScope(label: string, options: ScopeOptions, parent: CallScope | undefined = currentCall()): OpenedScope {
  const controller = new AbortController();
  const started = Date.now();
  const own = Math.min(options.timeout === undefined ? Infinity : started + options.timeout, options.deadline ?? Infinity);
  const parentDeadline = parent?.deadline ?? Infinity;
  const end = Math.min(own, parentDeadline);
  const deadline = Number.isFinite(end) ? end : undefined;
  const timeoutError = (): TimeoutError => {
    if (parent !== undefined && parentDeadline <= own) return parent.timeoutError();
    const budget = options.timeout ?? Math.max(0, (options.deadline ?? started) - started);
    return new TimeoutError(`${label}: the call took longer than its timeout of ${budget} ms (timeout)`, 'call');
  };
  const scope: CallScope = { signal: controller.signal, deadline, label, timeoutError };
  const onCaller = (): void => controller.abort(new AbortError(`${label}: aborted`, { cause: options.signal?.reason }));
  const onParent = (): void => controller.abort(parent?.signal.reason);
  const sources: [AbortSignal | undefined, () => void][] = [
    [options.signal, onCaller],
    [parent?.signal, onParent],
  ];
  for (const [source, listener] of sources) {
    if (source === undefined || controller.signal.aborted) continue;
    if (source.aborted) listener();
    else source.addEventListener('abort', listener, { once: true });
  }
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined && !controller.signal.aborted) {
    const expire = (): void => controller.abort(timeoutError());
    const left = deadline - Date.now();
    if (left <= 0) expire();
    // Timers hold at most 2^31-1 ms; a longer deadline is as good as none for a timer.
    // Unref: a call left unfinished (an iterator never closed) must not keep the process alive.
    else if (left < 2 ** 31) timer = setTimeout(expire, left).unref();
  }
  return {
    scope,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const [source, listener] of sources) source?.removeEventListener('abort', listener);
    },
  };
}

/**
 * Throws the error the current call fails with when it is already aborted or past its
 * deadline; does nothing outside a call.
 */
export function throwIfCallEnded(scope: CallScope | undefined = currentCall()): void {
  if (scope?.signal.aborted) throw scope.signal.reason;
}

/**
 * Waits for `shared` (work that also serves other callers, started with
 * {@link runOutsideCall}) as long as this caller wants: rejects with the current call's
 * error (or an AbortError for `signal`) when either aborts first, leaving `shared` to
 * finish for the others.
 */
export function awaitInCall<T>(shared: Promise<T>, signal?: AbortSignal, what = 'shared request'): Promise<T> {
  const scope = currentCall();
  const signals = [scope?.signal, signal].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return shared;
  return new Promise<T>((resolve, reject) => {
    const reasonOf = (s: AbortSignal): unknown => (s === signal ? new AbortError(`${what}: wait aborted`, { cause: s.reason }) : s.reason);
    const stop = (s: AbortSignal): void => {
      cleanup();
      reject(reasonOf(s));
    };
    const listeners = signals.map((s) => [s, () => stop(s)] as const);
    const cleanup = (): void => {
      for (const [s, l] of listeners) s.removeEventListener('abort', l);
    };
    for (const [s, l] of listeners) {
      if (s.aborted) return stop(s);
      s.addEventListener('abort', l, { once: true });
    }
    shared.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
