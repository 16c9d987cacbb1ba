/**
 * The default transport: undici 7 dispatchers built by nubes.
 *
 * - direct requests: one keep-alive `Agent` per trust store;
 * - https targets through a proxy: one `ProxyAgent` per proxy (CONNECT, TLS end to end),
 *   with the trust store on both legs (`requestTls` to the origin, `proxyTls` to an https
 *   proxy);
 * - http targets through a proxy: absolute-form requests on a keep-alive `Pool` to the
 *   proxy (real proxies such as squid only allow CONNECT to port 443 by default), TLS to
 *   the proxy when it is an https proxy.
 *
 * Every socket undici parses responses from (direct, to an http proxy, through a tunnel)
 * has its end held until undici has read all it holds (hold-socket-end.ts): undici 7
 * otherwise fails, or crashes on, a download whose sender closes right after the last
 * byte while the reader is behind.
 *
 * undici's `EnvHttpProxyAgent` is deliberately not used: nubes resolves the proxy
 * itself (see proxy.ts for why).
 */
import { isIP } from '../../common/builtins.js';
import type { SecureContext } from 'node:tls';
import type * as Undici from 'undici';
import type { buildConnector, Dispatcher, Pool, ProxyAgent } from 'undici';
import { holdEndUntilDrained } from './hold-socket-end.js';
import { mapTransportError, PROXY_CONNECT_TIMEOUT, proxyAuthError } from './map-error.js';
import { NEVER_ABORTED, type Transport, type TransportRequest, type TransportResponse } from './transport.js';
import { secureContextFor, type TrustStore } from '../tls.js';
import type { ProxyConfig } from '../proxy.js';

/** The parts of undici the transport builds its dispatchers from. @internal */
export interface UndiciParts {
  readonly Agent: typeof Undici.Agent;
  readonly Pool: typeof Undici.Pool;
  readonly ProxyAgent: typeof Undici.ProxyAgent;
  readonly buildConnector: typeof Undici.buildConnector;
}

let undiciModule: UndiciParts | undefined;

/**
 * undici, loaded on the first request rather than when nubes is imported: it is most
 * of what `import 'nubes'` would otherwise load (see bench/startup.ts).
 *
 * Only the modules the transport uses are loaded ({@link loadUndiciParts}): undici's
 * package entry also loads fetch, WebSocket, EventSource, the cookie, cache and mock
 * code, which took ~115 ms of a process's first request (~150 ms of CPU) against
 * ~45 ms for these. The whole package is imported instead when that fails.
 */
async function loadUndici(): Promise<UndiciParts> {
  return (undiciModule ??= loadUndiciParts() ?? (await import('undici')));
}

/**
 * The dispatchers undici's package entry exports, required from their own modules, with
 * the request methods attached to `Dispatcher.prototype` as that entry does (the same
 * functions from the same module instances, so loading the whole package later changes
 * nothing). Undefined when a module is missing or is not what it should be (an undici
 * laid out differently); the caller then imports the package. undici 7 declares no
 * `exports` map, so these paths resolve like the package itself.
 *
 * @internal exported for tests, with the `require` to use.
 */
export function loadUndiciParts(require: (id: string) => unknown = process.getBuiltinModule('node:module').createRequire(import.meta.url)): UndiciParts | undefined {
  try {
    const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
    const api = require('undici/lib/api/index.js') as Record<string, unknown>;
    const parts: Record<keyof UndiciParts, unknown> = {
      Agent: require('undici/lib/dispatcher/agent.js'),
      Pool: require('undici/lib/dispatcher/pool.js'),
      ProxyAgent: require('undici/lib/dispatcher/proxy-agent.js'),
      buildConnector: require('undici/lib/core/connect.js'),
    };
    if (typeof Dispatcher !== 'function' || !Object.values(parts).every((part) => typeof part === 'function')) return undefined;
    if (!['request', 'stream', 'pipeline', 'upgrade', 'connect'].every((m) => typeof api[m] === 'function')) return undefined;
    const dispatchers = [parts.Agent, parts.Pool, parts.ProxyAgent] as { prototype: object }[];
    if (!dispatchers.every((c) => c.prototype instanceof Dispatcher)) return undefined;
    Object.assign(Dispatcher.prototype as object, api);
    return parts as unknown as UndiciParts;
  } catch {
    return undefined;
  }
}

/** undici, once {@link loadUndici} has run (every dispatcher is built after it). */
function undici(): UndiciParts {
  if (undiciModule === undefined) throw new Error('nubes internal error: undici used before it was loaded');
  return undiciModule;
}

/** Options of {@link UndiciTransport}. */
export interface UndiciTransportOptions {
  /**
   * Send every request to this dispatcher instead (an undici `MockAgent` in tests, or
   * your own agent). Proxy and TLS decisions are then the dispatcher's business.
   */
  dispatcher?: Dispatcher;
  /** Keep-alive sockets per origin (default 64). */
  connections?: number;
  /** How long an idle keep-alive socket is kept, in ms (default 4000). */
  keepAliveTimeout?: number;
}

