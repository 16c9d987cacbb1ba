/**
 * The opt-in `node` transport: node:http(s) with keep-alive agents (without keep-alive
 * a proxied call is 5–6× slower), `http-proxy-agent` (absolute-form) for http targets
 * and `https-proxy-agent` (CONNECT) for https targets. It is what nock 14 intercepts,
 * and it accepts a user-supplied `http.Agent` (PAC, SOCKS, NTLM/Kerberos agents).
 *
 * Loaded only when a connection asks for it, so the default import path stays lean.
 *
 * @module nubes/transport/node
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import type { SecureContext } from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { TimeoutError } from '../../common/errors/index.js';
import { mapTransportError, PROXY_CONNECT_TIMEOUT, proxyAuthError, proxyConnectError, viaProxy } from './map-error.js';
import { NEVER_ABORTED, type Transport, type TransportRequest, type TransportResponse } from './transport.js';
import { isReplayable } from '../body.js';
import { secureContextFor, type TrustStore } from '../tls.js';
import type { ProxyConfig } from '../proxy.js';

/** Options of {@link NodeTransport}. */
export interface NodeTransportOptions {
  /**
   * Your own agent for every request (a PAC, SOCKS or NTLM agent), or a function that
   * picks one per URL (return undefined to let nubes decide). A custom agent routes the
   * request itself: nubes' proxy resolution is not applied to it.
   */
  agent?: http.Agent | ((url: URL) => http.Agent | undefined);
  /** Keep-alive sockets per origin (default 64). */
  maxSockets?: number;
}

function tlsOf(trust: TrustStore): { secureContext?: SecureContext; rejectUnauthorized: boolean } {
  const secureContext = secureContextFor(trust);
  return secureContext ? { secureContext, rejectUnauthorized: trust.rejectUnauthorized } : { rejectUnauthorized: trust.rejectUnauthorized };
}

/** Agents kept per transport (one per proxy and trust store in use). */
const MAX_AGENTS = 16;

/** Sends on a reused socket before giving up; each dead socket leaves the pool. */
const MAX_STALE_ATTEMPTS = 4;

/** Internal: the request died on a reused socket the peer had already closed. */
class StaleSocketClosed extends Error {}

/**
 * True when a request on a reused keep-alive socket failed because the peer had closed
 * it, so that sending it again on a new socket is safe: EPIPE (our write hit a closed
 * socket: the request never arrived whole) for any request, and Node's "socket hang up"
 * (the stream ended before any response byte) only for idempotent ones — a hang-up can
 * also mean the server read the request and then died, and a POST must not run twice.
 * This is the rule of Go's net/http transport (a non-idempotent request is retried only
 * when nothing was written) and of Node's documentation of `request.reusedSocket`.
 * tinyproxy triggers it on every request: it closes its side after each response
 * without `Connection: close`; non-idempotent requests through a proxy avoid it by using
 * a connection of their own (see #agentFor).
 */
function isClosedBeforeReading(err: unknown, idempotent: boolean): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return code === 'EPIPE' || (idempotent && code === 'ECONNRESET' && message === 'socket hang up');
}

/**
 * Bounds the time a proxy agent takes to get a usable connection to the proxy (TCP,
 * TLS to an https proxy, and the CONNECT answer) by the connect timeout. The agents
 * wait without limit, and until they hand a socket over, destroying the request does
 * nothing: a proxy that accepts connections and then says nothing would hang the
 * request, and keep the process alive. The agents open their socket synchronously at
 * the start of `connect()`, from `connectOpts`, so a signal placed there for that call
 * reaches exactly that socket.
 */
function boundConnect<A extends HttpProxyAgent<string> | HttpsProxyAgent<string>>(agent: A, timeoutMs: number): A {
  const original = agent.connect.bind(agent) as (req: http.ClientRequest, options: object) => Promise<unknown>;
  const connectOpts = agent.connectOpts as { signal?: AbortSignal };
  const bounded = async (req: http.ClientRequest, options: object): Promise<unknown> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let pending: Promise<unknown>;
    connectOpts.signal = controller.signal;
    try {
      pending = original(req, options);
    } finally {
      delete connectOpts.signal;
    }
    try {
      return await pending;
    } catch (err) {
      if (!controller.signal.aborted) throw err;
      throw Object.assign(new Error(`the proxy did not answer within ${timeoutMs} ms`), { code: PROXY_CONNECT_TIMEOUT, cause: err });
    } finally {
      clearTimeout(timer);
    }
  };
  Object.defineProperty(agent, 'connect', { value: bounded });
  return agent;
}

