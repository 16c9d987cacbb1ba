/**
 * Options of the OpenStack family and their validation: which identity method, which
 * project, which service endpoint. Every mistake is an InvalidArgumentError naming the
 * option, raised before any request.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { OpenStackIdentity } from './identity.js';
import { KeystoneV3Identity, type KeystoneDomain, type KeystoneScope, type KeystoneUser } from './keystone.js';
import { OPENSTACK_INTERFACES, type OpenStackInterface } from './service-catalog.js';
import { TempAuthIdentity } from './tempauth.js';

/**
 * Identity methods:
 * - `'3.x_password'` (default): Keystone v3, the user id argument is the user name (or id,
 *   with `userIdType: 'id'`), the key is the password.
 * - `'3.x_appcred'`: Keystone v3 application credential; the user id argument is the
 *   credential's id (or its name, with `userIdType: 'name'` and `appCredentialUserName`
 *   or `appCredentialUserId`), the key is its secret.
 * - `'1.0'`: Swift TempAuth; the user id argument is `account:user`, the key its key.
 */
export type OpenStackAuthVersion = '3.x_password' | '3.x_appcred' | '1.0';

/** The identity methods nubes supports. */
export const OPENSTACK_AUTH_VERSIONS: readonly OpenStackAuthVersion[] = ['3.x_password', '3.x_appcred', '1.0'];

/** Options of the OpenStack family, on top of the connection options. */
export interface OpenStackOptions {
  /**
   * The identity service: `https://keystone.example.com:5000` (with or without `/v3`), or
   * for TempAuth `http://swift:8080` (or `.../auth/v1.0`). Default: the connection's
   * `url` / `host`.
   */
  authUrl?: string;
  /** Identity method (default `'3.x_password'`). See {@link OpenStackAuthVersion}. */
  authVersion?: OpenStackAuthVersion;
  /** Whether the user id argument is a name or an id (default `'name'` for passwords, `'id'` for application credentials). */
  userIdType?: 'name' | 'id';
  /** Project to scope the token to, by name (with `projectDomainName`/`projectDomainId`). */
  projectName?: string;
  /** Old name of `projectName` (Keystone v2 "tenant"). */
  tenantName?: string;
  /** Project to scope the token to, by id. */
  projectId?: string;
  /** Domain of the user and the project when their own domain options are not set (default `'Default'`). */
  domainName?: string;
  /** Like `domainName`, by id. */
  domainId?: string;
  /** The user's domain, by name. */
  userDomainName?: string;
  /** The user's domain, by id. */
  userDomainId?: string;
  /** The project's domain, by name. */
  projectDomainName?: string;
  /** The project's domain, by id. */
  projectDomainId?: string;
  /** For an application credential given by name: the owning user's name (in `userDomainName`/`domainName`). */
  appCredentialUserName?: string;
  /** For an application credential given by name: the owning user's id. */
  appCredentialUserId?: string;
  /** Region of the endpoints to use; required when the catalog has several. */
  region?: string;
  /** Catalog service type(s) relative actions go to, e.g. `'compute'`; drivers set their own. */
  serviceType?: string | readonly string[];
  /** Catalog service name, when two services share a type. */
  serviceName?: string;
  /** Endpoint interface (default `'public'`). */
  interface?: OpenStackInterface;
  /** Use this URL instead of the catalog's (or TempAuth's storage URL) for the main service. */
  endpointOverride?: string;
  /** Per service type, URLs that replace the catalog's: `{ image: 'https://glance.internal:9292' }`. */
  endpointOverrides?: Readonly<Record<string, string>>;
  /** Refresh a token this many ms before it expires (default 300000, five minutes; at most half the token's lifetime). */
  tokenRefreshMargin?: number;
  /** The clock tokens are timed with, in ms since the epoch (default `Date.now`). For tests. */
  clock?: () => number;
}

/**
 * The option names, kept in step with {@link OpenStackOptions} by the compiler. Drivers
 * add them to their `driverOptionKeys`.
 */
const KEYS = {
  authUrl: true,
  authVersion: true,
  userIdType: true,
  projectName: true,
  tenantName: true,
  projectId: true,
  domainName: true,
  domainId: true,
  userDomainName: true,
  userDomainId: true,
  projectDomainName: true,
  projectDomainId: true,
  appCredentialUserName: true,
  appCredentialUserId: true,
  region: true,
  serviceType: true,
  serviceName: true,
  interface: true,
  endpointOverride: true,
  endpointOverrides: true,
  tokenRefreshMargin: true,
  clock: true,
} as const satisfies Record<keyof OpenStackOptions, true>;