interface TlsLeg {
  secureContext?: SecureContext;
  rejectUnauthorized: boolean;
  timeout: number;
  servername?: string;
}

function tlsOptions(trust: TrustStore, connectTimeout: number, servername?: string): TlsLeg {
  const opts: TlsLeg = {
    rejectUnauthorized: trust.rejectUnauthorized,
    timeout: connectTimeout,
  };
  const context = secureContextFor(trust);
  if (context) opts.secureContext = context;
  // SNI carries host names only (RFC 6066 §3); Node warns when given an IP address.
  if (servername !== undefined && isIP(servername) === 0) opts.servername = servername;
  return opts;
}

/** Hands undici its sockets with their end held until the parser drained them (see hold-socket-end.ts). */
function holdingEnd(connector: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    connector(options, (err, socket) => {
      if (err) callback(err, null);
      else callback(null, holdEndUntilDrained(socket));
    });
}

/** The connector undici would build from these TLS options, with {@link holdingEnd}. */
function connectorFor(tls: TlsLeg): buildConnector.connector {
  return holdingEnd(undici().buildConnector(tls));
}

/**
 * The client ProxyAgent opens its tunnels with, with two changes:
 *
 * - every CONNECT is bounded by the connect timeout. ProxyAgent waits for the proxy's
 *   answer without any limit, so a proxy that accepts the connection and then says
 *   nothing (a stuck or misconfigured one) would hang the request forever;
 * - for an https proxy addressed by IP, no IP is sent as TLS server name: ProxyAgent
 *   names the proxy's host even when it is an IP address, which Node reports as
 *   DEP0123 (RFC 6066 allows host names only). The certificate is still checked
 *   against the IP.
 */
