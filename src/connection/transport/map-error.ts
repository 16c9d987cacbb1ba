/**
 * Turns a low-level network error (undici, node:http, agent-base) into a nubes error
 * with a message that says what happened, to which host, through which proxy, and
 * what to do about it. Shared by every transport.
 */
import {
  NetworkError,
  NubesError,
  ProxyAuthenticationError,
  ProxyError,
  SSLError,
  TimeoutError,
} from '../../common/errors/index.js';
import { redactUrl } from '../../common/redact.js';
import { describeProxySource } from '../proxy.js';
import type { TransportRequest } from './transport.js';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'UND_ERR_PRX_TLS',
  'EPROTO',
]);

/** Code of the error a transport raises when a proxy does not answer CONNECT in time. */
export const PROXY_CONNECT_TIMEOUT = 'NUBES_PROXY_CONNECT_TIMEOUT';

const CONNECT_FAILURE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function codeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as ErrorLike).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as ErrorLike).cause;
  }
  const top = err && typeof err === 'object' ? (err as ErrorLike).code : undefined;
  return typeof top === 'string' ? top : undefined;
}

function messageOf(err: unknown): string {
  let current: unknown = err;
  const parts: string[] = [];
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const m = (current as ErrorLike).message;
    if (typeof m === 'string' && m !== '' && !parts.includes(m)) parts.push(m);
    current = (current as ErrorLike).cause;
  }
  return parts.join(': ') || String(err);
}

/** `GET https://host/path` with secrets redacted. */
export function describeRequest(request: Pick<TransportRequest, 'method' | 'url'>): string {
  return `${request.method} ${redactUrl(request.url)}`;
}

/** ` via proxy http://host:port (from ...)` when the request has a proxy, else ``. */
export function viaProxy(request: Pick<TransportRequest, 'proxy'>): string {
  return request.proxy ? ` via proxy ${request.proxy.redacted} (from ${describeProxySource(request.proxy.source)})` : '';
}

function proxyPhrase(request: TransportRequest): string {
  const p = request.proxy;
  return p ? `proxy ${p.redacted} (from ${describeProxySource(p.source)})` : '';
}

/** A 407 from the proxy, as an error. */
export function proxyAuthError(request: TransportRequest, cause?: unknown): ProxyAuthenticationError {
  const p = request.proxy;
  const creds = p?.authorization
    ? 'the user name or password in the proxy URL was rejected'
    : 'the proxy requires credentials: put them in the proxy URL (http://user:password@host:port)';
  return new ProxyAuthenticationError(
    `Proxy authentication failed (HTTP 407) for ${describeRequest(request)} via ${proxyPhrase(request)}: ${creds}`,
    { statusCode: 407, cause },
  );
}

/** A CONNECT answered with a status other than 200 (other than 407). */
export function proxyConnectError(request: TransportRequest, status: number, cause?: unknown): ProxyError {
  return new ProxyError(
    `The ${proxyPhrase(request)} refused to open a tunnel to ${request.url.host} (CONNECT answered HTTP ${status}) for ${describeRequest(request)}. The proxy may block this host or port.`,
    { statusCode: status, cause },
  );
}

/** The SSLError message, with the trust sources and, behind a proxy, the remedy. */
export function sslError(request: TransportRequest, err: unknown): SSLError {
  const code = codeOf(err);
  const detail = messageOf(err);
  let message = `TLS verification failed for ${describeRequest(request)}: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}. Trusted CAs: ${request.trust.description}.`;
  if (request.proxy) {
    message += ` The request went through ${proxyPhrase(request)}. If that proxy intercepts TLS (mitmproxy, a corporate TLS inspection proxy), trust its CA certificate with the caCertsPath option or the SSL_CERT_FILE environment variable.`;
    if (request.proxy.protocol === 'https:') {
      message += ` The proxy itself speaks TLS: its certificate is checked against ${request.proxyTrust.description} (set proxyCaCertsPath to use another CA for the proxy).`;
    }
  } else {
    message += ' If the server uses a certificate from a private CA, trust that CA with the caCertsPath option or the SSL_CERT_FILE environment variable.';
  }
  return new SSLError(message, { cause: err });
}

/**
 * Maps an error thrown by a transport's HTTP stack. Errors that already are nubes
 * errors pass through.
 */
export function mapTransportError(request: TransportRequest, err: unknown): NubesError {
  if (err instanceof NubesError) return err;
  const code = codeOf(err);
  const message = messageOf(err);

  const connect407 = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(message);
  if (request.proxy && connect407) {
    const status = Number(connect407[1] ?? connect407[2]);
    return status === 407 ? proxyAuthError(request, err) : proxyConnectError(request, status, err);
  }
  if ((code && TLS_CODES.has(code)) || /certificate|SSL routines|TLS/i.test(message)) {
    if (code !== 'ECONNRESET') return sslError(request, err);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT' || code === PROXY_CONNECT_TIMEOUT) {
    const target = request.proxy ? proxyPhrase(request) : request.url.host;
    return new TimeoutError(
      `Connect timeout: could not connect to ${target} within ${request.timeouts.connect} ms (timeout.connect) for ${describeRequest(request)}`,
      'connect',
      { cause: err },
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'NUBES_IDLE_TIMEOUT') {
    return new TimeoutError(
      `Idle timeout: no data for ${request.timeouts.idle} ms (timeout.idle) on ${describeRequest(request)}${viaProxy(request)}`,
      'idle',
      { cause: err },
    );
  }
  if (request.proxy && code && CONNECT_FAILURE_CODES.has(code)) {
    return new ProxyError(
      `Cannot reach the ${proxyPhrase(request)} for ${describeRequest(request)}: ${message}. Check that the proxy is running and its host and port are right.`,
      { cause: err },
    );
  }
  const where = request.proxy ? ` via ${proxyPhrase(request)}` : '';
  return new NetworkError(`Network error on ${describeRequest(request)}${where}: ${message}`, { cause: err });
}

/** True for errors that mean "a reused keep-alive socket had been closed by the peer". */
export function isStaleSocketError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as ErrorLike).code;
    const message = (current as ErrorLike).message;
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return true;
    if (typeof message === 'string' && /other side closed|socket hang up/i.test(message)) return true;
    current = (current as ErrorLike).cause;
  }
  return false;
}
