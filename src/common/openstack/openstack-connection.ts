/**
 * OpenStackConnection: the connection of every OpenStack driver (Nova, Swift, ...).
 * Its `preConnectHook` makes sure a token exists (Keystone v3 or Swift TempAuth),
 * sets `X-Auth-Token`, and moves relative actions onto the service endpoint from the
 * catalog (or TempAuth's storage URL). Token calls go through this same connection,
 * so proxies, CAs, timeouts and debug logging apply to them too.
 */
import { awaitInCall, runOutsideCall } from '../../connection/call-context.js';
import { ConnectionUserAndKey } from '../../connection/connection-key.js';
import type { ConnectionOptions, PreparedRequest } from '../../connection/connection.js';
import type { ResponseClass } from '../../connection/response.js';
import { InvalidArgumentError, InvalidCredentialsError } from '../errors/index.js';
import type { OpenStackAuthResult, OpenStackIdentity } from './identity.js';
import { OpenStackResponse } from './openstack-response.js';
import {
  buildIdentity,
  checkHttpUrl,
  isOpenStackOption,
  serviceSettings,
  type OpenStackOptions,
  type OpenStackServiceSettings,
} from './options.js';

/** Options of {@link OpenStackConnection}: the connection options plus {@link OpenStackOptions}. */
export interface OpenStackConnectionOptions extends ConnectionOptions, OpenStackOptions {}

/** Context key where `preConnectHook` notes the token an attempt sent (read by `shouldReauthenticate`). */
const SENT_TOKEN = 'openstack.sentToken';

/**
 * Request context understood by {@link OpenStackConnection}: `service` sends a relative
 * action to another catalog service than the connection's main one (e.g. `'image'`, or
 * `['volumev3', 'block-storage']`); `auth: false` sends the request without a token.
 */
export interface OpenStackRequestContext {
  /** Catalog service type(s) a relative action goes to instead of the connection's own, e.g. `'image'`. */
  service?: string | readonly string[];
  /** `false` sends the request without `X-Auth-Token` (and without authenticating first). */
  auth?: false;
}


/**
 * The connection of the OpenStack family.
 *
 * @example
 * ```ts
 * import { OpenStackConnection } from 'nubes/openstack';
 *
 * const conn = new OpenStackConnection('alice', 's3cret', {
 *   authUrl: 'https://keystone.example.com:5000',
 *   projectName: 'demo',
 *   region: 'RegionOne',
 *   serviceType: 'compute',
 * });
 * const res = await conn.request('/servers/detail'); // → https://nova.example.com:8774/v2.1/servers/detail
 * ```
 */
export class OpenStackConnection extends ConnectionUserAndKey {
  protected override responseCls: ResponseClass = OpenStackResponse;
  /** The identity method in use. */
  readonly identity: OpenStackIdentity;
  /** Validated service settings (type, interface, region, overrides, refresh margin). */
  readonly settings: OpenStackServiceSettings;
  #auth: OpenStackAuthResult | undefined;
  #pending: Promise<OpenStackAuthResult> | undefined;

