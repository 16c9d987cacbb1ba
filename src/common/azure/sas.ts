/**
 * Shared access signatures for Azure Blob Storage: using a SAS token as the credential
 * ({@link SasToken}), and signing service SAS URLs for a blob or a container with the
 * account key ({@link blobServiceSas}).
 *
 * Reference: "Create a service SAS" in the Azure Storage REST documentation (the
 * string-to-sign of version 2020-12-06 and later).
 */
import { InvalidArgumentError } from '../errors/index.js';
import { hmacSha256Base64 } from './shared-key.js';

/** Query parameters a SAS token may carry (service, account and user delegation SAS). */
const SAS_PARAMS = new Set([
  'sv', 'ss', 'srt', 'sp', 'st', 'se', 'sip', 'spr', 'sr', 'sig', 'si', 'ses', 'sdd', 'sks',
  'skoid', 'sktid', 'skt', 'ske', 'skv', 'saoid', 'suoid', 'scid', 'sduoid', 'rscc', 'rscd', 'rsce', 'rscl', 'rsct',
]);

/**
 * A SAS token used as the credential: its parameters are added to every request's
 * query string. The signature is a secret: nubes redacts `sig` from URLs and adds the
 * token's values to the connection's secrets.
 *
 * @example
 * ```ts
 * import { SasToken } from 'nubes/azure';
 *
 * const sas = new SasToken('?sv=2021-08-06&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=...');
 * const url = new URL('https://myaccount.blob.core.windows.net/photos?restype=container&comp=list');
 * sas.applyTo(url);
 * ```
 */
export class SasToken {
  /** The token's parameters, decoded, in their original order. */
  readonly params: readonly (readonly [string, string])[];
  /** The decoded `sig` value. */
  readonly signature: string;

  /**
   * @param token - the SAS query string, with or without its leading `?`.
   * @throws {InvalidArgumentError} (option `sasToken`) when `sv` or `sig` is missing, or a
   *   parameter is not a SAS parameter. The message never quotes the token.
   */
  constructor(token: string) {
    if (typeof token !== 'string' || token.trim() === '') {
      throw new InvalidArgumentError('sasToken must be a non-empty SAS query string', { option: 'sasToken' });
    }
    const parsed = new URLSearchParams(token.trim().replace(/^\?/, ''));
    const params: [string, string][] = [];
    for (const [name, value] of parsed) {
      if (!SAS_PARAMS.has(name)) {
        throw new InvalidArgumentError(`sasToken has an unexpected parameter ${JSON.stringify(name.slice(0, 20))}: pass only the SAS query string`, {
          option: 'sasToken',
        });
      }
      params.push([name, value]);
    }
    const sig = parsed.get('sig');
    if (!sig || !parsed.get('sv')) {
      throw new InvalidArgumentError('sasToken must contain sv= and sig= (a SAS query string as the portal or az CLI prints it)', {
        option: 'sasToken',
      });
    }
    this.params = params;
    this.signature = sig;
  }

  /**
   * True when `credential` is a SAS token rather than an account key. Exact, not a
   * guess: a SAS has at least `sv` and `sig`, so it contains `&`, which base64 never does.
   */
  static isSasToken(credential: string): boolean {
    return /[&?]/.test(credential);
  }

  /** The expiry (`se`), when the token carries one. */
  get expiresOn(): Date | undefined {
    const se = this.params.find(([name]) => name === 'se')?.[1];
    if (!se) return undefined;
    const at = new Date(se);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }

  /** Sets the token's parameters on `url` (replacing any of the same name). */
  applyTo(url: URL): void {
    for (const [name] of this.params) url.searchParams.delete(name);
    for (const [name, value] of this.params) url.searchParams.append(name, value);
  }

  /** The token as a query string (without `?`), encoded. */
  toString(): string {
    return new URLSearchParams(this.params.map(([n, v]): [string, string] => [n, v])).toString();
  }
}

