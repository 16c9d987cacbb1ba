/**
 * The Connection of the Azure Blob service: endpoint rules (host-style for Azure,
 * path-style for emulators), `x-ms-version`, and authorization with the account key
 * (Shared Key), a SAS token, or a Microsoft Entra ID bearer token.
 */
import type { ConnectionOptions, PreparedRequest } from '../../connection/connection.js';
import { ConnectionUserAndKey } from '../../connection/connection-key.js';
import { InvalidArgumentError, NotSupportedError, type InvalidCredentialsError } from '../errors/index.js';
import { TokenCache, type TokenCredential } from '../oauth/token-credential.js';
import { AZURE_SIGNATURE_ECHO, AzureBlobResponse } from './azure-blob-response.js';
import { blobServiceSas, SasToken, type BlobServiceSasOptions } from './sas.js';
import { decodeAccountKey, SharedKeySigner } from './shared-key.js';

/**
 * The Blob service version nubes speaks (`x-ms-version`). Entra ID (OAuth) bearer
 * tokens need 2017-11-09 or later
 * (https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).
 */
export const AZURE_BLOB_API_VERSION = '2021-08-06';

/**
 * The scope of an Entra token for Azure Storage (any account). An account's own resource
 * (`https://<account>.blob.core.windows.net/.default`) works too: the `scope` option.
 */
export const AZURE_STORAGE_SCOPE = 'https://storage.azure.com/.default';

/** Stands in for the key of a connection signed in with Entra ID (it has none). */
const ENTRA_PLACEHOLDER = 'entra-id-bearer';
const SENT_TOKEN = 'azureBlob.sentToken';

/** The public Azure cloud's blob endpoint suffix. */
export const AZURE_BLOB_HOST_SUFFIX = 'blob.core.windows.net';

/** How a connection authenticates: the account key, a SAS token, or an Entra ID bearer token. */
export type AzureBlobAuthType = 'sharedKey' | 'sas' | 'entra';

/** Options of {@link AzureBlobConnection}: the Connection's, plus the Entra token scope. */
export type AzureBlobConnectionOptions = ConnectionOptions & {
  /** Scope of the Entra token (default {@link AZURE_STORAGE_SCOPE}); only with a TokenCredential. */
  scope?: string | undefined;
};

/** Options of {@link AzureBlobConnection.blobSasUrl}: {@link BlobServiceSasOptions} without the account parts. */
export type BlobSasUrlOptions = Omit<BlobServiceSasOptions, 'account' | 'accountKey' | 'container' | 'blob'>;

function isIpOrLocalhost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(bare);
}

function validateAccount(account: unknown, defaultEndpoint: boolean): string {
  if (typeof account !== 'string' || account.trim() === '') {
    throw new InvalidArgumentError('The storage account name (first argument) is required', { option: 'account' });
  }
  // Azure: 3–24 lowercase letters and digits (it is a DNS label of the endpoint).
  // Emulators and Azure Stack take other names, so a custom endpoint only needs a path-safe name.
  const ok = defaultEndpoint ? /^[a-z0-9]{3,24}$/.test(account) : /^[A-Za-z0-9][A-Za-z0-9-]*$/.test(account);
  if (!ok) {
    throw new InvalidArgumentError(
      `Storage account name ${JSON.stringify(account)} is invalid${defaultEndpoint ? ' (3 to 24 lowercase letters and digits)' : ''}`,
      { option: 'account' },
    );
  }
  return account;
}

/**
 * Where requests go. No `url`/`host`: `https://<account>.blob.core.windows.net`. A
 * `host` (or `url` without a path) that is an IP address or `localhost` is an emulator:
 * path-style, the account becomes the first path segment. A `url` with a path is used
 * as it is (`http://127.0.0.1:10000/devstoreaccount1`).
 */
