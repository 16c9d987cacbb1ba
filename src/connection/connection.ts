/**
 * Connection: the one class every request of every driver goes through. It owns the
 * request pipeline, proxy and trust resolution, timeouts, retries and debug logging.
 * Drivers subclass it and override only the protected hooks:
 *
 * `morphAction → addDefaultParams → addDefaultHeaders → encodeData → preConnectHook →
 * transport → responseCls (success / parseBody / parseError)`.
 *
 * The request path is composed of small units beside this file: options.ts (checking
 * and resolving options), retry-loop.ts (retries and re-authentication), redirect.ts
 * (following redirects) and read-response.ts (reading and parsing the answer).
 */
import { InvalidArgumentError, InvalidCredentialsError, NubesError } from '../common/errors/index.js';
import { redactUrl, SecretSet } from '../common/redact.js';
import { VERSION } from '../version.js';
import { byteLength, isReplayable, isRequestBody, toTransportBody, type RequestBody } from './body.js';
import { debugTarget, DebugLog } from './debug.js';
import { Observer, registerObserver } from './events.js';
import {
  normalizeTimeouts,
  resolveConnectionOptions,
  type ConnectionOptions,
  type HttpMethod,
  type PreparedRequest,
  type QueryParams,
  type RequestOptions,
  type AttemptOptions,
  type ResolvedConnectionOptions,
} from './options.js';
import { parseProxyUrl, resolveProxy, type Environment, type ProxyConfig, type ProxyDecision } from './proxy.js';
import { checkHeaders, hasProxyAuthorization, lowercaseHeaders } from './headers.js';
import { flattenHeaders, readResponse } from './read-response.js';
import { isFollowedRedirect, isRedirect, nextHop } from './redirect.js';
import { RawResponse, Response, type ResponseClass } from './response.js';
import { isIdempotent, normalizeRetry, type RetryPolicy } from './retry.js';
import { runWithRetries } from './retry-loop.js';
import { requestSignal } from './request-signal.js';
import { currentCall } from './call-context.js';
import { resolveProxyTrust, resolveTrust, sameTrustInputs, trustInputs, type TrustInputs, type TrustStore } from './tls.js';
import type { Transport, TransportResponse } from './transport/transport.js';
import { UndiciTransport } from './transport/undici-transport.js';

export {
  CONNECTION_OPTION_KEYS,
  type ConnectionOptions,
  type HttpMethod,
  type PreparedRequest,
  type QueryParams,
  type RequestOptions,
  type TimeoutOptions,
} from './options.js';

/** The trust of a request with no TLS leg (never read by a transport). */
const NO_TLS_TRUST: TrustStore = { ca: undefined, rejectUnauthorized: true, sources: [], description: 'none (no TLS)', key: 'default|true' };
const NO_TLS = { trust: NO_TLS_TRUST, proxyTrust: NO_TLS_TRUST };

/** A connection's trust stores and what they were resolved from. */
interface TrustCacheEntry {
  readonly inputs: TrustInputs;
  readonly trust: TrustStore;
  readonly proxyTrust: TrustStore;
}

const ABSOLUTE_URL = /^https?:\/\//i;

/** Appends each defined parameter (arrays repeat the name) to `search`. */
function appendParams(search: URLSearchParams, params: QueryParams): void {
  for (const name of Object.keys(params)) {
    const value = params[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly (string | number)[]) search.append(name, String(v));
    else search.append(name, String(value));
  }
}