/** Blob SAS permissions, in the order the service requires them. */
const BLOB_PERMISSION_ORDER = 'racwdxytmei';
/** Container SAS permissions add list (`l`) and filter by tags (`f`). */
const CONTAINER_PERMISSION_ORDER = 'racwdxyltfmei';

/** Options of {@link blobServiceSas}. */
export interface BlobServiceSasOptions {
  /** Storage account name. */
  account: string;
  /** Decoded account key. */
  accountKey: Buffer;
  /** Container name. */
  container: string;
  /** Blob name (decoded, as stored). Omit for a container SAS (`sr=c`). */
  blob?: string;
  /**
   * Permission letters in any order (default `'r'`). Blob: `r` read, `a` add, `c` create,
   * `w` write, `d` delete, `x` delete version, `y` permanent delete, `t` tags, `m` move,
   * `e` execute, `i` immutability policy; a container SAS also takes `l` list and `f` filter.
   */
  permissions?: string;
  /** When the SAS stops working (required unless `identifier` names a stored access policy). */
  expiresOn?: Date;
  /** When the SAS starts working (default: immediately; leave unset to avoid clock skew trouble). */
  startsOn?: Date;
  /** A stored access policy on the container (`si`). */
  identifier?: string;
  /** An IP address or range (`168.1.5.60-168.1.5.70`) allowed to use the SAS. */
  ipRange?: string;
  /** `'https'` or `'https,http'` (`spr`). Default: not set (the service allows both). */
  protocol?: 'https' | 'https,http';
  /** Service version to sign with (`sv`, default `'2021-08-06'`; must be 2020-12-06 or later). */
  version?: string;
  /** `Cache-Control` the service returns on a read with this SAS (`rscc`), overriding the stored one. */
  cacheControl?: string;
  /** `Content-Disposition` the service returns on a read with this SAS (`rscd`). */
  contentDisposition?: string;
  /** `Content-Encoding` the service returns on a read with this SAS (`rsce`). */
  contentEncoding?: string;
  /** `Content-Language` the service returns on a read with this SAS (`rscl`). */
  contentLanguage?: string;
  /** `Content-Type` the service returns on a read with this SAS (`rsct`). */
  contentType?: string;
}

/** The SAS version nubes signs with by default. */
export const DEFAULT_SAS_VERSION = '2021-08-06';

/** ISO 8601 UTC without milliseconds, the form the service documents. */
export function sasTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function orderedPermissions(permissions: string, container: boolean): string {
  const order = container ? CONTAINER_PERMISSION_ORDER : BLOB_PERMISSION_ORDER;
  for (const letter of permissions) {
    if (!order.includes(letter)) {
      throw new InvalidArgumentError(
        `permissions has ${JSON.stringify(letter)}, which a ${container ? 'container' : 'blob'} SAS does not take (allowed: ${order})`,
        { option: 'permissions' },
      );
    }
  }
  return [...order].filter((letter) => permissions.includes(letter)).join('');
}

/** The string a service SAS signs (version 2020-12-06 and later), for tests and debugging. */
export function blobServiceSasStringToSign(values: {
  permissions: string;
  start: string;
  expiry: string;
  canonicalizedResource: string;
  identifier: string;
  ipRange: string;
  protocol: string;
  version: string;
  resource: string;
  snapshotTime: string;
  encryptionScope: string;
  cacheControl: string;
  contentDisposition: string;
  contentEncoding: string;
  contentLanguage: string;
  contentType: string;
}): string {
  return [
    values.permissions,
    values.start,
    values.expiry,
    values.canonicalizedResource,
    values.identifier,
    values.ipRange,
    values.protocol,
    values.version,
    values.resource,
    values.snapshotTime,
    values.encryptionScope,
    values.cacheControl,
    values.contentDisposition,
    values.contentEncoding,
    values.contentLanguage,
    values.contentType,
  ].join('\n');
}

