/**
 * The Connection of every API that takes an OAuth 2.0 bearer token from a
 * {@link TokenCredential}: Google Cloud and Azure Resource Manager drivers subclass it.
 */
import { Connection, type ConnectionOptions, type PreparedRequest } from '../../connection/connection.js';
import type { InvalidCredentialsError } from '../errors/index.js';
import { TokenCache, type TokenCredential } from './token-credential.js';

const SENT_TOKEN = 'oauth.sentToken';

/**
 * Adds `Authorization: Bearer <token>` to every request, obtaining the token through this
 * same connection (so the token exchange obeys the proxy, CA and timeout options of the
 * API calls), caching it in memory and refreshing it ahead of expiry. A 401 drops the
 * token that was sent and the request is sent once more with a fresh one.
 *
 * The token is sent only to the hosts of {@link OAuthConnection.tokenHosts} (by default
 * the connection's own host): an absolute URL elsewhere — a `nextLink` or a polling URL
 * on another host — goes without it. Requests with `context: { auth: false }` (the token
 * exchange itself) go without it too.
 *
 * @example
 * ```ts
 * import { OAuthConnection, type ConnectionOptions, type TokenCredential } from 'nubes';
 *
 * class AcmeConnection extends OAuthConnection {
 *   constructor(credential: TokenCredential, options: ConnectionOptions = {}) {
 *     super(credential, ['https://api.acme.example/.default'], { host: 'api.acme.example', ...options });
 *   }
 * }
 * ```
 */
export class OAuthConnection extends Connection {
  /** The token cache (one per connection; tokens live in memory only). */
  readonly tokens: TokenCache;
  /** The scopes every token of this connection is asked for. */
  readonly scopes: readonly string[];

  constructor(credential: TokenCredential | TokenCache, scopes: readonly string[], options: ConnectionOptions = {}) {
    super(options);
    this.tokens = credential instanceof TokenCache ? credential : new TokenCache(credential);
    this.tokens.onToken = (token) => this.secrets.add(token);
    this.scopes = [...scopes];
  }

  /** A valid access token for this connection's scopes (fetched through this connection when needed). */
  accessToken(signal?: AbortSignal): Promise<string> {
    return this.tokens.get(this.scopes, this, { signal });
  }

  /** Lowercase host names the bearer token may be sent to. Default: this connection's host. */
  protected tokenHosts(): readonly string[] {
    return [this.host.toLowerCase()];
  }

  protected override async preConnectHook(prepared: PreparedRequest): Promise<void> {
    if (prepared.context.auth === false) return;
    if (!this.tokenHosts().includes(prepared.url.hostname.toLowerCase())) return;
    const token = await this.accessToken();
    prepared.context[SENT_TOKEN] = token;
    prepared.headers.authorization = `Bearer ${token}`;
  }

  protected override shouldReauthenticate(_error: InvalidCredentialsError, prepared: PreparedRequest): boolean {
    const sent = prepared.context[SENT_TOKEN];
    if (typeof sent !== 'string') return false;
    this.tokens.invalidate(this.scopes, sent);
    return true;
  }
}
