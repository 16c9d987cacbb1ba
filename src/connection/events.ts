/**
 * Observability: structured, redacted events about every request of a Connection, sent
 * to the `logger` option and published on `node:diagnostics_channel` (as undici publishes
 * `undici:request:create`), so that a log pipeline or an OpenTelemetry/APM agent can
 * follow nubes calls with no dependency.
 *
 * Nothing is built when nobody listens: {@link beginRequest} returns undefined unless a
 * logger is set or a channel has subscribers, and the request path only calls into an
 * observation it got. Every string that leaves here went through the URL redactor and
 * the connection's secret set: no token, signature or proxy password reaches a listener.
 * See docs/observability.md.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { InvalidArgumentError, NubesError } from '../common/errors/index.js';
import { REDACTED, redactUrl, type SecretSet } from '../common/redact.js';

/**
 * What the `logger` option takes: any object with `debug`, `info` and `warn` methods —
 * `console`, a pino logger, a winston logger. Each method is called with one argument,
 * the event object (a {@link NubesEvent}), whose `message` field is a one-line summary.
 */
export interface Logger {
  /** Request start and end. */
  debug(event: NubesEvent): unknown;
  /** Token refreshes. */
  info(event: NubesEvent): unknown;
  /** Retries, redirects given up, failed requests. */
  warn(event: NubesEvent): unknown;
}

/** The names of the `node:diagnostics_channel` channels nubes publishes on. */
export const EVENT_CHANNELS = {
  /** {@link RequestStartEvent}: an attempt of a request is about to be sent. */
  start: 'nubes:request:start',
  /** {@link RequestEndEvent}: a request got its final answer. */
  end: 'nubes:request:end',
  /** {@link RequestRetryEvent}: a request will be sent again after a delay. */
  retry: 'nubes:request:retry',
  /** {@link RequestRedirectEvent}: a redirect was followed, or given up at the limit. */
  redirect: 'nubes:request:redirect',
  /** {@link RequestErrorEvent}: a request failed for good. */
  error: 'nubes:request:error',
  /** {@link TokenRefreshEvent}: an OAuth token was obtained (or failed to be). */
  tokenRefresh: 'nubes:token:refresh',
} as const;

const startChannel = diagnosticsChannel.channel(EVENT_CHANNELS.start);
const endChannel = diagnosticsChannel.channel(EVENT_CHANNELS.end);
const retryChannel = diagnosticsChannel.channel(EVENT_CHANNELS.retry);
const redirectChannel = diagnosticsChannel.channel(EVENT_CHANNELS.redirect);
const errorChannel = diagnosticsChannel.channel(EVENT_CHANNELS.error);
const tokenChannel = diagnosticsChannel.channel(EVENT_CHANNELS.tokenRefresh);

/** Fields every request event has. */
export interface RequestEventBase {
  /** Correlates the events of one `request()` call (start, retries, redirects, end or error). Unique in the process. */
  readonly requestId: string;
  /** The provider of the connection, when the driver set one. */
  readonly provider: string | undefined;
  /** HTTP method. */
  readonly method: string;
  /** The request URL, redacted (no signature, token or password in it). */
  readonly url: string;
  /** A one-line human summary (what a logger prints as the message). */
  readonly message: string;
}

/** An attempt of a request is about to be sent. Logged at `debug`. */
export interface RequestStartEvent extends RequestEventBase {
  /** Stable event name. */
  readonly event: 'nubes.request.start';
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** The proxy used, redacted (`http://user:[REDACTED]@proxy:3128`), or null for a direct connection. */
  readonly proxy: string | null;
  /** `'undici'`, `'node'` or a custom transport's name. */
  readonly transport: string;
}

/** A request got its final answer (after retries and redirects). Logged at `debug`. */
export interface RequestEndEvent extends RequestEventBase {
  /** Stable event name. */
  readonly event: 'nubes.request.end';
  /** HTTP status of the final answer. */
  readonly status: number;
  /** Time since the request started, retries included, in ms (to the headers, for a streamed answer). */
  readonly durationMs: number;
  /** Body size in bytes when known (buffered body, or Content-Length of a streamed one). */
  readonly bytes: number | undefined;
  /** The provider's request id from the answer's headers (x-amz-request-id, x-ms-request-id, ...). */
  readonly providerRequestId: string | undefined;
  /** Attempts sent. */
  readonly attempts: number;
}