function endpointOptions(account: string, options: ConnectionOptions): { options: ConnectionOptions; pathStyle: boolean } {
  if (typeof options !== 'object' || options === null) return { options, pathStyle: false };
  if (options.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      return { options, pathStyle: false }; // Connection reports the bad URL
    }
    const path = parsed.pathname.replace(/\/+$/, '');
    if (path !== '') return { options, pathStyle: path.split('/')[1] === account };
    if (!isIpOrLocalhost(parsed.hostname)) return { options, pathStyle: false };
    parsed.pathname = `/${account}`;
    return { options: { ...options, url: parsed.href.replace(/\/$/, '') }, pathStyle: true };
  }
  if (options.host === undefined) {
    return { options: { ...options, host: `${account}.${AZURE_BLOB_HOST_SUFFIX}` }, pathStyle: false };
  }
  if (typeof options.host !== 'string' || !isIpOrLocalhost(options.host)) return { options, pathStyle: false };
  const secure = options.secure ?? true;
  if (typeof secure !== 'boolean') return { options, pathStyle: false }; // Connection reports it
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  const port = options.port ?? (secure ? 443 : 80);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { options, pathStyle: false };
  const { host: _h, port: _p, secure: _s, ...rest } = options;
  return { options: { ...rest, url: `${secure ? 'https' : 'http'}://${host}:${port}/${account}` }, pathStyle: true };
}

/**
 * A connection to the Azure Blob service of one storage account.
 *
 * Credentials: `credential` is either the account key (base64, as the portal shows it)
 * or a SAS token (`sv=...&sig=...`, with or without `?`). The two cannot be confused:
 * a SAS always contains `&`, base64 never does. Or it is a Microsoft Entra ID
 * {@link TokenCredential} (see `resolveAzureCredential`): each request then carries
 * `Authorization: Bearer <token>` for the scope `https://storage.azure.com/.default`,
 * fetched through this connection (its proxy, CA bundle, timeouts and redaction), sent
 * only to the storage account's own host, renewed once on a 401.
 *
 * Bodies: Shared Key signs `Content-Length`, so a streamed body must come with a
 * `content-length` header (the Blob service also refuses chunked uploads). Strings and
 * Buffers get it automatically. Drivers upload large data as blocks of known size.
 *
 * @example
 * ```ts
 * import { AzureBlobConnection } from 'nubes/azure';
 *
 * // Azure
 * const conn = new AzureBlobConnection('myaccount', process.env.AZURE_STORAGE_KEY!);
 * // Azurite (path-style: the account goes in the path)
 * const dev = new AzureBlobConnection('devstoreaccount1', process.env.AZURITE_ACCOUNT_KEY!, { host: '127.0.0.1', port: 10000, secure: false });
 * const res = await dev.request('/', { params: { comp: 'list' } });
 * ```
 */
export class AzureBlobConnection extends ConnectionUserAndKey {
  /** The storage account name. */
  readonly account: string;
  /** True when the account is the first path segment (emulators), false for `<account>.blob.core.windows.net`. */
  readonly pathStyle: boolean;
  /** Whether requests are signed with the account key or carry a SAS token. */
  readonly authType: AzureBlobAuthType;
  protected override responseCls = AzureBlobResponse;
  readonly #signer: SharedKeySigner | undefined;
  readonly #sas: SasToken | undefined;
  readonly #tokens: TokenCache | undefined;
  readonly #scopes: readonly string[];

