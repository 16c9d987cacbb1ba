/**
 * Keystone v3 identity: password and application-credential authentication, token
 * parsing (`X-Subject-Token`, `token.expires_at`, `token.catalog`).
 *
 * API reference: https://docs.openstack.org/api-ref/identity/v3/ ("Password
 * authentication with scoped authorization", "Authenticating with an Application
 * Credential").
 */
import { checkShape } from '../payload.js';
import { InvalidCredentialsError, ProviderError } from '../errors/index.js';
import { contextOf, malformedAuth, wrongAuthUrl, type AuthSender, type OpenStackAuthResult, type OpenStackIdentity } from './identity.js';
import { ServiceCatalog, type CatalogService } from './service-catalog.js';

/** A domain, by name or by id. */
export type KeystoneDomain =
  | {
      /** Domain name, e.g. `Default`. */
      readonly name: string;
    }
  | {
      /** Domain id, e.g. `default`. */
      readonly id: string;
    };

/** A user, by id, or by name within a domain. */
export type KeystoneUser =
  | {
      /** User id (unique across domains). */
      readonly id: string;
    }
  | {
      /** User name (unique only within its domain). */
      readonly name: string;
      /** The domain the user name belongs to. */
      readonly domain: KeystoneDomain;
    };

/** What a token is scoped to: a project (by id, or by name within a domain), a domain, or nothing. */
export type KeystoneScope =
  | {
      /** Scope the token to this project; the catalog then lists the project's endpoints. */
      readonly project:
        | {
            /** Project id. */
            readonly id: string;
          }
        | {
            /** Project name (unique only within its domain). */
            readonly name: string;
            /** The domain the project name belongs to. */
            readonly domain: KeystoneDomain;
          };
    }
  | {
      /** Scope the token to this domain (for domain-level administration). */
      readonly domain: KeystoneDomain;
    }
  | undefined;

/** Password authentication. */
export interface KeystonePasswordCredentials {
  /** Selects password authentication (Keystone's `identity.methods: ['password']`). */
  readonly method: 'password';
  /** The user to authenticate. */
  readonly user: KeystoneUser;
  /** The user's password. */
  readonly password: string;
  /** Without a scope, Keystone returns an unscoped token with no catalog. */
  readonly scope?: KeystoneScope;
}

/** Application-credential authentication: by id, or by name plus the owning user. The credential carries its own scope. */
export type KeystoneApplicationCredentials =
  | {
      /** Selects application-credential authentication. */
      readonly method: 'application_credential';
      /** Application credential id (unique, so no user is needed). */
      readonly id: string;
      /** The application credential's secret. */
      readonly secret: string;
    }
  | {
      /** Selects application-credential authentication. */
      readonly method: 'application_credential';
      /** Application credential name (unique only per user). */
      readonly name: string;
      /** The user who owns the application credential. */
      readonly user: KeystoneUser;
      /** The application credential's secret. */
      readonly secret: string;
    };

/** Credentials for {@link KeystoneV3Identity}. */
export type KeystoneCredentials = KeystonePasswordCredentials | KeystoneApplicationCredentials;

/**
 * The body of `POST /v3/auth/tokens` for these credentials.
 *
 * @example
 * ```ts
 * import { keystoneAuthBody } from 'nubes/openstack';
 *
 * keystoneAuthBody({
 *   method: 'password',
 *   user: { name: 'alice', domain: { name: 'Default' } },
 *   password: 's3cret',
 *   scope: { project: { name: 'demo', domain: { name: 'Default' } } },
 * });
 * // { auth: { identity: { methods: ['password'], password: { user: { name, domain, password } } }, scope: { project: ... } } }
 * ```
 */
export function keystoneAuthBody(credentials: KeystoneCredentials): {
  /** The `auth` object: `identity` (methods and credentials) and, for a password, `scope`. */
  auth: Record<string, unknown>;
} {
  if (credentials.method === 'password') {
    const auth: Record<string, unknown> = {
      identity: { methods: ['password'], password: { user: { ...credentials.user, password: credentials.password } } },
    };
    if (credentials.scope) auth.scope = credentials.scope;
    return { auth };
  }
  const appcred = 'id' in credentials ? { id: credentials.id, secret: credentials.secret } : { name: credentials.name, user: credentials.user, secret: credentials.secret };
  return { auth: { identity: { methods: ['application_credential'], application_credential: appcred } } };
}

/**
 * Normalises an auth URL to the Keystone v3 root: `https://ks:5000`, `https://ks:5000/v3`,
 * `https://host/identity/v3/auth/tokens` all become `.../v3`. A `/v2.0` suffix (from an
 * old configuration) is replaced by `/v3`: Keystone serves both under one root, and v2.0
 * was removed in Queens.
 */