/** A request will be sent again. Logged at `warn`. */
export interface RequestRetryEvent extends RequestEventBase {
  /** Stable event name. */
  readonly event: 'nubes.request.retry';
  /** Which retry this is: 1 for the first. */
  readonly retry: number;
  /** Retries the policy allows. */
  readonly maxRetries: number;
  /** How long nubes waits before sending it again, in ms. */
  readonly delayMs: number;
  /** The error class that caused it (`ServiceUnavailableError`, `NetworkError`, ...). */
  readonly reason: string;
  /** The error's code (`NUBES_ERR_...`), when it has one. */
  readonly code: string | undefined;
  /** The HTTP status that caused it, when there was one. */
  readonly status: number | undefined;
}

/** A redirect answer. Logged at `debug` when followed, `warn` when given up at the `followRedirects` limit. */
export interface RequestRedirectEvent extends RequestEventBase {
  /** Stable event name. */
  readonly event: 'nubes.request.redirect';
  /** The redirect status (301, 302, 303, 307, 308). */
  readonly status: number;
  /** Where the redirect came from, redacted. */
  readonly from: string;
  /** Where it leads, redacted. */
  readonly to: string;
  /** False when the limit was reached and the redirect answer is returned as it is. */
  readonly followed: boolean;
}

/** A request failed for good (after retries). Logged at `warn`. */
export interface RequestErrorEvent extends RequestEventBase {
  /** Stable event name. */
  readonly event: 'nubes.request.error';
  /** The error class (`NotFoundError`, `TimeoutError`, ...). */
  readonly error: string;
  /** The error's code (`NUBES_ERR_...`), when it has one. */
  readonly code: string | undefined;
  /** The HTTP status, when the failure was an answer. */
  readonly status: number | undefined;
  /** Time since the request started, in ms. */
  readonly durationMs: number;
  /** Attempts sent. */
  readonly attempts: number;
}

/** An OAuth token was obtained, or could not be. Logged at `info` (`warn` on failure). Never holds the token. */
export interface TokenRefreshEvent {
  /** Stable event name. */
  readonly event: 'nubes.token.refresh';
  /** The provider of the connection that asked, when set. */
  readonly provider: string | undefined;
  /** The credential kind (`'service-account'`, `'metadata'`, `'client-secret'`, ...). */
  readonly credential: string;
  /** The scopes asked for. */
  readonly scopes: readonly string[];
  /** How long the exchange took, in ms. */
  readonly durationMs: number;
  /** When the new token expires (epoch ms); undefined on failure. */
  readonly expiresAt: number | undefined;
  /** The error class on failure, else undefined. */
  readonly error: string | undefined;
  /** A one-line human summary. */
  readonly message: string;
}

/** Every event nubes emits; `event` tells them apart. */
export type NubesEvent = RequestStartEvent | RequestEndEvent | RequestRetryEvent | RequestRedirectEvent | RequestErrorEvent | TokenRefreshEvent;

/**
 * Checks the `logger` option.
 *
 * @throws {InvalidArgumentError} naming `logger` for a non-object or an object without `debug`, `info` and `warn` methods.
 */
export function checkLogger(value: unknown): void {
  if (value === undefined) return;
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    throw new InvalidArgumentError(`logger must be an object with debug, info and warn methods, like console or a pino logger (got ${value === null ? 'null' : typeof value})`, {
      option: 'logger',
    });
  }
  const missing = (['debug', 'info', 'warn'] as const).filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new InvalidArgumentError(`logger must have debug, info and warn methods (missing: ${missing.join(', ')})`, { option: 'logger' });
  }
}

/**
 * Redacts a query value that, once decoded, carries a credential of its own: a URL nested
 * in a parameter (`?to=%2Fjson%3FX-Amz-Signature%3D...`, a `returnUrl`, a `nextLink`),
 * which {@link redactUrl} sees only in its encoded form.
 */
