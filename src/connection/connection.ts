/**
 * Connection: the one class every request of every driver goes through. It owns the
 * request pipeline, proxy and trust resolution, timeouts, retries and debug logging.
 * Drivers subclass it and override only the protected hooks:
 *
 * `morphAction → addDefaultParams → addDefaultHeaders → encodeData → preConnectHook →
 * transport → responseCls (success / parseBody / parseError)`.
 */
import { PassThrough, type Readable } from 'node:stream';
import {
  AbortError,
  InvalidArgumentError,
  InvalidCredentialsError,
  MalformedResponseError,
  NetworkError,
  NubesError,
  ProviderError,
  TimeoutError,
} from '../common/errors/index.js';
import { isSecretHeader, redactUrl, SecretSet } from '../common/redact.js';
import { VERSION } from '../version.js';
import { byteLength, isReplayable, isRequestBody, readBounded, toTransportBody, type RequestBody } from './body.js';
import { debugTarget, DebugLog } from './debug.js';
import {
  NoProxyList,
  parseProxyUrl,
  resolveProxy,
  type Environment,
  type ProxyConfig,
  type ProxyDecision,
} from './proxy.js';
import { RawResponse, Response, type ResponseClass } from './response.js';
import { backoffDelay, isIdempotent, isRetryableError, normalizeRetry, sleep, type RetryOption, type RetryPolicy } from './retry.js';
import { readCertificates, resolveProxyTrust, resolveTrust, security, type CaMode, type TrustStore } from './tls.js';
import { isStaleSocketError } from './transport/map-error.js';
import { NEVER_ABORTED, type Transport, type TransportBody, type TransportName, type TransportResponse } from './transport/transport.js';
import { UndiciTransport } from './transport/undici-transport.js';
import type { Dispatcher } from 'undici';

/** Connect, idle and total timeouts, in milliseconds. */
export interface TimeoutOptions {
  /** Time to establish the TCP (and TLS, and proxy tunnel) connection (default 10000). */
  connect?: number;
  /** Longest silence while waiting for headers or body bytes (default 60000). */
  idle?: number;
  /** Deadline for the whole call, retries and streamed bodies included (default: none). */
  total?: number;
}

/**
 * Options of {@link Connection}. Drivers accept all of them in their constructor's
 * `options` and pass them through.
 */
export interface ConnectionOptions {
  /** Host name of the API endpoint. Drivers have a default; set it to use a mock, emulator or compatible store. */
  host?: string;
  /** Port (default 443 when `secure`, else 80). */
  port?: number;
  /** Use https (default true). */
  secure?: boolean;
  /** The endpoint as one URL (`https://host:port/base/path`); overrides host, port and secure. */
  url?: string;
  /** A number sets connect and idle timeouts; an object sets each. See {@link TimeoutOptions}. */
  timeout?: number | TimeoutOptions;
  /** Retry policy: `true` (default), `false`, a number of retries, or a `RetryOptions` object. */
  retry?: RetryOption;
  /** `'undici'` (default), `'node'` (node:http with http(s)-proxy-agent; what nock intercepts), or a {@link Transport}. */
  transport?: TransportName | Transport;
  /** An undici Dispatcher (e.g. `MockAgent`) to send every request to, for tests. Proxy settings are then not applied. */
  dispatcher?: Dispatcher;
  /** Prepended to the `User-Agent` header: `myapp/1.2 nubes/0.1.0 node/v22.0.0`. */
  userAgent?: string;
  /** Proxy for this connection: `http://user:pass@host:port`, `https://host:port` or `host:port`. Beats the environment. */
  proxyUrl?: string | null;
  /** Hosts that bypass every proxy, explicit ones included (NO_PROXY syntax). */
  noProxy?: string;
  /** Read `HTTP(S)_PROXY`, `ALL_PROXY`, `NO_PROXY`, `SSL_CERT_FILE` and `SSL_CERT_DIR` from the environment (default true). */
  trustEnv?: boolean;
  /** Extra CA file(s) or directory(ies) of PEM certificates to trust (e.g. a TLS-intercepting proxy's CA). */
  caCertsPath?: string | readonly string[];
  /** `'append'` (default): extra CAs are added to Node's roots; `'replace'`: only the extra CAs are trusted. */
  caMode?: CaMode;
  /** CA(s) for the TLS connection to an https proxy, when it differs from the origin's trust. */
  proxyCaCertsPath?: string | readonly string[];
  /** Verify TLS certificates (default true, or `security.VERIFY_SSL_CERT`). `false` warns once. */
  verifySslCert?: boolean;
  /** Largest buffered (JSON/XML/text) response body, before and after decompression (default 32 MiB). */
  maxResponseSize?: number;
  /** Follow redirects: `false` (default), `true` (up to 5), or a maximum. Secret headers never follow to another host. */
  followRedirects?: boolean | number;
  /** Debug logging: `true` (stderr), a file path, or `false`. Default: the NUBES_DEBUG variable. */
  debug?: boolean | string;
  /** Environment to read proxy and CA variables from (default `process.env`), read on every request. */
  env?: Environment;
}