export function keystoneV3Root(authUrl: string): string {
  let url = authUrl.replace(/[?#].*$/, '').replace(/\/+$/, '');
  url = url.replace(/\/auth\/tokens$/, '');
  if (/\/v2\.0$/.test(url)) url = url.slice(0, -'/v2.0'.length);
  if (!/\/v3$/.test(url)) url = `${url}/v3`;
  return url;
}

/** The parts of a Keystone v3 token body nubes reads. */
interface KeystoneTokenBody {
  token?: {
    expires_at?: string;
    issued_at?: string;
    catalog?: CatalogService[];
    project?: { id?: string };
    user?: { id?: string };
  };
}

/** Parses a Keystone timestamp; Keystone writes UTC, sometimes without the `Z`. */
function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const text = /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function describeUser(user: KeystoneUser): string {
  return 'id' in user ? `user id "${user.id}"` : `user "${user.name}"`;
}

/**
 * Keystone v3 identity.
 *
 * @example
 * ```ts
 * import { KeystoneV3Identity } from 'nubes/openstack';
 *
 * const identity = new KeystoneV3Identity('https://keystone.example.com:5000', {
 *   method: 'application_credential', id: 'a1b2...', secret: 'app-secret',
 * });
 * ```
 */
export class KeystoneV3Identity implements OpenStackIdentity {
  readonly method: string;
  readonly tokenUrl: string;
  readonly #credentials: KeystoneCredentials;

  constructor(authUrl: string, credentials: KeystoneCredentials) {
    this.tokenUrl = `${keystoneV3Root(authUrl)}/auth/tokens`;
    this.#credentials = credentials;
    this.method = credentials.method === 'password' ? 'Keystone v3 password' : 'Keystone v3 application credential';
  }

  /** Who is authenticating, for messages (never the secret). */
  get principal(): string {
    const c = this.#credentials;
    if (c.method === 'password') return describeUser(c.user);
    return 'id' in c ? `application credential "${c.id}"` : `application credential "${c.name}" of ${describeUser(c.user)}`;
  }

  async authenticate(send: AuthSender, now: () => number): Promise<OpenStackAuthResult> {
    let response;
    try {
      response = await send(this.tokenUrl, {
        method: 'POST',
        data: keystoneAuthBody(this.#credentials),
        headers: { accept: 'application/json' },
        // Creating a token has no side effect worth guarding: safe to retry on network errors.
        idempotent: true,
      });
    } catch (err) {
      if (err instanceof ProviderError && (err.statusCode === 401 || err.statusCode === 403)) {
        throw new InvalidCredentialsError(
          `${this.method} authentication failed for ${this.principal} at ${this.tokenUrl}: ${err.message}`,
          contextOf(err),
        );
      }
      if (err instanceof ProviderError && err.statusCode === 404) throw wrongAuthUrl(this.method, this.tokenUrl, err);
      throw err;
    }
    const obtainedAt = now();
    const token = response.headers['x-subject-token'];
    if (!token) throw malformedAuth(this.method, this.tokenUrl, 'has no X-Subject-Token header', response);
    let body: KeystoneTokenBody;
    try {
      body = JSON.parse(response.body) as KeystoneTokenBody;
    } catch {
      throw malformedAuth(this.method, this.tokenUrl, 'is not JSON', response);
    }
    if (!body || typeof body !== 'object' || !body.token || typeof body.token !== 'object') {
      throw malformedAuth(this.method, this.tokenUrl, 'has no "token" object', response);
    }
    const expires = parseTime(body.token.expires_at);
    const issued = parseTime(body.token.issued_at);
    // Measure the lifetime on the server's clock and apply it to ours, so a skewed
    // local clock neither keeps an expired token nor refreshes on every request.
    const expiresAt = expires === undefined ? undefined : issued !== undefined && expires > issued ? obtainedAt + (expires - issued) : expires;
    const catalog = Array.isArray(body.token.catalog) ? new ServiceCatalog(checkCatalog(body.token.catalog)) : undefined;
    return {
      token,
      obtainedAt,
      expiresAt,
      catalog,
      storageUrl: undefined,
      projectId: body.token.project?.id,
      userId: body.token.user?.id,
    };
  }
}

/**
 * Checks the catalog of a token response: a `null` service or endpoint, or one without
 * its type or URL, is a MalformedResponseError naming the field, not a TypeError later
 * while choosing an endpoint.
 */
function checkCatalog(catalog: readonly unknown[]): CatalogService[] {
  for (const service of catalog) {
    const s = checkShape(service, { type: 'id', name: 'string?', endpoints: 'list' }, { provider: 'openstack', what: 'service catalog entry' });
    for (const endpoint of s.endpoints as unknown[]) {
      checkShape(endpoint, { url: 'id', interface: 'string', region_id: 'string?', region: 'string?' }, { provider: 'openstack', what: 'service catalog endpoint' });
    }
  }
  return catalog as CatalogService[];
}