function tunnelClientFactory(connectTimeout: number): (origin: URL, opts: object) => Dispatcher {
  return (origin, opts) => {
    const { connect: connector } = opts as { connect: buildConnector.connector };
    const pool = new (undici().Pool)(origin, {
      ...opts,
      connect: (options, callback) => {
        const { servername, ...rest } = options;
        connector(servername !== undefined && servername !== null && isIP(servername) !== 0 ? rest : options, callback);
      },
    });
    const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
    Object.defineProperty(pool, 'connect', {
      value: (options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> => {
        const controller = new AbortController();
        const timer = setTimeout(
          () =>
            controller.abort(
              Object.assign(new Error(`the proxy did not answer CONNECT within ${connectTimeout} ms`), { code: PROXY_CONNECT_TIMEOUT }),
            ),
          connectTimeout,
        );
        return connect({ ...options, signal: controller.signal }).finally(() => clearTimeout(timer));
      },
    });
    return pool;
  };
}

/**
 * undici only acts on an abort once the request has a connection: a request waiting for
 * a tunnel (a slow proxy) would ignore its caller until the connect timeout. This
 * settles at once; a response that still arrives is discarded.
 */
function abortable(pending: Promise<Dispatcher.ResponseData>, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  if (signal.aborted) {
    pending.then((r) => r.body.destroy(), () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      pending.then((r) => r.body.destroy(), () => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Dispatchers kept per transport (one per proxy and trust store in use). */
const MAX_DISPATCHERS = 16;

/** The undici-based transport (the default). */
export class UndiciTransport implements Transport {
  readonly name = 'undici';
  readonly #options: UndiciTransportOptions;
  readonly #dispatchers = new Map<string, Dispatcher>();
  /**
   * The last dispatcher chosen and what it was chosen for: consecutive requests of a
   * connection carry the same proxy and trust objects (both are cached upstream), so
   * the key need not be built again. Cleared whenever a dispatcher is dropped.
   */
  #last: { proxy: ProxyConfig | null; trust: TrustStore; proxyTrust: TrustStore; connect: number; http: boolean; chosen: { dispatcher: Dispatcher; absoluteForm: boolean } } | undefined;

  constructor(options: UndiciTransportOptions = {}) {
    this.#options = { ...options };
  }

  /** Number of dispatchers currently cached (one per trust store / proxy). */
  get dispatcherCount(): number {
    return this.#dispatchers.size;
  }

  #cached(key: string, create: () => Dispatcher): Dispatcher {
    const found = this.#dispatchers.get(key);
    if (found) return found;
    const dispatcher = create();
    this.#dispatchers.set(key, dispatcher);
    if (this.#dispatchers.size > MAX_DISPATCHERS) {
      // Oldest first (Map order): a connection that went through many proxies with
      // setHttpProxy does not keep a pool to each. close() lets running requests finish.
      const [oldKey, oldest] = this.#dispatchers.entries().next().value as [string, Dispatcher];
      this.#dispatchers.delete(oldKey);
      this.#last = undefined;
      oldest.close().catch(() => undefined);
    }
    return dispatcher;
  }

  #common(): { connections: number; keepAliveTimeout: number } {
    return {
      connections: this.#options.connections ?? 64,
      keepAliveTimeout: this.#options.keepAliveTimeout ?? 4000,
    };
  }

  #dispatcherFor(request: TransportRequest): { dispatcher: Dispatcher; absoluteForm: boolean } {
    const last = this.#last;
    const http = request.url.protocol === 'http:';
    if (
      last !== undefined &&
      last.proxy === request.proxy &&
      last.trust === request.trust &&
      last.proxyTrust === request.proxyTrust &&
      last.connect === request.timeouts.connect &&
      last.http === http
    ) {
      return last.chosen;
    }
    const chosen = this.#choose(request);
    this.#last = { proxy: request.proxy, trust: request.trust, proxyTrust: request.proxyTrust, connect: request.timeouts.connect, http, chosen };
    return chosen;
  }

  #choose(request: TransportRequest): { dispatcher: Dispatcher; absoluteForm: boolean } {
    if (this.#options.dispatcher) return { dispatcher: this.#options.dispatcher, absoluteForm: false };
    const connect = request.timeouts.connect;
    const proxy = request.proxy;
    if (!proxy) {
      const key = `direct|${request.trust.key}|${connect}`;
      return {
        dispatcher: this.#cached(key, () => new (undici().Agent)({ ...this.#common(), connect: connectorFor(tlsOptions(request.trust, connect)) })),
        absoluteForm: false,
      };
    }
    if (request.url.protocol === 'http:') {
      const key = `abs|${proxy.origin}|${request.proxyTrust.key}|${connect}`;
      return {
        dispatcher: this.#cached(
          key,
          () =>
            new (undici().Pool)(proxy.origin, {
              ...this.#common(),
              connect: connectorFor(tlsOptions(request.proxyTrust, connect, proxy.hostname)),
            }),
        ),
        absoluteForm: true,
      };
    }
    const key = `tunnel|${proxy.origin}|${proxy.authorization ?? ''}|${request.trust.key}|${request.proxyTrust.key}|${connect}`;
    return {
      dispatcher: this.#cached(key, () => {
        const options: ProxyAgent.Options = {
          ...this.#common(),
          uri: proxy.origin,
          requestTls: tlsOptions(request.trust, connect),
          proxyTls: tlsOptions(request.proxyTrust, connect, proxy.hostname),
        };
        if (proxy.authorization) options.token = proxy.authorization;
        options.clientFactory = tunnelClientFactory(connect);
        // The pools to the origins, whose sockets are the tunnels (TLS over CONNECT).
        options.factory = (origin, opts) => {
          const poolOptions = opts as Pool.Options & { connect: buildConnector.connector };
          return new (undici().Pool)(origin, { ...poolOptions, connect: holdingEnd(poolOptions.connect) });
        };
        return new (undici().ProxyAgent)(options);
      }),
      absoluteForm: false,
    };
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    // Awaited only until undici is loaded: each await is a turn of the microtask queue.
    if (this.#options.dispatcher === undefined && undiciModule === undefined) await loadUndici();
    const { dispatcher, absoluteForm } = this.#dispatcherFor(request);
    const url = request.url;
    let headers = request.headers;
    let origin: string;
    let path: string;
    if (absoluteForm && request.proxy) {
      // RFC 9112 §3.2.2: absolute-form request target, Host is the origin's.
      origin = request.proxy.origin;
      path = url.href;
      const withHost: Record<string, string> = Object.assign({}, headers, { host: url.host });
      if (request.proxy.authorization) withHost['proxy-authorization'] = request.proxy.authorization;
      headers = withHost;
    } else {
      origin = url.origin;
      path = `${url.pathname}${url.search}`;
    }
    // One literal, fields added after it only when they apply (undici reads the headers
    // without changing them, so the request's own object is passed).
    const options: Dispatcher.RequestOptions = {
      origin,
      path,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body ?? null,
      headersTimeout: request.timeouts.idle,
      bodyTimeout: request.timeouts.idle,
    };
    if (request.signal !== NEVER_ABORTED) options.signal = request.signal;
    // undici closes the connection after every HEAD unless told otherwise (client-h1.js,
    // "interop with misbehaving servers that may send a body"): a new TCP (and TLS)
    // connection per HEAD, where node:http and the SDKs reuse theirs. The response to a
    // HEAD has no body by definition (RFC 9110 §9.3.2); llhttp is told it is a HEAD and
    // reads none.
    if (request.method === 'HEAD') options.reset = false;
    try {
      const pending = dispatcher.request(options);
      const response = request.signal === NEVER_ABORTED ? await pending : await abortable(pending, request.signal);
      if (absoluteForm && response.statusCode === 407) {
        response.body.resume();
        throw proxyAuthError(request);
      }
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (err) {
      throw mapTransportError(request, err);
    }
  }

  async close(): Promise<void> {
    const all = [...this.#dispatchers.values()];
    this.#dispatchers.clear();
    this.#last = undefined;
    await Promise.allSettled(all.map((d) => d.close()));
  }
}