function redactNested(text: string, depth = 0): string {
  if (depth > 3 || !text.includes('%')) return text;
  return text.replace(/([?&])([^=&#]+)=([^&#]*)/g, (member, sep: string, key: string, value: string) => {
    if (!value.includes('%')) return member;
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return member;
    }
    return redactUrl(decoded) !== decoded || redactNested(decoded, depth + 1) !== decoded ? `${sep}${key}=${REDACTED}` : member;
  });
}

let sequence = 0;
/** Process-unique, short, and free of anything about the request. */
const PREFIX = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

function errorFields(err: unknown): { error: string; code: string | undefined; status: number | undefined } {
  const error = err instanceof Error ? err.constructor.name : typeof err;
  const code = err instanceof NubesError ? err.code : undefined;
  const status = err instanceof NubesError ? err.statusCode : undefined;
  return { error, code, status };
}

/** Connection-wide observability state: the logger and the secrets to redact with. */
export class Observer {
  constructor(
    readonly logger: Logger | undefined,
    private readonly secrets: SecretSet,
  ) {}

  /** Redacts a URL (query credentials, userinfo) and every known secret. */
  clean(url: string | URL): string {
    return this.secrets.redact(redactNested(redactUrl(url)));
  }

  /** The observation of one request, or undefined when nobody listens (the hot path then does nothing). */
  beginRequest(method: string, url: URL, provider: string | undefined): RequestObservation | undefined {
    if (
      this.logger === undefined &&
      !startChannel.hasSubscribers &&
      !endChannel.hasSubscribers &&
      !retryChannel.hasSubscribers &&
      !redirectChannel.hasSubscribers &&
      !errorChannel.hasSubscribers
    ) {
      return undefined;
    }
    return new RequestObservation(this, method, url, provider);
  }

  /** Sends `event` to the logger at `level` and publishes it on `channel`, when either listens. */
  emit(level: keyof Logger, channel: diagnosticsChannel.Channel, event: NubesEvent): void {
    if (channel.hasSubscribers) channel.publish(event);
    if (this.logger !== undefined) {
      try {
        this.logger[level](event);
      } catch {
        // A failing logger must not fail the request.
      }
    }
  }

  /** Reports a token refresh (called by the token cache through {@link reportTokenRefresh}). */
  tokenRefresh(info: TokenRefreshInfo, provider: string | undefined): void {
    if (this.logger === undefined && !tokenChannel.hasSubscribers) return;
    const failed = info.error !== undefined;
    const error = failed ? errorFields(info.error).error : undefined;
    const scopes = info.scopes.map((s) => this.secrets.redact(s));
    const event: TokenRefreshEvent = {
      event: 'nubes.token.refresh',
      provider,
      credential: info.credential,
      scopes,
      durationMs: info.durationMs,
      expiresAt: info.expiresAt,
      error,
      message: failed
        ? `token refresh (${info.credential}) failed after ${info.durationMs} ms: ${error}`
        : `token refreshed (${info.credential}) in ${info.durationMs} ms, expires ${new Date(info.expiresAt ?? 0).toISOString()}`,
    };
    this.emit(failed ? 'warn' : 'info', tokenChannel, event);
  }
}

/** The events of one `request()` call. Created only when somebody listens. */
export class RequestObservation {
  /** Correlates every event of this request. */
  readonly requestId = `${PREFIX}-${(++sequence).toString(36)}`;
  readonly #started = performance.now();
  readonly #observer: Observer;
  readonly #method: string;
  readonly #url: string;
  readonly #provider: string | undefined;
  #attempts = 0;

  constructor(observer: Observer, method: string, url: URL, provider: string | undefined) {
    this.#observer = observer;
    this.#method = method;
    this.#url = observer.clean(url);
    this.#provider = provider;
  }

  #base(message: string): RequestEventBase {
    return { requestId: this.requestId, provider: this.#provider, method: this.#method, url: this.#url, message };
  }

  #elapsed(): number {
    return Math.round(performance.now() - this.#started);
  }

