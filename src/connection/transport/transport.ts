/**
 * The interface between Connection and the code that puts bytes on the wire. A
 * Connection resolves the proxy and trust store itself and hands a transport a fully
 * decided request; a transport never reads the environment.
 */
import type { Readable } from 'node:stream';
import type { ProxyConfig } from '../proxy.js';
import type { TrustStore } from '../tls.js';

/** A request body as transports accept it (Connection normalises web streams and iterables). */
export type TransportBody = string | Buffer | Uint8Array | Readable;

/** A fully decided request. */
export interface TransportRequest {
  /** HTTP method. */
  readonly method: string;
  /** The target URL (never the proxy's). */
  readonly url: URL;
  /** Lowercase header names. Never contains `proxy-authorization`: transports add it for the proxy only. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body to send, or undefined. */
  readonly body: TransportBody | undefined;
  /** The proxy this request goes through, or null for a direct connection. */
  readonly proxy: ProxyConfig | null;
  /** Trust for the origin (direct and through a tunnel). */
  readonly trust: TrustStore;
  /** Trust for the TLS leg to an https proxy. */
  readonly proxyTrust: TrustStore;
  /** Milliseconds. */
  readonly timeouts: {
    /** Time to connect (TCP, TLS and proxy tunnel), in ms. */
    readonly connect: number;
    /** Longest silence while waiting for headers or body bytes, in ms. */
    readonly idle: number;
  };
  /** Aborts the request. A request nothing can abort gets a shared signal that never fires. */
  readonly signal: AbortSignal;
  /**
   * True when sending the request twice is harmless (an idempotent method, or a request
   * the driver marked safe). A transport may resend only such a request when it cannot
   * tell whether the server read it; absent means false.
   */
  readonly idempotent?: boolean;
}

/** The signal of a request that has no abort signal and no total deadline: it never fires. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** What a transport returns: headers received, body not yet read. */
export interface TransportResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Lowercase header names. */
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body, as a Node stream; the Connection decides whether to buffer it. */
  readonly body: Readable;
}

/**
 * A transport. nubes ships `undici` (default) and `node`; tests pass a mock
 * (`nubes/testing`). Implement this to plug in another HTTP stack.
 */
export interface Transport {
  /** Short name used in debug output, e.g. `'undici'`. */
  readonly name: string;
  /** Sends one request; rejects with a `NubesError` subclass on network, proxy or TLS failure. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** The built-in transports by name. */
export type TransportName = 'undici' | 'node';