/** The query `params` serialise to (URLSearchParams rules), or undefined when no parameter is defined. */
function encodeQuery(params: QueryParams): string | undefined {
  let search: URLSearchParams | undefined;
  for (const name of Object.keys(params)) {
    if (params[name] === undefined) continue;
    search = new URLSearchParams();
    appendParams(search, params);
    break;
  }
  const query = search?.toString();
  return query === '' ? undefined : query;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The HTTP layer of every driver. It builds the URL, runs the hooks, sends the request
 * through the transport with the proxy and trust store its options resolve to, applies
 * timeouts, retries and the response size limit, and lets {@link Connection.responseCls}
 * turn a failed answer into a typed {@link NubesError}.
 *
 * Drivers subclass it and override only the protected hooks, which run in this order:
 * `morphAction → addDefaultParams → addDefaultHeaders → encodeData → preConnectHook`
 * (the last one again on every retry), plus `responseCls` and, for token auth,
 * `shouldReauthenticate`. A token obtained at run time goes into `this.secrets` so that
 * errors and debug output redact it.
 *
 * @example
 * Direct use, through a proxy:
 * ```ts
 * import { Connection } from 'nubes';
 *
 * const conn = new Connection({ host: 'api.example.com', proxyUrl: 'http://proxy.corp:3128' });
 * const res = await conn.request<{ things: string[] }>('/v1/things', { params: { page: 2 } });
 * console.log(res.status, res.object.things);
 * ```
 *
 * @example
 * A driver's connection that adds its bearer token:
 * ```ts
 * import { Connection, type ConnectionOptions } from 'nubes';
 *
 * class AcmeConnection extends Connection {
 *   readonly #token: string;
 *
 *   constructor(token: string, options: ConnectionOptions = {}) {
 *     super({ host: 'api.acme.example', ...options });
 *     this.#token = token;
 *     this.secrets.add(token);
 *   }
 *
 *   protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
 *     return { ...headers, authorization: `Bearer ${this.#token}` };
 *   }
 * }
 * ```
 */
export class Connection {
  /** Endpoint host. */
  readonly host: string;
  /** Endpoint port. */
  readonly port: number;
  /** True for https. */
  readonly secure: boolean;
  /** Path prefix from the `url` option (no trailing slash), prepended to every action. */
  readonly basePath: string;
  /** The provider name, set by the driver; it appears in errors. */
  provider: string | undefined;
  /** Response class used to parse bodies and map errors. Drivers set their own. */
  protected responseCls: ResponseClass = Response;
  /** Secrets this connection knows, redacted from every message and log. Subclasses add tokens here. */
  protected readonly secrets = new SecretSet();

  readonly #options: Readonly<ConnectionOptions>;
  /** The options checked and resolved (timeouts, retry policy, limits, noProxy). */
  readonly #config: ResolvedConnectionOptions;
  #explicitProxy: ProxyConfig | null = null;
  #transport: Transport | Promise<Transport> | undefined;
  readonly #ownsTransport: boolean;
  #trustCache: TrustCacheEntry | undefined;
  /** `baseUrl`, built once: host, port, scheme and base path never change. */
  readonly #baseUrl: string;
  /** The User-Agent sent when the caller sets none. */
  readonly #userAgent: string;
  #closed = false;
  /** The `logger` option and the diagnostics channels (events.ts). */
  readonly #observer: Observer;

  constructor(options: ConnectionOptions = {}) {
    const resolved = resolveConnectionOptions(options);
    this.#config = resolved;
    this.#observer = new Observer(resolved.options.logger, this.secrets);
    registerObserver(this, this.#observer, () => this.provider);
    this.#options = resolved.options;
    this.secure = resolved.secure;
    this.host = resolved.host;
    this.port = resolved.port;
    this.basePath = resolved.basePath;
    const bracketed = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.#baseUrl = `${this.secure ? 'https' : 'http'}://${bracketed}:${this.port}${this.basePath}`;
    const ua = `nubes/${VERSION} node/${process.version}`;
    this.#userAgent = resolved.options.userAgent ? `${resolved.options.userAgent} ${ua}` : ua;
    this.#explicitProxy = resolved.explicitProxy;
    this.secrets.addPair(resolved.explicitProxy?.username, resolved.explicitProxy?.password);

    const transport = resolved.transport;
    if (transport === 'undici') {
      const dispatcher = resolved.options.dispatcher;
      this.#transport = new UndiciTransport(dispatcher ? { dispatcher } : {});
      this.#ownsTransport = true;
    } else if (transport === 'node') {
      this.#transport = undefined; // loaded on first use: keeps node:http agents out of the default path
      this.#ownsTransport = true;
    } else {
      this.#transport = transport;
      this.#ownsTransport = false;
    }
  }

  /** The options this connection was built with (a frozen copy). */
  get options(): Readonly<ConnectionOptions> {
    return this.#options;
  }

  /** `https://host:port/basePath`, the base every relative action is joined to. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** The explicit proxy (from `setHttpProxy` or `proxyUrl`), redacted; null when the environment decides. */
  get proxyUrl(): string | null {
    return this.#explicitProxy?.redacted ?? null;
  }

  /**
   * Registers a value to redact from every later error and debug line of this
   * connection: a token obtained at run time, or a password or private key a provider
   * generated or a driver sends in a request body. Values shorter than 4 characters
   * are ignored (redacting them would mangle ordinary text).
   *
   * @example
   * ```ts
   * driver.connection.addSecret(rootPassword);
   * ```
   */
  addSecret(value: string | undefined): void {
    this.secrets.add(value);
  }

  /**
   * Sets the proxy for every following request of this connection, beating `proxyUrl`
   * and the environment. `null` clears it: the environment applies again.
   *
   * @throws {InvalidArgumentError} for an unusable URL (naming `setHttpProxy`, password redacted).
   * @example
   * ```ts
   * driver.connection.setHttpProxy('http://user:secret@proxy.corp:3128');
   * ```
   */
  setHttpProxy(url: string | null): void {
    if (url === null) {
      this.#explicitProxy = null;
      return;
    }
    const proxy = parseProxyUrl(url, { kind: 'setHttpProxy' });
    this.secrets.addPair(proxy.username, proxy.password);
    this.#explicitProxy = proxy;
  }

  /** The environment this connection reads (the `env` option or `process.env`). */
  protected get env(): Environment {
    return this.#options.env ?? process.env;
  }

  /**
   * Which proxy a request to `url` would use right now, and why. The same resolver
   * every request uses; handy for diagnostics.
   */
  resolveProxyFor(url: string | URL): ProxyDecision {
    const target = typeof url === 'string' ? new URL(url) : url;
    const decision = resolveProxy(target, {
      explicit: this.#explicitProxy,
      trustEnv: this.#options.trustEnv ?? true,
      env: this.env,
      noProxy: this.#config.noProxy,
    });
    // A proxy from the environment: its credentials are secrets of this connection too.
    if (decision.proxy?.password !== undefined) this.secrets.addPair(decision.proxy.username, decision.proxy.password);
    return decision;
  }

  /** The trust store requests use right now (origin and https-proxy legs). */
  resolveTrust(): {
    /** Trust for the origin, direct or through a proxy tunnel. */
    trust: TrustStore;
    /** Trust for the TLS connection to an https proxy (`proxyCaCertsPath`, else `trust`). */
    proxyTrust: TrustStore;
  } {
    const env = this.env;
    const o = this.#options;
    const trustEnv = o.trustEnv ?? true;
    // Compared field by field with what the cached stores were built from, so a new
    // SSL_CERT_FILE (or security.CA_CERTS_PATH) is noticed without building a key string
    // on every request.
    const inputs = trustInputs(o.verifySslCert, trustEnv, env);
    const cached = this.#trustCache;
    if (cached !== undefined && sameTrustInputs(cached.inputs, inputs)) return cached;
    const trust = resolveTrust({
      caCertsPath: o.caCertsPath,
      caMode: o.caMode ?? 'append',
      verifySslCert: o.verifySslCert,
      trustEnv,
      env,
    });
    const proxyTrust = resolveProxyTrust(trust, o.proxyCaCertsPath);
    this.#trustCache = { inputs, trust, proxyTrust };
    return this.#trustCache;
  }

  // ---------------------------------------------------------------------------
  // Hooks: subclasses override these, and nothing else.

  /** Rewrites the action (path) before the URL is built, e.g. to add an API version prefix. */
  protected morphAction(action: string): string {
    return action;
  }

  /** Adds parameters every request needs (API version, pagination size, ...). */
  protected addDefaultParams(params: QueryParams): QueryParams {
    return params;
  }

  /** Adds headers every request needs (auth tokens that need no signing, Accept, ...). */
  protected addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return headers;
  }

  /**
   * Turns `data` into a body. Strings, bytes, streams and async iterables pass
   * through; other values are JSON-encoded with `content-type: application/json`.
   */
  protected encodeData(data: unknown, headers: Record<string, string>): RequestBody | undefined {
    if (data === undefined || data === null) return undefined;
    if (isRequestBody(data)) return data;
    if (!('content-type' in headers)) headers['content-type'] = 'application/json';
    return JSON.stringify(data);
  }

  /**
   * Last hook before the wire: sees the final URL, headers and body, and may mutate
   * them (signers). Runs again for every retry, so time-based signatures stay fresh.
   */
  protected preConnectHook(_request: PreparedRequest): void | Promise<void> {
    // nothing by default
  }

  /**
   * Called once per `request()` when an attempt failed with InvalidCredentialsError:
   * return true to send the request once more (after, e.g., dropping a revoked token
   * so that `preConnectHook` obtains a new one). It is called for stream bodies too, but
   * a consumed stream is never sent again. `request` is the attempt that failed, as
   * `preConnectHook` left it.
   */
  protected shouldReauthenticate(_error: InvalidCredentialsError, _request: PreparedRequest): boolean | Promise<boolean> {
    return false;
  }

  // ---------------------------------------------------------------------------

  /** Builds the full URL of an action: absolute actions are used as they are. */
  protected buildUrl(action: string, params: QueryParams): URL {
    const target = ABSOLUTE_URL.test(action) ? action : `${this.#baseUrl}${action.startsWith('/') ? action : `/${action}`}`;
    const query = encodeQuery(params);
    if (query === undefined) return new URL(target);
    // Parsed once with its query: what appending each parameter to `url.searchParams`
    // gives (the same serialiser), without re-serialising the URL after every append.
    // An action with a query or fragment of its own takes the appending path, where
    // URLSearchParams re-encodes the existing query as it always did.
    if (!target.includes('?') && !target.includes('#')) return new URL(`${target}?${query}`);
    const url = new URL(target);
    appendParams(url.searchParams, params);
    return url;
  }

  /**
   * Sends a request through the pipeline and returns the parsed response, or (with
   * `raw: true`) a streamed one.
   *
   * @throws {NubesError} a subclass for every failure: provider errors mapped from the
   *   status by the driver's Response class, ProxyError, SSLError, TimeoutError, ...
   */
  request<_T = unknown>(action: string, options: RequestOptions & { raw: true }): Promise<RawResponse>;
  request<T = unknown>(action: string, options?: RequestOptions & { raw?: false }): Promise<Response<T>>;
  request<T = unknown>(action: string, options?: RequestOptions): Promise<Response<T> | RawResponse>;
  async request<T = unknown>(action: string, options: RequestOptions = {}): Promise<Response<T> | RawResponse> {
    if (this.#closed) throw new InvalidArgumentError('This connection is closed', { option: 'connection' });
    if (typeof action !== 'string') throw new InvalidArgumentError('action must be a string', { option: 'action' });
    const method = (options.method ?? 'GET').toUpperCase() as HttpMethod;
    if (!METHODS.has(method)) {
      throw new InvalidArgumentError(`Unsupported method ${JSON.stringify(options.method)}`, { option: 'method' });
    }
    const timeouts = normalizeTimeouts(options.timeout, this.#config.timeouts);
    const policy = options.retry === undefined ? this.#config.retry : normalizeRetry(options.retry);
    // Copies the hooks may add to are made with Object.assign: V8 (Node 20) makes every
    // property added to a spread copy (`{ ...x }`) a slow store, ~15 µs over a signed
    // request's headers (bench: SigV4 signHttp on a spread copy 26.5 µs, on a copy made
    // by Object.assign 11.1 µs).
    const context = options.context === undefined ? {} : Object.assign({}, options.context);

    // The hooks run in the documented order: morphAction, addDefaultParams,
    // addDefaultHeaders, encodeData, then preConnectHook (in #attempt).
    const morphed = this.morphAction(action);
    const params = this.addDefaultParams(options.params === undefined ? {} : Object.assign({}, options.params));
    const headers = this.addDefaultHeaders(lowercaseHeaders(options.headers));
    if ('proxy-authorization' in headers) {
      throw new InvalidArgumentError(
        'Proxy-Authorization must not be set on a request: put the credentials in the proxy URL; nubes sends them to the proxy only',
        { option: 'headers' },
      );
    }
    headers['user-agent'] ??= this.#userAgent;
    if (!options.raw) headers['accept-encoding'] ??= 'gzip, deflate, br';
    const body = toTransportBody(this.encodeData(options.data, headers));
    const length = byteLength(body);
    if (length !== undefined && body !== undefined) headers['content-length'] ??= String(length);
    const url = this.buildUrl(morphed, params);
    const href = url.href;

    // The driver call this request belongs to (listNodes({ signal, timeout }), ...): its
    // signal and deadline end the request too, whichever method of the driver sent it.
    const { signal, cleanup } = requestSignal(options.signal, timeouts.total, () => `${method} ${redactUrl(href)}`, currentCall()?.signal);
    let keepTimer = false;
    const observe = this.#observer.beginRequest(method, url, this.provider);

    const attempt: AttemptOptions = {
      action: morphed,
      method,
      url,
      href,
      headers,
      body,
      context,
      raw: options.raw === true,
      markedIdempotent: options.idempotent === true,
      timeouts,
      signal,
      direct: options.direct === true,
      track: {},
      observe,
    };
    const startedAt = Date.now();
    try {
      let result: Response | RawResponse;
      try {
        // The first attempt directly: the retry loop, its closures and its promise are
        // only set up once an attempt failed.
        result = await this.#attempt(attempt);
      } catch (first) {
        result = await this.#retry(attempt, first, startedAt, policy, options.idempotent === true);
      }
      if (observe) {
        const length = result.headers['content-length'];
        const bytes = result instanceof RawResponse ? (length === undefined ? undefined : Number(length)) : Buffer.byteLength(result.body);
        observe.end(result.status, bytes, result.requestId);
      }
      if (result instanceof RawResponse) {
        keepTimer = true;
        result.body.once('close', cleanup);
        return result;
      }
      return result as Response<T>;
    } catch (err) {
      observe?.error(err);
      throw err;
    } finally {
      if (!keepTimer) cleanup();
    }
  }

  /** The retry loop of a request whose first attempt failed with `first`. */
  #retry(attempt: AttemptOptions, first: unknown, startedAt: number, policy: RetryPolicy, markedIdempotent: boolean): Promise<Response | RawResponse> {
    const { body, method, signal, observe } = attempt;
    return runWithRetries(
      () => this.#attempt(attempt),
      {
        policy,
        canRetry: isReplayable(body) && (markedIdempotent || isIdempotent(method)),
        replayable: isReplayable(body),
        signal,
        clean: (err) => this.#clean(err),
        reauthenticate: (err) => {
          const prepared = attempt.track.prepared;
          return prepared === undefined ? undefined : (async () => this.shouldReauthenticate(err, prepared))();
        },
        onRetry: (retry, max, delayMs, err) => {
          observe?.retry(retry, max, delayMs, err);
          const debugTo = debugTarget(this.#options.debug, this.env);
          if (debugTo) {
            const status = err.statusCode !== undefined ? ` (HTTP ${err.statusCode})` : '';
            new DebugLog(debugTo, this.secrets).retry(retry, max, delayMs, `${err.constructor.name}${status}`);
          }
        },
      },
      { error: first, startedAt },
    );
  }

  #clean(err: unknown): NubesError {
    const nubesError =
      err instanceof NubesError
        ? err
        : new NubesError(`Unexpected error: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    nubesError.message = this.secrets.redact(nubesError.message);
    return nubesError;
  }

  async #getTransport(): Promise<Transport> {
    if (this.#transport === undefined) {
      this.#transport = import('./transport/node-transport.js').then((m) => (this.#transport = new m.NodeTransport()));
    }
    return this.#transport;
  }

  /** One attempt: `preConnectHook`, then the hops of the request (redirects followed), then the answer read. */
  async #attempt(a: AttemptOptions): Promise<Response | RawResponse> {
    const prepared: PreparedRequest = {
      action: a.action,
      method: a.method,
      // The first attempt takes the URL request() built; a later one parses it afresh,
      // as preConnectHook may have changed the one before (signers rewrite the query).
      url: a.track.prepared === undefined ? a.url : new URL(a.href),
      headers: Object.assign({}, a.headers),
      body: a.body,
      streaming: a.body !== undefined && !isReplayable(a.body),
      context: a.context,
    };
    a.track.prepared = prepared;
    // Awaited only when the hook is async: each await is a turn of the event loop.
    const pending = this.preConnectHook(prepared);
    if (pending) await pending;
    if (hasProxyAuthorization(prepared.headers)) {
      throw new InvalidArgumentError('Proxy-Authorization must not be set by a hook: nubes sends it to the proxy only', {
        option: 'headers',
      });
    }
    checkHeaders(prepared.headers);
    const ready = this.#transport;
    const transport = ready !== undefined && !(ready instanceof Promise) ? ready : await this.#getTransport();
    const debugTo = debugTarget(this.#options.debug, this.env);
    const debug = debugTo ? new DebugLog(debugTo, this.secrets) : undefined;

    let hop = { method: prepared.method, url: prepared.url, headers: prepared.headers, body: a.body };
    for (let hops = 0; ; hops++) {
      // Metadata services are always reached directly (DESIGN.md, credential flows).
      const proxy = a.direct ? null : this.resolveProxyFor(hop.url).proxy;
      // Plain http to a plain proxy has no TLS leg: a bad SSL_CERT_FILE must not fail it.
      const tlsInPath = hop.url.protocol === 'https:' || proxy?.protocol === 'https:';
      const { trust, proxyTrust } = tlsInPath ? this.resolveTrust() : NO_TLS;
      debug?.request(hop.method, hop.url, hop.headers, hop.body, proxy, transport.name);
      if (hops === 0) a.observe?.start(proxy?.redacted ?? null, transport.name);
      const startedAt = Date.now();
      let response: TransportResponse;
      try {
        // One literal with every field: a spread followed by added fields cost ~5 µs a request (profiled).
        response = await transport.send({
          method: hop.method,
          url: hop.url,
          headers: hop.headers,
          body: hop.body,
          proxy,
          trust,
          proxyTrust,
          timeouts: a.timeouts,
          signal: a.signal,
          idempotent: a.markedIdempotent || isIdempotent(hop.method),
        });
      } catch (err) {
        debug?.error(err instanceof Error ? err.message : String(err));
        throw err;
      }
      const headers = flattenHeaders(response.headers);
      if (isFollowedRedirect(response.status, headers.location, hops, this.#config.maxRedirects)) {
        response.body.resume();
        const next = nextHop(response.status, headers.location, hop);
        a.observe?.redirect(response.status, hop.url, next.url, true);
        if (next.sameOrigin) {
          // Same origin: sign again for the new path (a replayed signature would not match it).
          const again: PreparedRequest = { ...prepared, method: next.method, url: next.url, headers: { ...next.headers }, body: next.body };
          await this.preConnectHook(again);
          checkHeaders(again.headers);
          hop = { method: next.method, url: again.url, headers: again.headers, body: next.body };
        } else {
          hop = { method: next.method, url: next.url, headers: next.headers, body: next.body };
        }
        continue;
      }
      if (a.observe && this.#config.maxRedirects > 0 && isRedirect(response.status, headers.location)) {
        a.observe.redirect(response.status, hop.url, headers.location, false);
      }
      return await readResponse(response, {
        method: hop.method,
        url: hop.url,
        headers,
        raw: a.raw,
        timeouts: a.timeouts,
        maxResponseSize: this.#config.maxResponseSize,
        responseCls: this.responseCls,
        provider: this.provider,
        debug,
        startedAt,
      });
    }
  }

  /** Closes pooled connections. The connection cannot be used afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#ownsTransport && this.#transport !== undefined) {
      const transport = await this.#transport;
      await transport.close();
    }
  }
}
