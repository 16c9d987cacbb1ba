import type { NubesErrorCode } from './codes.js';
import { NubesError, registerErrorClasses } from './nubes-error.js';

/** The connection to the provider failed: refused, reset, DNS failure, socket closed. */
export class NetworkError extends NubesError {
  override readonly name: string = 'NetworkError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_NETWORK';
}

/**
 * Which timeout fired: `connect`, `idle` and `total` are one request's (the connection's
 * `timeout` option); `call` is the `timeout` given to a driver method
 * (`listNodes({ timeout })`), the total time of every request that call made.
 */
export type TimeoutKind = 'connect' | 'idle' | 'total' | 'call';

/**
 * A connect, idle (no bytes for too long) or total timeout of a request fired, or the
 * overall `timeout` of a driver call (`kind: 'call'`). `kind` says which; the message
 * names the option that sets it.
 */
export class TimeoutError extends NetworkError {
  override readonly name = 'TimeoutError';
  override readonly code = 'NUBES_ERR_TIMEOUT';
  /** Which timeout fired: `connect`, `idle`, `total` or `call`. */
  readonly kind: TimeoutKind;

  constructor(message: string, kind: TimeoutKind, options: ConstructorParameters<typeof NubesError>[1] = {}) {
    super(message, options);
    this.kind = kind;
  }
}

/** The caller's `AbortSignal` fired. `cause` holds the signal's reason. */
export class AbortError extends NubesError {
  override readonly name = 'AbortError';
  override readonly code = 'NUBES_ERR_ABORTED';
}

/**
 * The proxy could not be reached, refused the connection, or failed to reach the origin
 * (a CONNECT answered with a non-200 status). The message names the proxy (credentials
 * redacted) and where its setting came from.
 */
export class ProxyError extends NetworkError {
  override readonly name: string = 'ProxyError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_PROXY';
}

/** The proxy answered 407: credentials are missing or wrong for this proxy. */
export class ProxyAuthenticationError extends ProxyError {
  override readonly name = 'ProxyAuthenticationError';
  override readonly code = 'NUBES_ERR_PROXY_AUTH';
}

/**
 * TLS failed: the certificate could not be verified against the trust store, the name
 * did not match, or the handshake failed. The message says which trust sources were
 * used and, when a proxy is in the path, how to trust a TLS-intercepting proxy's CA.
 */
export class SSLError extends NetworkError {
  override readonly name = 'SSLError';
  override readonly code = 'NUBES_ERR_SSL';
}

registerErrorClasses({ NetworkError, TimeoutError, AbortError, ProxyError, ProxyAuthenticationError, SSLError });
