/**
 * OAuth 2.0 bearer tokens, shared by every family that signs in with one (Google, Microsoft
 * Entra ID): the credential interface, an in-memory cache that refreshes ahead of expiry
 * with one refresh shared by concurrent callers, and the Connection that sends the token.
 *
 * Token exchanges are requests of the driver's own Connection (DESIGN.md, credential
 * flows): same proxy resolution, CA bundle, timeouts, retries and redaction as the API
 * calls. Metadata services are asked with `direct: true` (never through a proxy).
 */
import { awaitInCall, runOutsideCall } from '../../connection/call-context.js';
import type { Connection } from '../../connection/connection.js';
import { reportTokenRefresh } from '../../connection/events.js';

/** An access token and when it stops being valid. */
export interface AccessToken {
  /** The bearer token. A secret: never logged, never in an error. */
  readonly token: string;
  /** When it expires, in epoch ms. */
  readonly expiresAt: number;
}

/** Options of {@link TokenCredential.getToken}. */
export interface GetTokenOptions {
  /** Cancels the token request. */
  signal?: AbortSignal | undefined;
}

/**
 * Something that can obtain an access token for a set of scopes by sending requests
 * through a Connection: a Google service-account key, the GCE metadata server, an Entra
 * ID client secret or certificate, Azure managed identity. Implementations do not cache:
 * {@link TokenCache} does.
 *
 * @example
 * ```ts
 * import type { AccessToken, TokenCredential } from 'nubes';
 *
 * // A token your platform already issues (tests, a sidecar, a vault agent).
 * const fixed: TokenCredential = {
 *   kind: 'static',
 *   async getToken(): Promise<AccessToken> {
 *     return { token: process.env.MY_TOKEN ?? '', expiresAt: Date.now() + 3_600_000 };
 *   },
 * };
 * ```
 */
export interface TokenCredential {
  /** A short name for debug output and errors (`'service-account'`, `'metadata'`, `'client-secret'`). */
  readonly kind: string;
  /**
   * Fetches a new token for `scopes`. Token requests must go through `connection` with
   * `context: { auth: false }` (so the bearer hook does not try to sign them), or with
   * `direct: true` for a metadata service.
   */
  getToken(scopes: readonly string[], connection: Connection, options?: GetTokenOptions): Promise<AccessToken>;
}

/** Options of {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Refresh this long before expiry, in ms. Default 5 minutes (at most half a token's lifetime). */
  refreshMargin?: number;
  /** The clock, epoch ms. Injected by tests. */
  clock?: () => number;
}

interface Entry {
  token: AccessToken | undefined;
  obtainedAt: number;
  pending: Promise<AccessToken> | undefined;
}

/**
 * Tokens in memory only, keyed by scope set: refreshed `refreshMargin` before they expire
 * (never on every request for a short-lived token: the margin is at most half the
 * lifetime), and one refresh shared by every concurrent caller (single flight).
 * An `OAuthConnection` holds one; share one between connections to share tokens.
 */
export class TokenCache {
  readonly #credential: TokenCredential;
  readonly #margin: number;
  readonly #clock: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Called with every token obtained, so the Connection can redact it. */
  onToken: ((token: string) => void) | undefined;

  constructor(credential: TokenCredential, options: TokenCacheOptions = {}) {
    this.#credential = credential;
    this.#margin = options.refreshMargin ?? 5 * 60_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** The credential behind the cache. */
  get credential(): TokenCredential {
    return this.#credential;
  }

  /** A valid token for `scopes`, from the cache or freshly obtained. */
  async get(scopes: readonly string[], connection: Connection, options: GetTokenOptions = {}): Promise<string> {
    const entry = this.#entry(scopes);
    const token = entry.token;
    if (token !== undefined && !this.#expiring(token, entry.obtainedAt)) return token.token;
    return (await awaitInCall(this.#refresh(entry, scopes, connection), options.signal, 'token refresh')).token;
  }

  /**
   * Drops `rejected` (a token the API answered 401 to) so the next {@link get} fetches a new
   * one; a token already replaced by a concurrent refresh is left alone.
   */
  invalidate(scopes: readonly string[], rejected: string | undefined): void {
    const entry = this.#entry(scopes);
    if (rejected === undefined || entry.token?.token === rejected) entry.token = undefined;
  }

  /** Forgets every token. */
  clear(): void {
    this.#entries.clear();
  }

  #entry(scopes: readonly string[]): Entry {
    const key = [...scopes].sort().join(' ');
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { token: undefined, obtainedAt: 0, pending: undefined };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  #expiring(token: AccessToken, obtainedAt: number): boolean {
    const margin = Math.min(this.#margin, Math.max(0, (token.expiresAt - obtainedAt) / 2));
    return this.#clock() >= token.expiresAt - margin;
  }

  /**
   * The one refresh every concurrent caller shares. It runs outside any caller's call
   * (no caller's signal or deadline ends it: the connection's own timeouts bound it);
   * each caller stops waiting on its own signal ({@link awaitInCall} in {@link get}).
   */
  #refresh(entry: Entry, scopes: readonly string[], connection: Connection): Promise<AccessToken> {
    entry.pending ??= runOutsideCall(async () => {
      const started = performance.now();
      const report = (expiresAt: number | undefined, error?: unknown): void =>
        reportTokenRefresh(connection, { credential: this.#credential.kind, scopes, durationMs: Math.round(performance.now() - started), expiresAt, error });
      try {
        const obtainedAt = this.#clock();
        let token: AccessToken;
        try {
          token = await this.#credential.getToken(scopes, connection);
        } catch (err) {
          report(undefined, err);
          throw err;
        }
        this.onToken?.(token.token);
        report(token.expiresAt);
        entry.token = token;
        entry.obtainedAt = obtainedAt;
        return token;
      } finally {
        entry.pending = undefined;
      }
    });
    return entry.pending;
  }
}
