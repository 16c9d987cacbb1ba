/**
 * The Connection of the Azure Blob service: endpoint rules (host-style for Azure,
 * path-style for emulators), `x-ms-version`, and authorization with either the account
 * key (Shared Key) or a SAS token.
 */
import type { ConnectionOptions, PreparedRequest } from '../../connection/connection.js';
import { ConnectionUserAndKey } from '../../connection/connection-key.js';
import { InvalidArgumentError, NotSupportedError } from '../errors/index.js';
import { AZURE_SIGNATURE_ECHO, AzureBlobResponse } from './azure-blob-response.js';
import { blobServiceSas, SasToken, type BlobServiceSasOptions } from './sas.js';
import { decodeAccountKey, SharedKeySigner } from './shared-key.js';

/** The Blob service version nubes speaks (`x-ms-version`). */
export const AZURE_BLOB_API_VERSION = '2021-08-06';

/** The public Azure cloud's blob endpoint suffix. */
export const AZURE_BLOB_HOST_SUFFIX = 'blob.core.windows.net';

/** How a connection authenticates: the account key, or a SAS token. */
export type AzureBlobAuthType = 'sharedKey' | 'sas';

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
 * a SAS always contains `&`, base64 never does.
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

  /**
   * @param account - the storage account name.
   * @param credential - the account key (base64) or a SAS token.
   * @param options - connection options; `url` or `host`/`port`/`secure` point at an emulator or another cloud.
   * @throws {InvalidArgumentError} for a bad account name, key or SAS token, before any request.
   */
  constructor(account: string, credential: string, options: ConnectionOptions = {}) {
    const defaultEndpoint = typeof options === 'object' && options !== null && options.url === undefined && options.host === undefined;
    const endpoint = endpointOptions(validateAccount(account, defaultEndpoint), options);
    super(account, credential, endpoint.options);
    this.account = account;
    this.pathStyle = endpoint.pathStyle;
    this.secrets.addPattern(AZURE_SIGNATURE_ECHO);
    if (SasToken.isSasToken(credential)) {
      this.#sas = new SasToken(credential);
      this.authType = 'sas';
      this.secrets.add(this.#sas.signature);
      this.secrets.add(this.#sas.toString());
    } else {
      this.#signer = new SharedKeySigner(account, credential);
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
  protected override preConnectHook(request: PreparedRequest): void {
    if (request.context.auth === false) return;
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
      throw new NotSupportedError('Signing a SAS needs the account key; this connection authenticates with a SAS token', {
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