/** The node:http transport. */
export class NodeTransport implements Transport {
  readonly name = 'node';
  readonly #options: NodeTransportOptions;
  readonly #agents = new Map<string, http.Agent>();

  constructor(options: NodeTransportOptions = {}) {
    this.#options = { ...options };
  }

  /** Number of agents currently cached (one per proxy and trust store in use). */
  get agentCount(): number {
    return this.#agents.size;
  }

  #cached(key: string, create: () => http.Agent): http.Agent {
    const found = this.#agents.get(key);
    if (found) return found;
    const agent = create();
    this.#agents.set(key, agent);
    if (this.#agents.size > MAX_AGENTS) {
      // A connection that went through many proxies does not keep a pool to each:
      // agents with no request in flight are dropped, oldest first.
      for (const [oldKey, old] of this.#agents) {
        if (this.#agents.size <= MAX_AGENTS) break;
        if (old === agent || Object.keys(old.sockets).length > 0 || Object.keys(old.requests).length > 0) continue;
        this.#agents.delete(oldKey);
        old.destroy();
      }
    }
    return agent;
  }

  #proxyHeaders(proxy: ProxyConfig): Record<string, string> {
    return proxy.authorization ? { 'Proxy-Authorization': proxy.authorization } : {};
  }

  /** A new proxy agent for `request` (http targets: absolute-form; https: CONNECT). */
  #proxyAgent(request: TransportRequest, proxy: ProxyConfig, keepAlive: boolean): http.Agent {
    const maxSockets = this.#options.maxSockets ?? 64;
    // SNI carries host names only (RFC 6066 §3); Node warns when given an IP address.
    const proxyTls = isIP(proxy.hostname) === 0 ? { ...tlsOf(request.proxyTrust), servername: proxy.hostname } : tlsOf(request.proxyTrust);
    const options = { keepAlive, maxSockets, headers: this.#proxyHeaders(proxy) };
    if (request.url.protocol !== 'https:') {
      const agent = new HttpProxyAgent(proxy.origin, options);
      // TLS options for an https proxy go to the proxy connection only.
      if (proxy.protocol === 'https:') Object.assign(agent.connectOpts as object, proxyTls);
      return boundConnect(agent, request.timeouts.connect);
    }
    const agent = new HttpsProxyAgent(proxy.origin, options);
    // Proxy TLS on the agent's connectOpts; origin TLS goes on each request. Passing
    // `ca` to the constructor would also merge it into the origin's TLS options.
    if (proxy.protocol === 'https:') Object.assign(agent.connectOpts as object, proxyTls);
    return boundConnect(agent, request.timeouts.connect);
  }

  #agentFor(request: TransportRequest): { agent: http.Agent; custom: boolean } {
    const custom = this.#options.agent;
    const chosen = typeof custom === 'function' ? custom(request.url) : custom;
    if (chosen) return { agent: chosen, custom: true };
    const maxSockets = this.#options.maxSockets ?? 64;
    const https_ = request.url.protocol === 'https:';
    const proxy = request.proxy;
    if (!proxy) {
      if (!https_) return { agent: this.#cached('http', () => new http.Agent({ keepAlive: true, maxSockets })), custom: false };
      return {
        agent: this.#cached(
          `https|${request.trust.key}`,
          () => new https.Agent({ keepAlive: true, maxSockets, ...tlsOf(request.trust) }),
        ),
        custom: false,
      };
    }
    if (!isReplayable(request.body) || request.idempotent !== true) {
      // A request that must not (not idempotent) or cannot (stream body) be sent twice
      // never goes on a reused socket through a proxy: a proxy may close a kept-alive
      // connection right after its response without saying so (tinyproxy 1.11 does it
      // after every response), and a request that dies on such a socket is resent only
      // when that is safe (see isClosedBeforeReading). This agent opens a connection for
      // this request alone and closes it after the response (`Connection: close`).
      return { agent: this.#proxyAgent(request, proxy, false), custom: false };
    }
    if (!https_) {
      return {
        agent: this.#cached(`hpa|${proxy.origin}|${proxy.authorization ?? ''}|${request.proxyTrust.key}|${request.timeouts.connect}`, () =>
          this.#proxyAgent(request, proxy, true),
        ),
        custom: false,
      };
    }
    return {
      // Keyed by the origin's trust too: http.Agent pools sockets by `ca`, not by secureContext.
      agent: this.#cached(`hspa|${proxy.origin}|${proxy.authorization ?? ''}|${request.trust.key}|${request.proxyTrust.key}|${request.timeouts.connect}`, () =>
        this.#proxyAgent(request, proxy, true),
      ),
      custom: false,
    };
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#sendOnce(request, attempt < MAX_STALE_ATTEMPTS);
      } catch (err) {
        if (!(err instanceof StaleSocketClosed)) throw err;
        // The peer had closed this kept-alive socket before reading the request: send it
        // again on another socket (the dead one is gone from the pool now).
      }
    }
  }

  #sendOnce(request: TransportRequest, mayResend: boolean): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      const { url } = request;
      const isHttps = url.protocol === 'https:';
      let agent: http.Agent;
      let custom: boolean;
      try {
        ({ agent, custom } = this.#agentFor(request));
      } catch (err) {
        reject(mapTransportError(request, err));
        return;
      }
      const options: https.RequestOptions = {
        method: request.method,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers: { ...request.headers },
        agent,
        ...(request.signal === NEVER_ABORTED ? {} : { signal: request.signal }),
      };
      if (isHttps && (request.proxy || custom)) {
        // Through a tunnel the origin's TLS options travel with the request.
        Object.assign(options, tlsOf(request.trust), isIP(options.hostname ?? '') === 0 ? { servername: options.hostname } : {});
        // A user's agent may serve several connections: http.Agent tells sockets apart by
        // `ca` (not by secureContext), so give it the list to keep trust stores apart.
        if (custom && request.trust.ca) options.ca = [...request.trust.ca];
      }
      let settled = false;
      let response: http.IncomingMessage | undefined;
      const replayable = isReplayable(request.body);
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        request.signal.removeEventListener('abort', onAbort);
        if (mayResend && replayable && req.reusedSocket && response === undefined && !request.signal.aborted && isClosedBeforeReading(err, request.idempotent === true)) {
          reject(new StaleSocketClosed());
          return;
        }
        reject(mapTransportError(request, err));
      };
      const req = (isHttps ? https : http).request(options);
      // Before an agent hands the request a socket, destroying the request does not
      // surface an error: settle first, then destroy.
      const connectTimer = setTimeout(() => {
        const err = Object.assign(new Error(`connect timeout after ${request.timeouts.connect} ms`), { code: 'ETIMEDOUT' });
        fail(err);
        req.destroy(err);
      }, request.timeouts.connect);
      const onAbort = (): void => {
        fail(request.signal.reason);
        req.destroy();
      };
      if (request.signal !== NEVER_ABORTED) request.signal.addEventListener('abort', onAbort, { once: true });
      req.once('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once(isHttps && !request.proxy ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      req.once('proxyConnect', (connect: { statusCode: number }) => {
        clearTimeout(connectTimer);
        if (connect.statusCode === 200) return;
        // https-proxy-agent hands a failed CONNECT back as if it were the origin's
        // response: never let it pass as a provider answer.
        const err = connect.statusCode === 407 ? proxyAuthError(request) : proxyConnectError(request, connect.statusCode);
        fail(err);
        req.destroy();
      });
      req.setTimeout(request.timeouts.idle, () => {
        const err = new TimeoutError(
          `Idle timeout: no data for ${request.timeouts.idle} ms (timeout.idle) on ${request.method} ${url.origin}${url.pathname}${viaProxy(request)}`,
          'idle',
        );
        // Once headers arrived the body stream must carry the error itself (destroying the
        // request would surface as a generic "aborted").
        if (response) response.destroy(err);
        else req.destroy(err);
      });
      req.on('error', fail);
      req.once('response', (res) => {
        clearTimeout(connectTimer);
        if (settled) {
          res.resume();
          return;
        }
        if (request.proxy && !isHttps && res.statusCode === 407) {
          res.resume();
          fail(proxyAuthError(request));
          return;
        }
        settled = true;
        request.signal.removeEventListener('abort', onAbort);
        response = res;
        res.on('error', () => undefined);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
      });
      const body = request.body;
      if (body === undefined) req.end();
      else if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
      else {
        (body as Readable).on('error', (err) => req.destroy(err));
        (body as Readable).pipe(req);
      }
    });
  }

  async close(): Promise<void> {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}
