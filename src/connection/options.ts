/**
 * The options of {@link Connection}: their types, the runtime list of their names, and
 * the one function that checks and resolves them. A wrong type or shape is an
 * `InvalidArgumentError` naming the option, never a raw `TypeError`.
 */
import { InvalidArgumentError } from '../common/errors/index.js';
import { redactUrl } from '../common/redact.js';
import { NoProxyList, parseProxyUrl, type Environment, type ProxyConfig } from './proxy.js';
import { normalizeRetry, type RetryOption, type RetryPolicy } from './retry.js';
import { readCertificates, type CaMode } from './tls.js';
import type { Transport, TransportBody, TransportName } from './transport/transport.js';
import type { Dispatcher } from 'undici';
import { checkLogger, type Logger, type RequestObservation } from './events.js';

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
  /**
   * Receives structured, redacted events about every request (start, end, retry,
   * redirect, error, token refresh): `console`, a pino or winston logger, anything with
   * `debug`, `info` and `warn` methods. See docs/observability.md.
   */
  logger?: Logger;
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
  logger: true,
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

/** Timeouts after defaults: every field set (0 for `total` means no deadline). */
export interface ResolvedTimeouts {
  /** Connect timeout, ms. */
  connect: number;
  /** Idle timeout, ms. */
  idle: number;
  /** Total deadline, ms; 0 when none. */
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

/** Resolves a `timeout` option (connection-wide or per request) over `base`. */
export function normalizeTimeouts(value: number | TimeoutOptions | undefined, base: ResolvedTimeouts): ResolvedTimeouts {
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

function certificatePaths(value: unknown, option: string): readonly string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((p) => typeof p === 'string')) return value.filter((p: string) => p !== '');
  throw new InvalidArgumentError(`${option} must be a path or an array of paths (got ${typeof value})`, { option });
}

/** How a wrong value is described in a message: its kind, never its content (it may be a secret). */
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

const DEFAULT_TIMEOUTS: ResolvedTimeouts = { connect: 10_000, idle: 60_000, total: 0 };

/** What {@link resolveConnectionOptions} makes of the options: checked, defaulted, parsed. */
export interface ResolvedConnectionOptions {
  /** A frozen copy of the options as given. */
  readonly options: Readonly<ConnectionOptions>;
  /** True for https. */
  readonly secure: boolean;
  /** Endpoint host. */
  readonly host: string;
  /** Endpoint port. */
  readonly port: number;
  /** Path prefix from `url`, no trailing slash. */
  readonly basePath: string;
  /** Connection-wide timeouts. */
  readonly timeouts: ResolvedTimeouts;
  /** Connection-wide retry policy. */
  readonly retry: RetryPolicy;
  /** Largest buffered body. */
  readonly maxResponseSize: number;
  /** Redirects followed per request (0: none). */
  readonly maxRedirects: number;
  /** The `noProxy` option, parsed. */
  readonly noProxy: NoProxyList | undefined;
  /** The `proxyUrl` option, parsed; null when unset. */
  readonly explicitProxy: ProxyConfig | null;
  /** The transport to use: a built-in name or the caller's object. */
  readonly transport: TransportName | Transport;
}

/**
 * Checks every option and resolves defaults. Options are copied first: a caller
 * mutating its object later changes nothing.
 *
 * @throws {InvalidArgumentError} naming the option, for an unknown key or a wrong type or value.
 */