/**
 * The option names, kept in step with {@link ConnectionOptions} by the compiler
 * (`satisfies`): adding an option without listing it here fails to build.
 */
const OPTION_KEYS = {
  host: true,
  port: true,
  secure: true,
  url: true,
  timeout: true,
  retry: true,
  transport: true,
  dispatcher: true,
  userAgent: true,
  proxyUrl: true,
  noProxy: true,
  trustEnv: true,
  caCertsPath: true,
  caMode: true,
  proxyCaCertsPath: true,
  verifySslCert: true,
  maxResponseSize: true,
  followRedirects: true,
  debug: true,
  env: true,
} as const satisfies Record<keyof ConnectionOptions, true>;

/** Every option {@link Connection} accepts. */
export const CONNECTION_OPTION_KEYS: readonly (keyof ConnectionOptions)[] = Object.keys(OPTION_KEYS) as (keyof ConnectionOptions)[];

/** Query parameters; arrays repeat the key, undefined values are dropped. */
export type QueryParams = Record<string, string | number | boolean | readonly (string | number)[] | undefined>;

/** HTTP methods nubes sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Options of {@link Connection.request}. */
export interface RequestOptions {
  /** Default `'GET'`. */
  method?: HttpMethod;
  /** Query parameters; arrays repeat the key, undefined values are dropped. */
  params?: QueryParams;
  /** Header names are case-insensitive; undefined values are dropped. */
  headers?: Record<string, string | undefined>;
  /** A string, bytes, a stream or async iterable (sent as is), or any other value (JSON-encoded by `encodeData`). */
  data?: unknown;
  /** Return a {@link RawResponse} whose body is a stream instead of a buffered, parsed Response. */
  raw?: boolean;
  /** Cancels the request (and its retries, and a raw body being read). */
  signal?: AbortSignal;
  /** Marks a non-idempotent request (POST, PATCH) as safe to retry. */
  idempotent?: boolean;
  /** Overrides the connection's timeouts for this request. */
  timeout?: number | TimeoutOptions;
  /** Overrides the connection's retry policy for this request. */
  retry?: RetryOption;
  /** Free-form values for the hooks (e.g. `{ auth: false }` for a token request). */
  context?: Record<string, unknown>;
  /**
   * Never through a proxy, whatever `proxyUrl`, `setHttpProxy` or the environment say:
   * for instance metadata services (169.254.169.254, `metadata.google.internal`, ECS/EKS
   * endpoints), which a proxy cannot reach and must never see. Pair it with a short
   * `timeout`.
   */
  direct?: boolean;
}

/** A request as `preConnectHook` sees it: final URL, headers and body. Signers mutate it. */
export interface PreparedRequest {
  /** HTTP method. */
  method: HttpMethod;
  /** The action as given to `request()`, after `morphAction` (relative path or absolute URL). */
  readonly action: string;
  /** The final URL, query included. */
  url: URL;
  /** Lowercase names. */
  headers: Record<string, string>;
  /** The encoded body, or undefined. */
  readonly body: TransportBody | undefined;
  /** True when `body` is a stream (its hash cannot be computed up front). */
  readonly streaming: boolean;
  /** The request's `context` bag: the same object for every attempt, so hooks may note what they sent. */
  readonly context: Record<string, unknown>;
}