  /** An attempt is about to be sent through `proxy` (redacted origin) or directly. */
  start(proxy: string | null, transport: string): void {
    const attempt = ++this.#attempts;
    const cleanProxy = proxy === null ? null : this.#observer.clean(proxy);
    const event: RequestStartEvent = {
      event: 'nubes.request.start',
      ...this.#base(`${this.#method} ${this.#url} attempt ${attempt} via ${transport}${cleanProxy ? ` through ${cleanProxy}` : ' (direct)'}`),
      attempt,
      proxy: cleanProxy,
      transport,
    };
    this.#observer.emit('debug', startChannel, event);
  }

  /** The request will be sent again: retry `retry` of `maxRetries`, after `delayMs`, because of `err`. */
  retry(retry: number, maxRetries: number, delayMs: number, err: unknown): void {
    const { error, code, status } = errorFields(err);
    const event: RequestRetryEvent = {
      event: 'nubes.request.retry',
      ...this.#base(`${this.#method} ${this.#url} retry ${retry}/${maxRetries} after ${delayMs} ms: ${error}${status !== undefined ? ` (HTTP ${status})` : ''}`),
      retry,
      maxRetries,
      delayMs,
      reason: error,
      code,
      status,
    };
    this.#observer.emit('warn', retryChannel, event);
  }

  /** A redirect answer from `from` to `to`, followed or not. */
  redirect(status: number, from: URL, to: URL | string, followed: boolean): void {
    const cleanFrom = this.#observer.clean(from);
    const cleanTo = this.#observer.clean(to);
    const event: RequestRedirectEvent = {
      event: 'nubes.request.redirect',
      ...this.#base(`${this.#method} ${cleanFrom} ${status} → ${cleanTo}${followed ? '' : ' (not followed: followRedirects limit reached)'}`),
      status,
      from: cleanFrom,
      to: cleanTo,
      followed,
    };
    this.#observer.emit(followed ? 'debug' : 'warn', redirectChannel, event);
  }

  /** The final answer. */
  end(status: number, bytes: number | undefined, providerRequestId: string | undefined): void {
    const durationMs = this.#elapsed();
    const event: RequestEndEvent = {
      event: 'nubes.request.end',
      ...this.#base(`${this.#method} ${this.#url} → ${status} in ${durationMs} ms${bytes !== undefined ? `, ${bytes} bytes` : ''}`),
      status,
      durationMs,
      bytes,
      providerRequestId: providerRequestId === undefined ? undefined : this.#observer.clean(providerRequestId),
      attempts: this.#attempts,
    };
    this.#observer.emit('debug', endChannel, event);
  }

  /** The request failed for good. */
  error(err: unknown): void {
    const durationMs = this.#elapsed();
    const { error, code, status } = errorFields(err);
    const event: RequestErrorEvent = {
      event: 'nubes.request.error',
      ...this.#base(`${this.#method} ${this.#url} failed after ${durationMs} ms: ${error}${status !== undefined ? ` (HTTP ${status})` : ''}`),
      error,
      code,
      status,
      durationMs,
      attempts: this.#attempts,
    };
    this.#observer.emit('warn', errorChannel, event);
  }
}

/** What the token cache reports about one refresh. */
export interface TokenRefreshInfo {
  /** The credential kind. */
  readonly credential: string;
  /** The scopes asked for. */
  readonly scopes: readonly string[];
  /** How long it took, ms. */
  readonly durationMs: number;
  /** Expiry of the new token (epoch ms), when obtained. */
  readonly expiresAt?: number | undefined;
  /** What was thrown, on failure. */
  readonly error?: unknown;
}

/** Each Connection's observer, looked up by the token cache (which only holds the connection). */
const observers = new WeakMap<object, { observer: Observer; provider: () => string | undefined }>();

/** Links a connection to its observer (done by the Connection constructor). */
export function registerObserver(connection: object, observer: Observer, provider: () => string | undefined): void {
  observers.set(connection, { observer, provider });
}

/** Reports a token refresh made through `connection` to its logger and the `nubes:token:refresh` channel. */
export function reportTokenRefresh(connection: object, info: TokenRefreshInfo): void {
  const entry = observers.get(connection);
  entry?.observer.tokenRefresh(info, entry.provider());
}
