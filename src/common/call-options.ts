/**
 * `{ signal, timeout }` on every driver method, without any driver having to remember
 * it. BaseDriver's constructor calls {@link instrumentDriverClass} when a driver is
 * constructed: every public method of the driver's class and of its ancestors (the area
 * base: NodeDriver, StorageDriver, DNSDriver, LoadBalancerDriver) is wrapped once, so that a call
 * whose last argument carries `signal` or `timeout` runs in a per-call scope
 * (src/connection/call-context.ts) which every request of the call — pages, polls,
 * token and metadata lookups — obeys through `Connection.request`.
 */
import { InvalidArgumentError } from './errors/index.js';
import { currentCall, openScope, runInCall, type CallScope } from '../connection/call-context.js';
import type { OptionSpec } from './validate.js';

/**
 * Options every driver method accepts, as its last argument: the keys of its options
 * object (`createNode({ ..., signal })`), or a trailing `options` argument for methods
 * with positional arguments (`getNode(id, { signal })`, `listNodes({ timeout: 30_000 })`).
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 *
 * const driver = new (getDriver(Provider.DUMMY))('key');
 * const controller = new AbortController();
 * const nodes = await driver.listNodes({ signal: controller.signal, timeout: 30_000 });
 * for await (const node of driver.iterateNodes({ timeout: 60_000 })) console.log(node.name);
 * ```
 */
export interface CallOptions {
  /**
   * Cancels the call: every request it has in flight is aborted and it rejects with an
   * `AbortError` (`cause`: the signal's reason). For a waiter, cancels the wait, not the
   * operation on the provider's side.
   */
  signal?: AbortSignal | undefined;
  /**
   * The most the whole call may take, in ms: every request, retry, page, poll and token
   * refresh it waits for. When it passes, the call rejects with a `TimeoutError` of kind
   * `call`. It is not the connection's `timeout` option, which bounds each request on its
   * own (connect, idle, total). For an `iterate*` it runs from the call until the
   * iteration ends, the time your loop body takes included. For the waiters
   * (`waitUntilState`, `waitUntilRunning`, ...) it is the wait's own timeout, ending with
   * their `WaitTimeoutError`.
   */
  timeout?: number | undefined;
}

/** {@link CallOptions} for `checkCallOptions` specs: a method's `static callOptions` spread this in. */
export const CALL_OPTIONS: OptionSpec = { signal: 'signal', timeout: 'number' };

const INSTRUMENTED = Symbol.for('nubes.callOptions.instrumented');
const done = new WeakSet<object>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The `signal` and `timeout` of a call's options, checked.
 *
 * @throws {InvalidArgumentError} (option `signal` or `timeout`) for a signal that is not an
 *   AbortSignal, or a timeout that is not a positive finite number of ms.
 */
export function readCallOptions(method: string, options: unknown): CallOptions {
  if (!isPlainObject(options)) return {};
  const { signal, timeout } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError(`${method}: option "signal" must be an AbortSignal (got ${typeof signal === 'object' ? String(signal) : JSON.stringify(signal)})`, {
      option: 'signal',
    });
  }
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    throw new InvalidArgumentError(`${method}: option "timeout" must be a positive number of ms (got ${typeof timeout === 'number' ? String(timeout) : JSON.stringify(timeout) ?? typeof timeout})`, {
      option: 'timeout',
    });
  }
  return { signal, timeout };
}

/**
 * The public driver methods, by their verbs (`listNodes`, `iterateZones`, `getObject`,
 * `createRecord`, `rebootNode`, `balancerAttachMember`, `exListFloatingIps`,
 * `waitUntilState`, ...). Protected helpers (`requireSizeAndImage`, `openDownload`,
 * `zoneApex`, `createConnection`) are not calls and keep their arguments to themselves.
 */
const PUBLIC_CALL = /^(list|iterate|get|create|update|delete|destroy|reboot|start|stop|attach|detach|import|export|wait|ex[A-Z]|balancer|enable|disable|copy|move|set|purge|resize|rename|add|remove)/;

/** Methods that manage `signal` and `timeout` themselves (transfers) or are not calls. */
function skipped(name: string): boolean {
  return !PUBLIC_CALL.test(name) || name === 'createConnection' || /^(upload|download)/.test(name);
}

/**
 * Waiters (`waitUntilRunning`, `waitUntilState`, `waitForChange`, ...) take `timeout` as
 * their wait's budget and end with their own `WaitTimeoutError`: for them the scope
 * carries the signal only, and the waiter bounds its polls itself (src/common/poll.ts).
 */
function isWaiter(name: string): boolean {
  return /^wait[A-Z]/.test(name);
}

interface AsyncIteratorLike {
  next(...args: unknown[]): Promise<IteratorResult<unknown>>;
  return?(value?: unknown): Promise<IteratorResult<unknown>>;
  [Symbol.asyncIterator](): unknown;
}

function isAsyncIterator(value: unknown): value is AsyncIteratorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncIteratorLike).next === 'function' &&
    typeof (value as AsyncIteratorLike)[Symbol.asyncIterator] === 'function'
  );
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<unknown>).then === 'function';
}