/** Every option name of {@link OpenStackOptions}. */
export const OPENSTACK_OPTION_KEYS: readonly (keyof OpenStackOptions)[] = Object.keys(KEYS) as (keyof OpenStackOptions)[];

/** True for a name in {@link OPENSTACK_OPTION_KEYS}. */
export function isOpenStackOption(name: string): name is keyof OpenStackOptions {
  return name in KEYS;
}

function optionalString(options: OpenStackOptions, name: keyof OpenStackOptions): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${name} must be a non-empty string`, { option: name });
  }
  return value;
}

/** Checks that `value` is an http(s) URL; returns it without trailing slashes. */
export function checkHttpUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    throw new InvalidArgumentError(`${option} ${JSON.stringify(value)} is not a valid URL`, { option, cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`${option} must be an http:// or https:// URL (got ${url.protocol})`, { option });
  }
  if (url.username || url.password) {
    throw new InvalidArgumentError(`${option} must not contain credentials`, { option });
  }
  return value.replace(/\/+$/, '');
}

function domain(name: string | undefined, id: string | undefined, what: string, option: string): KeystoneDomain | undefined {
  if (name !== undefined && id !== undefined) {
    throw new InvalidArgumentError(`Give the ${what} domain by name or by id, not both`, { option });
  }
  if (id !== undefined) return { id };
  if (name !== undefined) return { name };
  return undefined;
}

/** The validated service settings of an OpenStack connection. */
export interface OpenStackServiceSettings {
  /** Accepted catalog service types, from `serviceType` (a single string becomes a one-element list); undefined when not set. */
  readonly serviceType: readonly string[] | undefined;
  /** Catalog service name to choose between services of one type, from `serviceName`. */
  readonly serviceName: string | undefined;
  /** Endpoint interface, from `interface` (default `'public'`). */
  readonly interface: OpenStackInterface;
  /** Region of the endpoints, from `region`. */
  readonly region: string | undefined;
  /** Checked http(s) URL replacing the main service's endpoint, from `endpointOverride`. */
  readonly endpointOverride: string | undefined;
  /** Checked http(s) URLs per service type, from `endpointOverrides` (frozen; empty when not set). */
  readonly endpointOverrides: Readonly<Record<string, string>>;
  /** Milliseconds before expiry at which a token is refreshed, from `tokenRefreshMargin` (default 300000). */
  readonly tokenRefreshMargin: number;
  /** Milliseconds since the epoch, from `clock` (default `Date.now`). */
  readonly clock: () => number;
}

/** Validates the service options. */
export function serviceSettings(options: OpenStackOptions): OpenStackServiceSettings {
  const iface = options.interface ?? 'public';
  if (!OPENSTACK_INTERFACES.includes(iface)) {
    throw new InvalidArgumentError(`interface must be one of ${OPENSTACK_INTERFACES.join(', ')} (got ${JSON.stringify(iface)})`, {
      option: 'interface',
    });
  }
  let serviceType: string[] | undefined;
  if (options.serviceType !== undefined) {
    const given: unknown = options.serviceType;
    serviceType = typeof given === 'string' ? [given] : Array.isArray(given) ? [...(given as unknown[])] as string[] : [''];
    if (serviceType.length === 0 || serviceType.some((t) => typeof t !== 'string' || t.trim() === '')) {
      throw new InvalidArgumentError('serviceType must be a non-empty string or a non-empty list of them', { option: 'serviceType' });
    }
  }
  const margin = options.tokenRefreshMargin ?? 300_000;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
    throw new InvalidArgumentError(`tokenRefreshMargin must be a non-negative number of milliseconds (got ${String(margin)})`, {
      option: 'tokenRefreshMargin',
    });
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new InvalidArgumentError('clock must be a function returning milliseconds since the epoch', { option: 'clock' });
  }
  const overrides: Record<string, string> = {};
  if (options.endpointOverrides !== undefined) {
    if (typeof options.endpointOverrides !== 'object' || options.endpointOverrides === null) {
      throw new InvalidArgumentError('endpointOverrides must be an object of service type → URL', { option: 'endpointOverrides' });
    }
    for (const [type, url] of Object.entries(options.endpointOverrides)) {
      if (typeof url !== 'string') throw new InvalidArgumentError(`endpointOverrides.${type} must be a URL string`, { option: `endpointOverrides.${type}` });
      overrides[type] = checkHttpUrl(url, `endpointOverrides.${type}`);
    }
  }
  const override = optionalString(options, 'endpointOverride');
  return {
    serviceType,
    serviceName: optionalString(options, 'serviceName'),
    interface: iface,
    region: optionalString(options, 'region'),
    endpointOverride: override === undefined ? undefined : checkHttpUrl(override, 'endpointOverride'),
    endpointOverrides: Object.freeze(overrides),
    tokenRefreshMargin: margin,
    clock: options.clock ?? Date.now,
  };
}

