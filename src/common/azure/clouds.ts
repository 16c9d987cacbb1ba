/**
 * The Azure clouds nubes knows: each pairs a Microsoft Entra ID authority (where tokens
 * come from) with an Azure Resource Manager host (where the management API lives).
 * Sovereign clouds have their own of both; a token from one is useless in another.
 *
 * Hosts from the Azure environment tables (Azure CLI `az cloud list`, the
 * `AzureCloud`/`AzureChinaCloud`/`AzureUSGovernment` entries).
 */
import { InvalidArgumentError } from '../errors/index.js';

/** One Azure cloud: its Entra ID authority and its Resource Manager host. */
export interface AzureCloud {
  /** The short name (`'public'`, `'china'`, `'usgov'`). */
  readonly name: string;
  /** The Entra ID authority, an origin: `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  /** The Resource Manager host: `management.azure.com`. */
  readonly armHost: string;
  /** The scope a management token is asked for: `https://management.azure.com/.default`. */
  readonly armScope: string;
}

/** The names of {@link AZURE_CLOUDS}. */
export type AzureCloudName = 'public' | 'china' | 'usgov';

/** The clouds nubes knows, by name. Anything else: set `authorityHost` and `armHost` yourself. */
export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, AzureCloud>> = {
  public: {
    name: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    armHost: 'management.azure.com',
    armScope: 'https://management.azure.com/.default',
  },
  china: {
    name: 'china',
    authorityHost: 'https://login.chinacloudapi.cn',
    armHost: 'management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
  },
  usgov: {
    name: 'usgov',
    authorityHost: 'https://login.microsoftonline.us',
    armHost: 'management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
  },
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The cloud called `name` (default `'public'`).
 *
 * @throws {InvalidArgumentError} naming `cloud` for an unknown name.
 */
export function azureCloud(name: string | undefined, option = 'cloud'): AzureCloud {
  if (name === undefined || name === '') return AZURE_CLOUDS.public;
  if (typeof name !== 'string') {
    throw new InvalidArgumentError(`${option} must be one of ${Object.keys(AZURE_CLOUDS).join(', ')} (got a ${typeof name})`, { option });
  }
  const cloud = (AZURE_CLOUDS as Record<string, AzureCloud>)[name.toLowerCase()];
  if (cloud === undefined) {
    throw new InvalidArgumentError(`${option} must be one of ${Object.keys(AZURE_CLOUDS).join(', ')} (got ${JSON.stringify(name)})`, { option });
  }
  return cloud;
}

/**
 * Normalizes an authority host (`login.microsoftonline.us`, `https://login.microsoftonline.us/`)
 * to an origin. Plain http is accepted for loopback test servers only: a client secret or
 * assertion never crosses the network unencrypted.
 *
 * @throws {InvalidArgumentError} naming `option` for anything else.
 */
export function normalizeAuthorityHost(value: string, option = 'authorityHost'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${option} must be a host name or an https URL`, { option });
  }
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `https://${value.trim()}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError(`${option} is not a valid URL (got ${JSON.stringify(value)})`, { option });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new InvalidArgumentError(`${option} must be an https URL (plain http only for a loopback test server), got ${url.protocol}`, { option });
  }
  if (url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '') {
    throw new InvalidArgumentError(`${option} must be an origin such as https://login.microsoftonline.com (no path, query or credentials)`, { option });
  }
  return url.origin;
}