interface ResolvedTimeouts {
  connect: number;
  idle: number;
  total: number;
}

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive number of milliseconds (got ${String(value)})`, {
      option: name,
    });
  }
  return value;
}

function normalizeTimeouts(value: number | TimeoutOptions | undefined, base: ResolvedTimeouts): ResolvedTimeouts {
  if (value === undefined) return base;
  if (typeof value === 'number') {
    const t = positive(value, 'timeout');
    return { connect: Math.min(t, base.connect), idle: t, total: base.total };
  }
  if (typeof value !== 'object' || value === null) {
    throw new InvalidArgumentError(`timeout must be a number or { connect, idle, total } (got ${typeof value})`, {
      option: 'timeout',
    });
  }
  for (const key of Object.keys(value)) {
    if (key !== 'connect' && key !== 'idle' && key !== 'total') {
      throw new InvalidArgumentError(`Unknown timeout option "timeout.${key}" (known: connect, idle, total)`, {
        option: `timeout.${key}`,
      });
    }
  }
  return {
    connect: value.connect === undefined ? base.connect : positive(value.connect, 'timeout.connect'),
    idle: value.idle === undefined ? base.idle : positive(value.idle, 'timeout.idle'),
    total: value.total === undefined ? base.total : positive(value.total, 'timeout.total'),
  };
}

/** The trust of a request with no TLS leg (never read by a transport). */
const NO_TLS_TRUST: TrustStore = { ca: undefined, rejectUnauthorized: true, sources: [], description: 'none (no TLS)', key: 'default|true' };
const NO_TLS = { trust: NO_TLS_TRUST, proxyTrust: NO_TLS_TRUST };

function certificatePaths(value: unknown, option: string): readonly string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((p) => typeof p === 'string')) return value.filter((p: string) => p !== '');
  throw new InvalidArgumentError(`${option} must be a path or an array of paths (got ${typeof value})`, { option });
}

const DEFAULT_TIMEOUTS: ResolvedTimeouts = { connect: 10_000, idle: 60_000, total: 0 };
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function flattenHeaders(headers: TransportResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function lowercaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`Header "${name}" must be a string (got ${typeof value})`, { option: 'headers' });
    }
    out[name.toLowerCase()] = value;
  }
  return out;
}

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
  #explicitProxy: ProxyConfig | null = null;
  readonly #noProxy: NoProxyList | undefined;
  readonly #timeouts: ResolvedTimeouts;
  readonly #retry: RetryPolicy;
  readonly #maxResponseSize: number;
  readonly #maxRedirects: number;
  #transport: Transport | Promise<Transport> | undefined;
  readonly #ownsTransport: boolean;
  #trustCache: { key: string; trust: TrustStore; proxyTrust: TrustStore } | undefined;
  #closed = false;

  constructor(options: ConnectionOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('Connection options must be an object', { option: 'options' });
    }
    for (const key of Object.keys(options)) {
      if (!(key in OPTION_KEYS)) {
        throw new InvalidArgumentError(`Unknown option "${key}" (known: ${CONNECTION_OPTION_KEYS.join(', ')})`, {
          option: key,
        });
      }
    }
    // Copy: a caller mutating its object later changes nothing here.
    this.#options = Object.freeze({ ...options });
    const o = this.#options;

    let secure = o.secure ?? true;
    let host = o.host;
    let port = o.port;
    let basePath = '';
    if (o.url !== undefined) {
      let parsed: URL;
      try {
        parsed = new URL(o.url);
      } catch (err) {
        throw new InvalidArgumentError(`url ${JSON.stringify(redactUrl(o.url))} is not a valid URL`, { option: 'url', cause: err });
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new InvalidArgumentError(`url must be http:// or https:// (got ${parsed.protocol})`, { option: 'url' });
      }
      if (parsed.username || parsed.password) {
        throw new InvalidArgumentError('url must not contain credentials; pass them to the driver', { option: 'url' });
      }
      secure = parsed.protocol === 'https:';
      host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
      port = parsed.port ? Number(parsed.port) : undefined;
      basePath = parsed.pathname.replace(/\/+$/, '');
    }
    if (typeof secure !== 'boolean') throw new InvalidArgumentError('secure must be a boolean', { option: 'secure' });
    if (host !== undefined && (typeof host !== 'string' || host.trim() === '' || /[\s/]/.test(host))) {
      throw new InvalidArgumentError(`host must be a host name or IP address (got ${JSON.stringify(host)})`, { option: 'host' });
    }
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new InvalidArgumentError(`port must be an integer from 1 to 65535 (got ${String(port)})`, { option: 'port' });
    }
    this.secure = secure;
    this.host = host ?? 'localhost';
    this.port = port ?? (secure ? 443 : 80);
    this.basePath = basePath;

    this.#timeouts = normalizeTimeouts(o.timeout, DEFAULT_TIMEOUTS);
    this.#retry = normalizeRetry(o.retry);
    if (o.maxResponseSize !== undefined) positive(o.maxResponseSize, 'maxResponseSize');
    this.#maxResponseSize = o.maxResponseSize ?? 32 * 1024 * 1024;
    const follow = o.followRedirects;
    if (follow !== undefined && typeof follow !== 'boolean' && !(Number.isInteger(follow) && follow >= 0)) {
      throw new InvalidArgumentError('followRedirects must be a boolean or a non-negative integer', { option: 'followRedirects' });
    }
    this.#maxRedirects = follow === true ? 5 : typeof follow === 'number' ? follow : 0;
    if (o.caMode !== undefined && o.caMode !== 'append' && o.caMode !== 'replace') {
      throw new InvalidArgumentError(`caMode must be 'append' or 'replace' (got ${JSON.stringify(o.caMode)})`, { option: 'caMode' });
    }
    if (o.trustEnv !== undefined && typeof o.trustEnv !== 'boolean') {
      throw new InvalidArgumentError('trustEnv must be a boolean', { option: 'trustEnv' });
    }
    if (o.userAgent !== undefined && (typeof o.userAgent !== 'string' || /[\r\n]/.test(o.userAgent))) {
      throw new InvalidArgumentError('userAgent must be a single-line string', { option: 'userAgent' });
    }
    for (const name of ['caCertsPath', 'proxyCaCertsPath'] as const) {
      // Read now: a wrong path in an option fails at construction, naming the path.
      for (const path of certificatePaths(o[name], name)) readCertificates(path, name);
    }
    this.#noProxy = o.noProxy !== undefined ? new NoProxyList(o.noProxy) : undefined;
    if (o.proxyUrl !== undefined && o.proxyUrl !== null) {
      this.#explicitProxy = parseProxyUrl(o.proxyUrl, { kind: 'option' });
      this.secrets.addPair(this.#explicitProxy.username, this.#explicitProxy.password);
    }

    const transport = o.transport ?? 'undici';
    if (o.dispatcher !== undefined && transport !== 'undici') {
      throw new InvalidArgumentError('dispatcher can only be used with the undici transport', { option: 'dispatcher' });
    }
    if (transport === 'undici') {
      this.#transport = new UndiciTransport(o.dispatcher ? { dispatcher: o.dispatcher } : {});
      this.#ownsTransport = true;
    } else if (transport === 'node') {
      this.#transport = undefined; // loaded on first use: keeps node:http agents out of the default path
      this.#ownsTransport = true;
    } else if (typeof transport === 'object' && transport !== null && typeof transport.send === 'function') {
      this.#transport = transport;
      this.#ownsTransport = false;
    } else {
      throw new InvalidArgumentError(`Unknown transport ${JSON.stringify(transport)} (known: 'undici', 'node', or a Transport object)`, {
        option: 'transport',
      });
    }
  }

  /** The options this connection was built with (a frozen copy). */
  get options(): Readonly<ConnectionOptions> {
    return this.#options;
  }

  /** `https://host:port/basePath`, the base every relative action is joined to. */
  get baseUrl(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.secure ? 'https' : 'http'}://${host}:${this.port}${this.basePath}`;
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
      noProxy: this.#noProxy,
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
    const ca = security.CA_CERTS_PATH;
    const key = [
      o.verifySslCert ?? security.VERIFY_SSL_CERT,
      typeof ca === 'string' ? ca : ca?.join('\u0001'),
      trustEnv ? env.SSL_CERT_FILE : '',
      trustEnv ? env.SSL_CERT_DIR : '',
      env.NODE_EXTRA_CA_CERTS,
    ].join('\u0000');
    if (this.#trustCache?.key === key) return this.#trustCache;
    const trust = resolveTrust({
      caCertsPath: o.caCertsPath,
      caMode: o.caMode ?? 'append',
      verifySslCert: o.verifySslCert,
      trustEnv,
      env,
    });
    const proxyTrust = resolveProxyTrust(trust, o.proxyCaCertsPath);
    this.#trustCache = { key, trust, proxyTrust };
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
    let url: URL;
    if (/^https?:\/\//i.test(action)) {
      url = new URL(action);
    } else {
      const path = action.startsWith('/') ? action : `/${action}`;
      url = new URL(`${this.baseUrl}${path}`);
    }
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, String(v));
      else url.searchParams.append(name, String(value));
    }
    return url;
  }

  /**
   * Sends a request through the pipeline and returns the parsed response, or (with
   * `raw: true`) a streamed one.
   *
   * @throws {NubesError} a subclass for every failure: provider errors mapped from the
   *   status by the driver's Response class, ProxyError, SSLError, TimeoutError, ...
   */
  request<T = unknown>(action: string, options: RequestOptions & { raw: true }): Promise<RawResponse>;
  request<T = unknown>(action: string, options?: RequestOptions & { raw?: false }): Promise<Response<T>>;
  request<T = unknown>(action: string, options?: RequestOptions): Promise<Response<T> | RawResponse>;
  async request<T = unknown>(action: string, options: RequestOptions = {}): Promise<Response<T> | RawResponse> {
    if (this.#closed) throw new InvalidArgumentError('This connection is closed', { option: 'connection' });
    if (typeof action !== 'string') throw new InvalidArgumentError('action must be a string', { option: 'action' });
    const method = (options.method ?? 'GET').toUpperCase() as HttpMethod;
    if (!METHODS.has(method)) {
      throw new InvalidArgumentError(`Unsupported method ${JSON.stringify(options.method)}`, { option: 'method' });
    }
    const timeouts = normalizeTimeouts(options.timeout, this.#timeouts);
    const policy = options.retry === undefined ? this.#retry : normalizeRetry(options.retry);
    const context = { ...(options.context ?? {}) };

    // The hooks run in the documented order: morphAction, addDefaultParams,
    // addDefaultHeaders, encodeData, then preConnectHook (in #attempt).
    const morphed = this.morphAction(action);
    const params = this.addDefaultParams({ ...(options.params ?? {}) });
    const headers = this.addDefaultHeaders(lowercaseHeaders(options.headers));
    if ('proxy-authorization' in headers) {
      throw new InvalidArgumentError(
        'Proxy-Authorization must not be set on a request: put the credentials in the proxy URL; nubes sends them to the proxy only',
        { option: 'headers' },
      );
    }
    const ua = `nubes/${VERSION} node/${process.version}`;
    headers['user-agent'] ??= this.#options.userAgent ? `${this.#options.userAgent} ${ua}` : ua;
    if (!options.raw) headers['accept-encoding'] ??= 'gzip, deflate, br';
    const body = toTransportBody(this.encodeData(options.data, headers));
    const length = byteLength(body);
    if (length !== undefined && body !== undefined) headers['content-length'] ??= String(length);
    const url = this.buildUrl(morphed, params);

    // One controller carries the user's abort and the total deadline; its reason is the
    // error. Without either, a shared signal that never aborts spares every request an
    // AbortController and the HTTP stack its abort bookkeeping (~15% of a loopback call).
    const controller = options.signal !== undefined || timeouts.total > 0 ? new AbortController() : undefined;
    const signal = controller?.signal ?? NEVER_ABORTED;
    const onUserAbort = (): void =>
      controller?.abort(new AbortError(`Request aborted: ${method} ${redactUrl(url)}`, { cause: options.signal?.reason }));
    if (options.signal?.aborted) onUserAbort();
    else options.signal?.addEventListener('abort', onUserAbort, { once: true });
    const totalTimer =
      timeouts.total > 0
        ? setTimeout(
            () =>
              controller?.abort(
                new TimeoutError(`Total timeout: ${method} ${redactUrl(url)} took longer than ${timeouts.total} ms (timeout.total)`, 'total'),
              ),
            timeouts.total,
          )
        : undefined;
    let keepTimer = false;
    const cleanup = (): void => {
      if (totalTimer) clearTimeout(totalTimer);
      options.signal?.removeEventListener('abort', onUserAbort);
    };

    const canRetry = isReplayable(body) && (options.idempotent === true || isIdempotent(method));
    const started = Date.now();
    let staleRetried = false;
    let reauthenticated = false;
    const track: { prepared?: PreparedRequest } = {};
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await this.#attempt(morphed, method, url, headers, body, context, options.raw === true, options.idempotent === true, timeouts, signal, track, options.direct === true);
          if (result instanceof RawResponse) {
            keepTimer = true;
            result.body.once('close', cleanup);
            return result;
          }
          return result as Response<T>;
        } catch (caught) {
          const err = signal.aborted ? (signal.reason as NubesError) : this.#clean(caught);
          if (signal.aborted) throw err;
          if (!reauthenticated && err instanceof InvalidCredentialsError && track.prepared !== undefined) {
            reauthenticated = true;
            // The hook runs even for a stream body (so it can drop a revoked token for the
            // next request); the request itself is only sent again when it can be.
            if ((await this.shouldReauthenticate(err, track.prepared)) && isReplayable(body)) {
              attempt--;
              continue;
            }
          }
          if (!canRetry) throw err;
          if (!staleRetried && isRetryableError(err) && isStaleSocketError(err)) {
            // A reused keep-alive socket the peer had closed (tinyproxy closes after every
            // response): retry at once, without counting it as an attempt. Only for errors
            // the policy retries at all: a TLS or proxy-auth failure whose cause is a reset
            // is never sent again.
            staleRetried = true;
            attempt--;
            continue;
          }
          const retryableStatus = err instanceof ProviderError && err.statusCode !== undefined && policy.statusCodes.has(err.statusCode);
          if (!retryableStatus && !isRetryableError(err)) throw err;
          if (attempt >= policy.retries) throw err;
          const delay = backoffDelay(policy, attempt + 1, err.retryAfter);
          if (delay === undefined || Date.now() - started + delay > policy.totalTime) throw err;
          try {
            await sleep(delay, signal);
          } catch {
            throw signal.reason as NubesError;
          }
        }
      }
    } finally {
      if (!keepTimer) cleanup();
    }
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

  async #attempt(
    action: string,
    method: HttpMethod,
    url: URL,
    baseHeaders: Record<string, string>,
    body: TransportBody | undefined,
    context: Record<string, unknown>,
    raw: boolean,
    markedIdempotent: boolean,
    timeouts: ResolvedTimeouts,
    signal: AbortSignal,
    track: { prepared?: PreparedRequest },
    direct: boolean,
  ): Promise<Response | RawResponse> {
    const prepared: PreparedRequest = {
      action,
      method,
      url: new URL(url.href),
      headers: { ...baseHeaders },
      body,
      streaming: body !== undefined && !isReplayable(body),
      context,
    };
    track.prepared = prepared;
    // Awaited only when the hook is async: each await is a turn of the event loop.
    const pending = this.preConnectHook(prepared);
    if (pending) await pending;
    if (Object.keys(prepared.headers).some((h) => h.toLowerCase() === 'proxy-authorization')) {
      throw new InvalidArgumentError('Proxy-Authorization must not be set by a hook: nubes sends it to the proxy only', {
        option: 'headers',
      });
    }
    const ready = this.#transport;
    const transport = ready !== undefined && !(ready instanceof Promise) ? ready : await this.#getTransport();
    const debugTo = debugTarget(this.#options.debug, this.env);
    const debug = debugTo ? new DebugLog(debugTo, this.secrets) : undefined;

    let target = prepared.url;
    let headers = prepared.headers;
    let currentMethod: HttpMethod = prepared.method;
    let currentBody = body;
    for (let hop = 0; ; hop++) {
      // Metadata services are always reached directly (DESIGN.md, credential flows).
      const proxy = direct ? null : this.resolveProxyFor(target).proxy;
      // Plain http to a plain proxy has no TLS leg: a bad SSL_CERT_FILE must not fail it.
      const tlsInPath = target.protocol === 'https:' || proxy?.protocol === 'https:';
      const { trust, proxyTrust } = tlsInPath ? this.resolveTrust() : NO_TLS;
      debug?.request(currentMethod, target, headers, currentBody, proxy, transport.name);
      const startedAt = Date.now();
      let response: TransportResponse;
      try {
        response = await transport.send({
          method: currentMethod,
          url: target,
          headers,
          body: currentBody,
          proxy,
          trust,
          proxyTrust,
          timeouts,
          signal,
          idempotent: markedIdempotent || isIdempotent(currentMethod),
        });
      } catch (err) {
        debug?.error(err instanceof Error ? err.message : String(err));
        throw err;
      }
      const responseHeaders = flattenHeaders(response.headers);
      const location = responseHeaders.location;
      if (REDIRECTS.has(response.status) && location && hop < this.#maxRedirects) {
        response.body.resume();
        const next = new URL(location, target);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw this.#clean(new InvalidArgumentError(`Refusing redirect to ${next.protocol}`));
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === 'POST')) {
          currentMethod = 'GET';
          currentBody = undefined;
          headers = { ...headers };
          delete headers['content-length'];
          delete headers['content-type'];
        } else if (currentBody !== undefined && !isReplayable(currentBody)) {
          throw this.#clean(new ProviderError(`Cannot follow a ${response.status} redirect with a streamed body`, { statusCode: response.status }));
        }
        if (next.origin !== target.origin) {
          // Credentials never follow to another host, and nothing is signed for it.
          headers = Object.fromEntries(Object.entries(headers).filter(([h]) => !isSecretHeader(h) && !/^x-amz-(date|content-sha256)$/.test(h)));
          target = next;
        } else {
          // Same origin: sign again for the new path (a replayed signature would not match it).
          const again: PreparedRequest = { ...prepared, method: currentMethod, url: next, headers: { ...headers }, body: currentBody };
          await this.preConnectHook(again);
          headers = again.headers;
          target = again.url;
        }
        continue;
      }
      const init = {
        status: response.status,
        headers: responseHeaders,
        method: currentMethod,
        url: redactUrl(target),
      };
      if (raw && response.status >= 200 && response.status < 300) {
        debug?.response(response.status, responseHeaders, undefined, Date.now() - startedAt);
        return new RawResponse({ ...init, body: guardStream(response.body, currentMethod, target, timeouts) });
      }
      let buffer: Buffer;
      try {
        buffer = await readBounded(
          response.body,
          raw ? Math.min(this.#maxResponseSize, 1024 * 1024) : this.#maxResponseSize,
          raw ? undefined : responseHeaders['content-encoding'],
          `${currentMethod} ${redactUrl(target)}`,
        );
      } catch (err) {
        if (err instanceof NubesError) throw err;
        throw transportReadError(err, currentMethod, target, timeouts);
      }
      debug?.response(response.status, responseHeaders, buffer, Date.now() - startedAt);
      const parsed = new this.responseCls({ ...init, body: buffer, provider: this.provider });
      if (!parsed.success()) {
        throw this.#clean(await parsed.parseError());
      }
      try {
        parsed.object = await parsed.parseBody();
      } catch (err) {
        if (err instanceof NubesError) throw err;
        throw new MalformedResponseError(
          `Cannot parse the response of ${currentMethod} ${redactUrl(target)}: ${(err as Error).message}`,
          { cause: err, statusCode: response.status, ...(this.provider ? { provider: this.provider } : {}) },
        );
      }
      return parsed;
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

/**
 * Passes a raw body through, turning the HTTP stack's stream errors into nubes errors
 * (an idle timeout while a download stalls becomes a TimeoutError, a reset a NetworkError).
 */
function guardStream(source: Readable, method: string, url: URL, timeouts: ResolvedTimeouts): Readable {
  const out = new PassThrough();
  source.on('error', (err) => out.destroy(err instanceof NubesError ? err : transportReadError(err, method, url, timeouts)));
  out.on('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}

function transportReadError(err: unknown, method: string, url: URL, timeouts: ResolvedTimeouts): NubesError {
  const code = (err as { code?: string }).code;
  if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'NUBES_IDLE_TIMEOUT') {
    return new TimeoutError(`Idle timeout: no data for ${timeouts.idle} ms (timeout.idle) while reading ${method} ${redactUrl(url)}`, 'idle', {
      cause: err,
    });
  }
  return new NetworkError(`Reading the response of ${method} ${redactUrl(url)} failed: ${(err as Error).message}`, { cause: err });
}