  constructor(userId: string, key: string, options: OpenStackConnectionOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('Connection options must be an object', { option: 'options' });
    }
    const connectionOptions: Record<string, unknown> = {};
    const openstack: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(options)) {
      if (isOpenStackOption(name)) openstack[name] = value;
      else connectionOptions[name] = value;
    }
    const os = openstack as OpenStackOptions;
    const authUrl = os.authUrl === undefined ? undefined : checkHttpUrl(optionalUrl(os.authUrl), 'authUrl');
    // The connection's own endpoint is the identity service's, unless url/host say otherwise.
    if (authUrl !== undefined && connectionOptions.url === undefined && connectionOptions.host === undefined) {
      connectionOptions.url = authUrl;
    }
    super(userId, key, connectionOptions as ConnectionOptions);
    if (authUrl === undefined && options.url === undefined && options.host === undefined) {
      throw new InvalidArgumentError('authUrl is required: the identity service URL, e.g. https://keystone.example.com:5000', {
        option: 'authUrl',
      });
    }
    // The password may appear JSON-escaped in the token request body (debug output).
    this.secrets.add(JSON.stringify(key).slice(1, -1));
    this.settings = serviceSettings(os);
    this.identity = buildIdentity(authUrl ?? this.baseUrl, userId, key, os);
  }

  /** The current authentication, if any (the token is secret: never log it). */
  get auth(): OpenStackAuthResult | undefined {
    return this.#auth;
  }

  /**
   * Returns a valid authentication, requesting a token when there is none or it expires
   * within the refresh margin. Concurrent callers share one token request.
   */
  async ensureAuth(): Promise<OpenStackAuthResult> {
    return this.#ensure(true);
  }

  #ensure(retry: boolean): Promise<OpenStackAuthResult> {
    const current = this.#auth;
    if (current && !this.#expiring(current)) return Promise.resolve(current);
    return this.#refresh(retry);
  }

  /** Requests a new token now, whatever the state of the current one. */
  async authenticate(): Promise<OpenStackAuthResult> {
    return this.#refresh(true);
  }


  /** Forgets the current token (e.g. after a logout), so the next request authenticates again. */
  clearAuth(): void {
    this.#auth = undefined;
  }

  #expiring(auth: OpenStackAuthResult): boolean {
    if (auth.expiresAt === undefined) return false;
    // At most half the lifetime: a short-lived token must not be refreshed on every request.
    const margin = Math.min(this.settings.tokenRefreshMargin, Math.max(0, (auth.expiresAt - auth.obtainedAt) / 2));
    return this.settings.clock() >= auth.expiresAt - margin;
  }

  /**
   * Requests a token (single-flight). `retry: false` when called from the auth hook: the
   * request being authenticated is retried by its own policy, and retrying the token
   * call inside each of its attempts would multiply the attempts (4 × 4 by default).
   */
  #refresh(retry: boolean): Promise<OpenStackAuthResult> {
    // Shared by every concurrent caller, so it runs outside any caller's call: one
    // caller's signal or deadline ends that caller's wait (awaitInCall), not the token
    // request the others wait for too.
    this.#pending ??= runOutsideCall(async () => {
      try {
        const auth = await this.identity.authenticate(
          (url, options) =>
            this.request(url, { ...options, ...(retry ? {} : { retry: false }), raw: false, context: { ...options.context, auth: false } }),
          this.settings.clock,
        );
        this.secrets.add(auth.token);
        this.#auth = auth;
        return auth;
      } finally {
        this.#pending = undefined;
      }
    });
    return awaitInCall(this.#pending, undefined, 'Keystone authentication');
  }

  /**
   * The base URL of a service (the main one by default): an override, TempAuth's storage
   * URL, or the catalog's endpoint for the configured interface and region.
   *
   * @param serviceType - catalog type(s), e.g. `'image'` or `['volumev3', 'block-storage']`.
   */
  async serviceUrl(serviceType?: string | readonly string[]): Promise<string> {
    return this.#endpoint(await this.ensureAuth(), serviceType);
  }

  #endpoint(auth: OpenStackAuthResult, service: string | readonly string[] | undefined): string {
    const s = this.settings;
    const types = service === undefined ? s.serviceType : typeof service === 'string' ? [service] : service;
    const main = service === undefined;
    for (const t of types ?? []) {
      const override = s.endpointOverrides[t];
      if (override !== undefined) return override;
    }
    if (main && s.endpointOverride !== undefined) return s.endpointOverride;
    if (main && auth.storageUrl !== undefined) return auth.storageUrl;
    if (!types || types.length === 0) {
      throw new InvalidArgumentError('serviceType is required to pick an endpoint from the catalog (e.g. "compute")', { option: 'serviceType' });
    }
    if (!auth.catalog) {
      throw new InvalidArgumentError(
        `The ${this.identity.method} token has no service catalog (it is not scoped to a project): set projectName or projectId, or endpointOverride`,
        { option: 'projectName' },
      );
    }
    return auth.catalog.endpointFor({
      serviceType: types,
      serviceName: main ? s.serviceName : undefined,
      interface: s.interface,
      region: s.region,
    });
  }

  /**
   * Authenticates (once, shared), sets `X-Auth-Token`, and moves relative actions onto
   * the service endpoint. Requests with `context.auth === false` (token calls) pass
   * untouched.
   */
  protected override async preConnectHook(prepared: PreparedRequest): Promise<void> {
    if (prepared.context.auth === false) return;
    const auth = await this.#ensure(false);
    prepared.context[SENT_TOKEN] = auth.token;
    prepared.headers['x-auth-token'] = auth.token;
    if (!/^https?:\/\//i.test(prepared.action)) {
      const base = this.#endpoint(auth, prepared.context.service as string | readonly string[] | undefined);
      let path = prepared.url.pathname;
      if (this.basePath && (path === this.basePath || path.startsWith(`${this.basePath}/`))) path = path.slice(this.basePath.length);
      // An empty action ('' or '/') is the endpoint itself (a Swift account is `/v1/AUTH_x`, not `/v1/AUTH_x/`).
      if (path === '/') path = '';
      prepared.url = new URL(`${base}${path}${prepared.url.search}`);
    }
  }

  /**
   * A 401 from the service means the token was revoked or expired early: drop it (if it
   * is still the current one) and let the Connection send the request once more, which
   * authenticates again in `preConnectHook`. A second 401 is thrown as it is. A failure
   * of the token call itself (`auth: false`) or a request sent without a token never
   * triggers this.
   */
  protected override shouldReauthenticate(error: InvalidCredentialsError, request: PreparedRequest): boolean {
    if (request.context.auth === false || error.statusCode !== 401) return false;
    const sent = request.context[SENT_TOKEN] as string | undefined;
    if (sent === undefined) return false;
    if (this.#auth?.token === sent) this.#auth = undefined;
    return true;
  }
}

function optionalUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError('authUrl must be a non-empty URL string', { option: 'authUrl' });
  }
  return value;
}
