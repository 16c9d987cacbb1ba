/**
 * The Connection of every API that takes one static bearer token (a personal access
 * token or API key): DigitalOcean, Linode and Vultr. Its OAuth sibling,
 * `OAuthConnection` (src/common/oauth/), obtains and refreshes its token from a
 * credential; both send `Authorization: Bearer` only to their own API host and never
 * with `context: { auth: false }`, and both register the token as a secret.
 */
import { ConnectionKey } from '../connection/connection-key.js';
import type { ConnectionOptions, PreparedRequest } from '../connection/connection.js';
import { prefixAction, withDefaultHost } from './rest-helpers.js';

/** Where a bearer-token API lives. */
export interface BearerTokenApi {
  /** The API host, used unless the `host` or `url` option points elsewhere (a mock). */
  readonly host: string;
  /** The version prefix every relative action gets, e.g. `/v2`. */
  readonly prefix: string;
}

/**
 * A connection to a JSON API that authenticates every call with one static token.
 * Relative actions get the API's version prefix (`'/droplets'` → `/v2/droplets`; given
 * `host`, `port`, `secure` or `url` options point it at a mock, the prefix is still
 * added). The token goes in `Authorization: Bearer` to the connection's own host only —
 * an absolute URL on another host (a link in a response) goes without it — and is
 * redacted from every error and debug line. Families subclass it with their response
 * class (which maps the provider's JSON error body).
 *
 * @example
 * ```ts
 * import { BearerTokenConnection } from 'nubes';
 *
 * class AcmeConnection extends BearerTokenConnection {
 *   constructor(token: string, options = {}) {
 *     super(token, { host: 'api.acme.example', prefix: '/v1' }, options);
 *   }
 * }
 * const res = await new AcmeConnection(process.env.ACME_TOKEN!).request('/account');
 * ```
 */
export class BearerTokenConnection extends ConnectionKey {
  /** The version prefix relative actions get. */
  readonly apiPrefix: string;

  constructor(token: string, api: BearerTokenApi, options: ConnectionOptions = {}) {
    super(token, withDefaultHost(options, api.host));
    this.apiPrefix = api.prefix;
  }

  /** Lowercase host names the token may be sent to. Default: this connection's host. */
  protected tokenHosts(): readonly string[] {
    return [this.host.toLowerCase()];
  }

  protected override morphAction(action: string): string {
    return prefixAction(action, this.apiPrefix);
  }

  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return { accept: 'application/json', ...headers };
  }

  protected override preConnectHook(prepared: PreparedRequest): void {
    if (prepared.context.auth === false) return;
    if (!this.tokenHosts().includes(prepared.url.hostname.toLowerCase())) return;
    prepared.headers.authorization = `Bearer ${this.key}`;
  }
}