/** An async generator that steps `inner` inside `scope`, and releases the scope when the iteration ends. */
async function* iterateInScope(inner: AsyncIteratorLike, scope: CallScope, dispose: () => void): AsyncGenerator<unknown, unknown, undefined> {
  let finished = false;
  try {
    for (;;) {
      if (scope.signal.aborted) throw scope.signal.reason;
      const step = await runInCall(scope, () => inner.next());
      if (step.done) {
        finished = true;
        return step.value;
      }
      yield step.value;
    }
  } finally {
    // A `break` out of `for await` (or an error) ends here: the driver's generator is
    // closed inside the scope, so its own `finally` blocks run (nothing is left to
    // fetch: the next page is only asked for when the caller wants more items).
    try {
      if (!finished) await runInCall(scope, async () => inner.return?.());
    } finally {
      dispose();
    }
  }
}

/** How a method reports a failure: a rejected promise, a failing iteration, or a throw. */
type Kind = 'async' | 'generator' | 'sync';

function kindOf(fn: (...args: unknown[]) => unknown): Kind {
  const tag = Object.prototype.toString.call(fn);
  return tag === '[object AsyncFunction]' ? 'async' : tag === '[object AsyncGeneratorFunction]' ? 'generator' : 'sync';
}

/** `err` as the method would have reported it: async methods reject, generators fail on the first `next()`. */
function fail(kind: Kind, err: unknown): unknown {
  if (kind === 'async') return Promise.reject(err as Error);
  if (kind === 'generator') {
    // eslint-disable-next-line require-yield -- an iteration that fails on its first step
    return (async function* failing(): AsyncGenerator<never, void, undefined> {
      throw err;
    })();
  }
  throw err;
}

/**
 * The call options of a provider extra (`ex*`): its last argument may be user data (tags,
 * labels, a rule), so it counts as call options only when it holds an AbortSignal
 * `signal` or a numeric `timeout`, and other values are left to the method.
 */
function lenientCallOptions(last: unknown): CallOptions {
  if (!isPlainObject(last)) return {};
  const signal = last.signal instanceof AbortSignal ? last.signal : undefined;
  const timeout = typeof last.timeout === 'number' ? last.timeout : undefined;
  return signal === undefined && timeout === undefined ? {} : { signal, timeout };
}

function wrap(name: string, original: (...args: unknown[]) => unknown, label: (driver: unknown) => string): (...args: unknown[]) => unknown {
  const waiter = isWaiter(name);
  const extra = /^ex[A-Z]/.test(name);
  const kind = kindOf(original);
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const last = args.length > 0 ? args[args.length - 1] : undefined;
    let options: CallOptions;
    try {
      options = readCallOptions(name, extra ? lenientCallOptions(last) : last);
    } catch (err) {
      return fail(kind, err);
    }
    const { signal, timeout } = options;
    if (signal === undefined && (timeout === undefined || waiter)) return original.apply(this, args);
    const { scope, dispose } = openScope(`${label(this)}.${name}`, { signal, timeout: waiter ? undefined : timeout }, currentCall());
    // Already aborted or past the deadline: refuse before any work.
    if (scope.signal.aborted) {
      dispose();
      return fail(kind, scope.signal.reason);
    }
    let result: unknown;
    try {
      result = runInCall(scope, () => original.apply(this, args));
    } catch (err) {
      dispose();
      throw err;
    }
    if (isAsyncIterator(result)) return iterateInScope(result, scope, dispose);
    if (isPromise(result)) {
      // Reject with the scope's error as soon as it aborts, even while the method awaits
      // something that does not listen (a timer, a lock): the abort wins the race.
      return new Promise((resolve, reject) => {
        const onAbort = (): void => reject(scope.signal.reason as Error);
        scope.signal.addEventListener('abort', onAbort, { once: true });
        result.then(resolve, reject).finally(() => {
          scope.signal.removeEventListener('abort', onAbort);
          dispose();
        });
      });
    }
    dispose();
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  Object.defineProperty(wrapped, INSTRUMENTED, { value: original });
  return wrapped;
}

/**
 * Gives every public method of `cls` and of its ancestors below `base` (BaseDriver)
 * the per-call options: when the last argument is a plain object with a `signal` or a
 * `timeout`, the method runs in a call scope (see {@link CallOptions}). Each prototype is
 * wrapped once; later calls return at once. Methods named `upload*`/`download*` (which
 * handle their options themselves), `constructor` and `_`-prefixed names are left alone.
 *
 * @throws {InvalidArgumentError} at call time, naming `signal` or `timeout`, for a bad value.
 * @internal
 */
export function instrumentDriverClass(cls: abstract new (...args: never[]) => object, base: abstract new (...args: never[]) => object): void {
  if (done.has(cls)) return;
  const label = (driver: unknown): string => (driver as { name?: string } | undefined)?.name ?? 'driver';
  for (let proto = cls.prototype as object | null; proto !== null && proto !== base.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    if (!done.has(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (skipped(name)) continue;
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        if (descriptor === undefined || typeof descriptor.value !== 'function' || INSTRUMENTED in descriptor.value) continue;
        Object.defineProperty(proto, name, { ...descriptor, value: wrap(name, descriptor.value as (...args: unknown[]) => unknown, label) });
      }
      done.add(proto);
    }
  }
  done.add(cls);
}