export function resolveConnectionOptions(options: ConnectionOptions): ResolvedConnectionOptions {
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
  const o: Readonly<ConnectionOptions> = Object.freeze({ ...options });

  let secure = o.secure ?? true;
  let host = o.host;
  let port = o.port;
  let basePath = '';
  if (o.url !== undefined) {
    if (typeof o.url !== 'string') throw new InvalidArgumentError(`url must be a string (got ${kindOf(o.url)})`, { option: 'url' });
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
  if (typeof secure !== 'boolean' || o.secure === null) throw new InvalidArgumentError('secure must be a boolean', { option: 'secure' });
  if (host !== undefined && (typeof host !== 'string' || host.trim() === '' || /[\s/]/.test(host))) {
    throw new InvalidArgumentError(`host must be a host name or IP address (got ${JSON.stringify(host)})`, { option: 'host' });
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new InvalidArgumentError(`port must be an integer from 1 to 65535 (got ${String(port)})`, { option: 'port' });
  }

  const timeouts = normalizeTimeouts(o.timeout, DEFAULT_TIMEOUTS);
  const retry = normalizeRetry(o.retry);
  if (o.maxResponseSize !== undefined) positive(o.maxResponseSize, 'maxResponseSize');
  const follow = o.followRedirects;
  if (follow !== undefined && typeof follow !== 'boolean' && !(Number.isInteger(follow) && follow >= 0)) {
    throw new InvalidArgumentError('followRedirects must be a boolean or a non-negative integer', { option: 'followRedirects' });
  }
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
  if (o.verifySslCert !== undefined && typeof o.verifySslCert !== 'boolean') {
    throw new InvalidArgumentError(`verifySslCert must be a boolean (got ${kindOf(o.verifySslCert)})`, { option: 'verifySslCert' });
  }
  if (o.debug !== undefined && typeof o.debug !== 'boolean' && typeof o.debug !== 'string') {
    throw new InvalidArgumentError(`debug must be true, false or a file path (got ${kindOf(o.debug)})`, { option: 'debug' });
  }
  if (o.env !== undefined && (typeof o.env !== 'object' || o.env === null || Array.isArray(o.env))) {
    // A string here would mean no proxy or CA variable is ever read: refused, not ignored.
    throw new InvalidArgumentError(`env must be an object of environment variables, like process.env (got ${kindOf(o.env)})`, { option: 'env' });
  }
  checkLogger(o.logger);
  if (o.noProxy !== undefined && typeof o.noProxy !== 'string') {
    throw new InvalidArgumentError(`noProxy must be a string in NO_PROXY syntax, e.g. "localhost,.corp" (got ${kindOf(o.noProxy)})`, {
      option: 'noProxy',
    });
  }
  const noProxy = o.noProxy !== undefined ? new NoProxyList(o.noProxy) : undefined;
  const explicitProxy = o.proxyUrl !== undefined && o.proxyUrl !== null ? parseProxyUrl(o.proxyUrl, { kind: 'option' }) : null;

  const transport = o.transport === undefined ? 'undici' : o.transport;
  if (o.dispatcher !== undefined && (typeof o.dispatcher !== 'object' || o.dispatcher === null || typeof o.dispatcher.dispatch !== 'function')) {
    throw new InvalidArgumentError(`dispatcher must be an undici Dispatcher, e.g. a MockAgent (got ${kindOf(o.dispatcher)})`, { option: 'dispatcher' });
  }
  if (o.dispatcher !== undefined && transport !== 'undici') {
    throw new InvalidArgumentError('dispatcher can only be used with the undici transport', { option: 'dispatcher' });
  }
  if (transport !== 'undici' && transport !== 'node' && !(typeof transport === 'object' && transport !== null && typeof transport.send === 'function')) {
    throw new InvalidArgumentError(`Unknown transport ${JSON.stringify(transport)} (known: 'undici', 'node', or a Transport object)`, {
      option: 'transport',
    });
  }
  return {
    options: o,
    secure,
    host: host ?? 'localhost',
    port: port ?? (secure ? 443 : 80),
    basePath,
    timeouts,
    retry,
    maxResponseSize: o.maxResponseSize ?? 32 * 1024 * 1024,
    maxRedirects: follow === true ? 5 : typeof follow === 'number' ? follow : 0,
    noProxy,
    explicitProxy,
    transport,
  };
}

/** Everything one attempt of a request needs (the loop in `request()` sends it again on retries). */
export interface AttemptOptions {
  /** The action after `morphAction`. */
  readonly action: string;
  /** The method. */
  readonly method: HttpMethod;
  /** The URL, query included: the first attempt's, which its `preConnectHook` may change. */
  readonly url: URL;
  /** The URL's href as built, from which every later attempt parses its own. */
  readonly href: string;
  /** Headers before `preConnectHook`. */
  readonly headers: Record<string, string>;
  /** The encoded body. */
  readonly body: TransportBody | undefined;
  /** The request's context bag, shared by every attempt. */
  readonly context: Record<string, unknown>;
  /** True for a streamed answer. */
  readonly raw: boolean;
  /** True when the caller marked the request safe to send twice. */
  readonly markedIdempotent: boolean;
  /** The request's timeouts. */
  readonly timeouts: ResolvedTimeouts;
  /** User abort and total deadline. */
  readonly signal: AbortSignal;
  /** Never through a proxy. */
  readonly direct: boolean;
  /** Where the attempt leaves the request as `preConnectHook` prepared it, for `shouldReauthenticate`. */
  readonly track: { prepared?: PreparedRequest };
  /** The request's events, when a logger or a diagnostics_channel subscriber listens. */
  readonly observe: RequestObservation | undefined;
}