/**
 * Signs a service SAS for a blob (`sr=b`) or a container (`sr=c`) and returns its query
 * string (without `?`). Append it to the blob's URL.
 *
 * @throws {InvalidArgumentError} for a missing expiry, unknown permission letters, an
 *   expiry before the start, or a version older than 2020-12-06.
 * @example
 * ```ts
 * import { blobServiceSas, decodeAccountKey } from 'nubes/azure';
 *
 * const account = 'myaccount';
 * const accountKey = decodeAccountKey(process.env.AZURE_STORAGE_KEY!);
 * const query = blobServiceSas({ account, accountKey, container: 'photos', blob: 'cat.jpg',
 *   permissions: 'r', expiresOn: new Date(Date.now() + 3600_000) });
 * const url = `https://${account}.blob.core.windows.net/photos/cat.jpg?${query}`;
 * ```
 */
export function blobServiceSas(options: BlobServiceSasOptions): string {
  const isContainer = options.blob === undefined;
  const version = options.version ?? DEFAULT_SAS_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version) || version < '2020-12-06') {
    throw new InvalidArgumentError(`version must be a service version of 2020-12-06 or later (got ${JSON.stringify(version)})`, {
      option: 'version',
    });
  }
  for (const [name, value] of [['expiresOn', options.expiresOn], ['startsOn', options.startsOn]] as const) {
    if (value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime()))) {
      throw new InvalidArgumentError(`${name} must be a valid Date`, { option: name });
    }
  }
  if (options.expiresOn === undefined && options.identifier === undefined) {
    throw new InvalidArgumentError('expiresOn is required (unless identifier names a stored access policy)', { option: 'expiresOn' });
  }
  if (options.expiresOn && options.startsOn && options.startsOn.getTime() >= options.expiresOn.getTime()) {
    throw new InvalidArgumentError('expiresOn must be after startsOn', { option: 'expiresOn' });
  }
  if (!options.container) throw new InvalidArgumentError('container is required', { option: 'container' });
  if (options.blob === '') throw new InvalidArgumentError('blob must not be empty', { option: 'blob' });
  const permissions = orderedPermissions(options.permissions ?? 'r', isContainer);
  if (permissions === '' && options.identifier === undefined) {
    throw new InvalidArgumentError('permissions must not be empty (unless identifier names a stored access policy)', {
      option: 'permissions',
    });
  }
  const resource = isContainer ? 'c' : 'b';
  const start = options.startsOn ? sasTime(options.startsOn) : '';
  const expiry = options.expiresOn ? sasTime(options.expiresOn) : '';
  const canonical = `/blob/${options.account}/${options.container}${isContainer ? '' : `/${options.blob}`}`;
  const stringToSign = blobServiceSasStringToSign({
    permissions,
    start,
    expiry,
    canonicalizedResource: canonical,
    identifier: options.identifier ?? '',
    ipRange: options.ipRange ?? '',
    protocol: options.protocol ?? '',
    version,
    resource,
    snapshotTime: '',
    encryptionScope: '',
    cacheControl: options.cacheControl ?? '',
    contentDisposition: options.contentDisposition ?? '',
    contentEncoding: options.contentEncoding ?? '',
    contentLanguage: options.contentLanguage ?? '',
    contentType: options.contentType ?? '',
  });
  const query = new URLSearchParams();
  query.set('sv', version);
  if (start) query.set('st', start);
  if (expiry) query.set('se', expiry);
  query.set('sr', resource);
  if (permissions) query.set('sp', permissions);
  if (options.ipRange) query.set('sip', options.ipRange);
  if (options.protocol) query.set('spr', options.protocol);
  if (options.identifier) query.set('si', options.identifier);
  if (options.cacheControl) query.set('rscc', options.cacheControl);
  if (options.contentDisposition) query.set('rscd', options.contentDisposition);
  if (options.contentEncoding) query.set('rsce', options.contentEncoding);
  if (options.contentLanguage) query.set('rscl', options.contentLanguage);
  if (options.contentType) query.set('rsct', options.contentType);
  query.set('sig', hmacSha256Base64(options.accountKey, stringToSign));
  return query.toString();
}