/**
 * Builds the identity method the options describe.
 *
 * @param authUrl - the identity URL (already validated).
 * @param userId - the user id argument of the connection.
 * @param secret - the key argument (password, application-credential secret, TempAuth key).
 */
export function buildIdentity(authUrl: string, userId: string, secret: string, options: OpenStackOptions): OpenStackIdentity {
  const version = options.authVersion ?? '3.x_password';
  if (!OPENSTACK_AUTH_VERSIONS.includes(version)) {
    throw new InvalidArgumentError(
      `authVersion must be one of ${OPENSTACK_AUTH_VERSIONS.map((v) => `'${v}'`).join(', ')} (got ${JSON.stringify(version)}); Keystone v2.0 was removed in OpenStack Queens`,
      { option: 'authVersion' },
    );
  }
  const idType = options.userIdType;
  if (idType !== undefined && idType !== 'name' && idType !== 'id') {
    throw new InvalidArgumentError(`userIdType must be 'name' or 'id' (got ${JSON.stringify(idType)})`, { option: 'userIdType' });
  }
  for (const key of Object.keys(KEYS) as (keyof OpenStackOptions)[]) {
    if (key.endsWith('Name') || key.endsWith('Id')) optionalString(options, key);
  }

  if (version === '1.0') {
    if (!/^[^:]+:.+$/.test(userId)) {
      throw new InvalidArgumentError(`Swift TempAuth needs the user as "account:user" (got ${JSON.stringify(userId)})`, { option: 'userId' });
    }
    return new TempAuthIdentity(authUrl, userId, secret);
  }

  const fallbackDomain = domain(options.domainName, options.domainId, 'default', 'domainName');
  const userDomain = domain(options.userDomainName, options.userDomainId, 'user', 'userDomainName') ?? fallbackDomain ?? { name: 'Default' };
  const userBy = (name: string | undefined, id: string | undefined, option: string): KeystoneUser | undefined => {
    if (name !== undefined && id !== undefined) throw new InvalidArgumentError('Give the user by name or by id, not both', { option });
    if (id !== undefined) return { id };
    if (name !== undefined) return { name, domain: userDomain };
    return undefined;
  };

  if (version === '3.x_appcred') {
    const byName = idType === 'name';
    const owner = userBy(options.appCredentialUserName, options.appCredentialUserId, 'appCredentialUserName');
    if (!byName) {
      if (owner) {
        throw new InvalidArgumentError("appCredentialUserName/appCredentialUserId only apply to a credential given by name (userIdType: 'name')", {
          option: options.appCredentialUserName !== undefined ? 'appCredentialUserName' : 'appCredentialUserId',
        });
      }
      return new KeystoneV3Identity(authUrl, { method: 'application_credential', id: userId, secret });
    }
    if (!owner) {
      throw new InvalidArgumentError('An application credential given by name needs its user: set appCredentialUserName or appCredentialUserId', {
        option: 'appCredentialUserName',
      });
    }
    return new KeystoneV3Identity(authUrl, { method: 'application_credential', name: userId, user: owner, secret });
  }

  const user: KeystoneUser = idType === 'id' ? { id: userId } : { name: userId, domain: userDomain };
  if (options.projectName !== undefined && options.tenantName !== undefined && options.projectName !== options.tenantName) {
    throw new InvalidArgumentError('projectName and tenantName name the same thing: set one', { option: 'tenantName' });
  }
  const projectName = options.projectName ?? options.tenantName;
  if (projectName !== undefined && options.projectId !== undefined) {
    throw new InvalidArgumentError('Give the project by name or by id, not both', { option: 'projectId' });
  }
  let scope: KeystoneScope;
  if (options.projectId !== undefined) {
    scope = { project: { id: options.projectId } };
  } else if (projectName !== undefined) {
    const projectDomain = domain(options.projectDomainName, options.projectDomainId, 'project', 'projectDomainName') ?? fallbackDomain ?? { name: 'Default' };
    scope = { project: { name: projectName, domain: projectDomain } };
  }
  return new KeystoneV3Identity(authUrl, { method: 'password', user, password: secret, scope });
}
