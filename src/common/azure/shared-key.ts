/**
 * Azure Storage Shared Key authorization (Blob, Queue and File services, version
 * 2009-09-19 and later): a string-to-sign built from the request, signed with
 * HMAC-SHA256 under the base64-decoded account key.
 *
 * Reference: "Authorize with Shared Key" in the Azure Storage REST documentation.
 *
 * ```
 * StringToSign = VERB + "\n" + Content-Encoding + "\n" + Content-Language + "\n" +
 *   Content-Length (empty when 0) + "\n" + Content-MD5 + "\n" + Content-Type + "\n" +
 *   Date + "\n" + If-Modified-Since + "\n" + If-Match + "\n" + If-None-Match + "\n" +
 *   If-Unmodified-Since + "\n" + Range + "\n" + CanonicalizedHeaders + CanonicalizedResource
 * ```
 */
import { createHmac } from '../builtins.js';
import { InvalidArgumentError } from '../errors/index.js';

/** The request parts Shared Key signs. Header names must be lowercase. */
export interface SharedKeyRequest {
  /** HTTP method (any case; signed uppercase). */
  readonly method: string;
  /** The final URL, exactly as it goes on the wire (its encoded path is signed). */
  readonly url: URL;
  /** The request headers, lowercase names; standard and `x-ms-*` headers are signed from here. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Standard headers in string-to-sign order (after the verb). */
const SIGNED_STANDARD_HEADERS = [
  'content-encoding',
  'content-language',
  'content-length',
  'content-md5',
  'content-type',
  'date',
  'if-modified-since',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'range',
] as const;

/** Code-point order, as the documentation's "lexicographically" means (not locale order). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The CanonicalizedHeaders part: every `x-ms-` header, name lowercased, sorted by name,
 * value trimmed, each followed by a newline.
 */
export function canonicalizedHeaders(headers: Readonly<Record<string, string>>): string {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase().trim();
    if (lower.startsWith('x-ms-')) entries.push([lower, value.trim()]);
  }
  entries.sort(([a], [b]) => byCodePoint(a, b));
  return entries.map(([name, value]) => `${name}:${value}\n`).join('');
}

/**
 * The CanonicalizedResource part: `/account` + the encoded URI path, then one line per
 * query parameter, `name:value` with the name lowercased, names sorted, values decoded,
 * and repeated parameters' values sorted and comma-joined.
 *
 * Path-style URLs (the emulator's `http://127.0.0.1:10000/devstoreaccount1/container`)
 * follow the same rule, so the account appears twice:
 * `/devstoreaccount1/devstoreaccount1/container`.
 */
export function canonicalizedResource(account: string, url: URL): string {
  let out = `/${account}${url.pathname || '/'}`;
  const params = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) {
    const lower = name.toLowerCase();
    const values = params.get(lower);
    if (values) values.push(value);
    else params.set(lower, [value]);
  }
  for (const name of [...params.keys()].sort(byCodePoint)) {
    const values = params.get(name)!.sort(byCodePoint);
    out += `\n${name}:${values.join(',')}`;
  }
  return out;
}

/** The string Shared Key signs for a request. */
export function sharedKeyStringToSign(account: string, request: SharedKeyRequest): string {
  const parts: string[] = [request.method.toUpperCase()];
  for (const name of SIGNED_STANDARD_HEADERS) {
    const value = request.headers[name] ?? '';
    // Version 2015-02-21 and later: a zero Content-Length signs as the empty string.
    parts.push(name === 'content-length' && value === '0' ? '' : value);
  }
  return `${parts.join('\n')}\n${canonicalizedHeaders(request.headers)}${canonicalizedResource(account, request.url)}`;
}

/**
 * Decodes a base64 account key, refusing anything else before a request is sent. The
 * message never quotes the key.
 *
 * @throws {InvalidArgumentError} naming `option` when the key is not base64.
 */
export function decodeAccountKey(key: string, option = 'key'): Buffer {
  const compact = typeof key === 'string' ? key.trim() : '';
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new InvalidArgumentError(`${option} must be the storage account key, base64-encoded (as the Azure portal shows it)`, {
      option,
    });
  }
  return Buffer.from(compact, 'base64');
}

/** HMAC-SHA256 of `text` under `key`, base64-encoded. */
export function hmacSha256Base64(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64');
}

/**
 * Signs requests with an account's Shared Key.
 *
 * @example
 * ```ts
 * import { SharedKeySigner } from 'nubes/azure';
 *
 * const signer = new SharedKeySigner('myaccount', process.env.AZURE_STORAGE_KEY!);
 * const headers: Record<string, string> = { 'x-ms-version': '2021-08-06' };
 * signer.sign({ method: 'GET', url: new URL('https://myaccount.blob.core.windows.net/?comp=list'), headers });
 * // headers now has x-ms-date and authorization: SharedKey myaccount:<signature>
 * ```
 */
export class SharedKeySigner {
  /** The storage account name. */
  readonly account: string;
  readonly #key: Buffer;

  /**
   * @param account - the storage account name.
   * @param accountKey - the account key, base64-encoded.
   * @throws {InvalidArgumentError} when the key is not base64.
   */
  constructor(account: string, accountKey: string) {
    this.account = account;
    this.#key = decodeAccountKey(accountKey);
  }

  /** The signature (base64 HMAC-SHA256) of a string-to-sign. */
  signature(stringToSign: string): string {
    return hmacSha256Base64(this.#key, stringToSign);
  }

  /**
   * Sets `x-ms-date` (now, unless `date` is given) and `authorization` on the request's
   * headers (which must use lowercase names). Returns the signature.
   */
  sign(request: { method: string; url: URL; headers: Record<string, string> }, date: Date = new Date()): string {
    request.headers['x-ms-date'] = date.toUTCString();
    const signature = this.signature(sharedKeyStringToSign(this.account, request));
    request.headers.authorization = `SharedKey ${this.account}:${signature}`;
    return signature;
  }
}