  /**
   * @param account - the storage account name.
   * @param credential - the account key (base64), a SAS token, or an Entra ID TokenCredential.
   * @param options - connection options; `url` or `host`/`port`/`secure` point at an emulator or another cloud; `scope` for Entra.
   * @throws {InvalidArgumentError} for a bad account name, key or SAS token, before any request.
   */
  constructor(account: string, credential: string | TokenCredential | TokenCache, options: AzureBlobConnectionOptions = {}) {
    const { scope, ...connectionOptions } = typeof options === 'object' && options !== null ? options : ({} as AzureBlobConnectionOptions);
    const defaultEndpoint = typeof options === 'object' && options !== null && options.url === undefined && options.host === undefined;
    const endpoint = endpointOptions(validateAccount(account, defaultEndpoint), typeof options === 'object' && options !== null ? connectionOptions : options);
    const entra = typeof credential === 'object' && credential !== null;
    super(account, entra ? ENTRA_PLACEHOLDER : credential, endpoint.options);
    this.account = account;
    this.pathStyle = endpoint.pathStyle;
    this.secrets.addPattern(AZURE_SIGNATURE_ECHO);
    if (scope !== undefined && (typeof scope !== 'string' || !/^https:\/\/\S+\/\.default$/.test(scope))) {
      throw new InvalidArgumentError(`scope must be a resource URL ending in /.default, e.g. ${AZURE_STORAGE_SCOPE} (got ${JSON.stringify(scope)})`, { option: 'scope' });
    }
    this.#scopes = [scope ?? AZURE_STORAGE_SCOPE];
    if (entra) {
      if (typeof (credential as TokenCredential).getToken !== 'function' && !(credential instanceof TokenCache)) {
        throw new InvalidArgumentError('credential must be the account key, a SAS token, or a TokenCredential (an object with getToken)', { option: 'credential' });
      }
      this.#tokens = credential instanceof TokenCache ? credential : new TokenCache(credential as TokenCredential);
      this.#tokens.onToken = (token) => this.secrets.add(token);
      this.authType = 'entra';
    } else if (SasToken.isSasToken(credential as string)) {
      this.#sas = new SasToken(credential as string);
      this.authType = 'sas';
      this.secrets.add(this.#sas.signature);
      this.secrets.add(this.#sas.toString());
    } else {
      this.#signer = new SharedKeySigner(account, credential as string);
      this.authType = 'sharedKey';
    }
  }

  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    headers['x-ms-version'] ??= AZURE_BLOB_API_VERSION;
    return headers;
  }

  /**
   * Signs with Shared Key, or adds the SAS token to the query. Runs on every attempt, so
   * `x-ms-date` is fresh on retries. `context.auth === false` sends the request as is
   * (public containers, pre-signed URLs).
   */
  protected override async preConnectHook(request: PreparedRequest): Promise<void> {
    if (request.context.auth === false) return;
    if (this.#tokens) {
      // The token goes only to the storage account's own host (never to a redirect or
      // an absolute URL elsewhere).
      if (request.url.hostname.toLowerCase() !== this.host.toLowerCase()) return;
      const token = await this.#tokens.get(this.#scopes, this);
      request.context[SENT_TOKEN] = token;
      request.headers.authorization = `Bearer ${token}`;
      return;
    }
    if (this.#sas) {
      this.#sas.applyTo(request.url);
      return;
    }
    if (request.streaming && request.headers['content-length'] === undefined) {
      throw new InvalidArgumentError(
        'A streamed body needs a content-length header: Shared Key signs the length and the Blob service refuses chunked uploads',
        { option: 'headers' },
      );
    }
    this.#signer!.sign(request);
  }

  /** A 401 with an Entra token drops that token and retries once with a new one. */
  protected override shouldReauthenticate(_error: InvalidCredentialsError, request: PreparedRequest): boolean {
    const sent = request.context[SENT_TOKEN];
    if (!this.#tokens || typeof sent !== 'string' || _error.statusCode !== 401) return false;
    this.#tokens.invalidate(this.#scopes, sent);
    return true;
  }

  /**
   * The URL of a blob or container (no credentials in it). Names are encoded per path
   * segment; `/` in a blob name stays a separator.
   */
  resourceUrl(container: string, blob?: string): URL {
    return new URL(`${this.baseUrl}${this.resourcePath(container, blob)}`);
  }

  /**
   * The action (path below the endpoint) of a blob or container, for `request()`: names
   * encoded per path segment, `/` in a blob name kept as a separator.
   */
  resourcePath(container: string, blob?: string): string {
    return blob === undefined ? `/${encodeURIComponent(container)}` : `/${encodeURIComponent(container)}/${encodeBlobName(blob)}`;
  }

  /**
   * A URL that grants access to one blob (`sr=b`) or, with `blob` undefined, to a
   * container (`sr=c`), signed with the account key: a service SAS. Use it to share a
   * download link or to let a client upload without credentials.
   *
   * @throws {NotSupportedError} when this connection holds a SAS token, not the account key.
   * @throws {InvalidArgumentError} for missing expiry, unknown permissions, ...
   * @example
   * ```ts
   * const link = conn.blobSasUrl('photos', 'cat.jpg', { permissions: 'r', expiresOn: new Date(Date.now() + 3600_000) });
   * ```
   */
  blobSasUrl(container: string, blob: string | undefined, options: BlobSasUrlOptions): string {
    if (this.authType !== 'sharedKey') {
      throw new NotSupportedError(`Signing a SAS needs the account key; this connection authenticates with ${this.authType === 'sas' ? 'a SAS token' : 'an Entra ID token'}`, {
        method: 'blobSasUrl',
      });
    }
    const query = blobServiceSas({
      ...options,
      account: this.account,
      accountKey: decodeAccountKey(this.key),
      container,
      ...(blob !== undefined ? { blob } : {}),
    });
    return `${this.resourceUrl(container, blob).href}?${query}`;
  }
}

/** Encodes a blob name for a URL path: each `/`-separated segment percent-encoded. */
export function encodeBlobName(name: string): string {
  return name
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
