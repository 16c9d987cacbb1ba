/**
 * AWS Signature Version 4: canonical request, string to sign, signing key and the
 * `Authorization` header, plus query-string authentication (presigned URLs).
 *
 * Written from the AWS documentation ("Create a signed AWS API request", "Authenticating
 * Requests: Using Query Parameters" for S3) and checked against the AWS SigV4 test suite
 * and, differentially, against AWS's own `@smithy/signature-v4` (see
 * test/common/aws/sigv4*.test.ts).
 *
 * Two path rules exist. Every service but S3 normalises the path (RFC 3986 dot segments
 * removed, empty segments collapsed) and encodes each segment of the already-encoded wire
 * path once more ("double encoding"). S3 does neither: its canonical URI is the wire path,
 * each segment encoded exactly once.
 */
import type { KeyObject } from 'node:crypto';
import { createHmac, nodeCrypto } from '../builtins.js';
import { InvalidArgumentError } from '../errors/index.js';
import type { AwsCredentials } from './credentials.js';

/** The only algorithm nubes signs with. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** Payload hash for bodies that are not hashed (streams, presigned URLs). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** SHA-256 of the empty string. */
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Longest validity of a presigned URL: 7 days, in seconds. */
export const MAX_PRESIGN_EXPIRES = 604_800;

/**
 * Headers never signed: hop-by-hop headers and headers a proxy or the HTTP stack may
 * add, drop or rewrite on the way (a signed header that changes breaks the signature).
 */
const UNSIGNABLE_HEADERS = new Set([
  'authorization',
  'accept-encoding',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;

/**
 * RFC 3986 percent-encoding as SigV4 wants it: everything but the unreserved characters
 * `A-Z a-z 0-9 - . _ ~` is encoded, hex digits upper case, UTF-8 for non-ASCII.
 */
export function uriEncode(text: string): string {
  // Unreserved characters only (most names and values): nothing to encode.
  if (UNRESERVED_ONLY.test(text)) return text;
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical URI of a wire path.
 *
 * - `normalize: true` (every service but S3): dot segments resolved, empty segments
 *   dropped, then each segment encoded again (a wire `%20` becomes `%2520`).
 * - `normalize: false` (S3): each segment decoded and re-encoded once, so a path that is
 *   already strictly encoded comes back unchanged and a loosely encoded one (`(` or a
 *   lower-case `%2f`) is made strict.
 */
export function canonicalUri(path: string, normalize: boolean): string {
  if (path === '') return '/';
  // Unreserved characters and slashes only: every rule gives the path back as it is
  // (the common case: decoding and encoding each segment cost more than the signature).
  if (PLAIN_PATH.test(path) && (!normalize || !DOT_OR_EMPTY_SEGMENT.test(path))) return path;
  if (!normalize) {
    return path
      .split('/')
      .map((segment) => uriEncode(safeDecode(segment)))
      .join('/');
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  const joined = `${leading}${segments.map(uriEncode).join('/')}${trailing}`;
  return joined === '' ? '/' : joined;
}

const PLAIN_PATH = /^[A-Za-z0-9\-._~/]*$/;
/** A `.` or `..` segment, or an empty one (`//`), which normalisation changes. */
const DOT_OR_EMPTY_SEGMENT = /(^|\/)\.{1,2}(\/|$)|\/\//;

/** Query parameters as decoded name/value pairs (repeats allowed, order irrelevant). */
export type QueryPairs = readonly (readonly [string, string])[];

/**
 * The canonical query string: names and values encoded with {@link uriEncode}, sorted
 * by encoded name then encoded value, a missing value written as `name=`.
 */
export function canonicalQuery(pairs: QueryPairs): string {
  if (pairs.length === 0) return '';
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * The pairs of a URL's query, decoded the way it was encoded by `URLSearchParams`
 * (a `+` is a space). Connection builds every query with `URLSearchParams`.
 */
export function queryPairsOf(url: URL): [string, string][] {
  // No query, no URLSearchParams to create.
  return url.search === '' ? [] : [...url.searchParams];
}

const NEEDS_CANONICALISING = /[\t\r\n]| {2}|^ | $/;

/** Header value as SigV4 canonicalises it: trimmed, runs of whitespace collapsed to one space. */
export function canonicalHeaderValue(value: string): string {
  // Most values need nothing: one test instead of two replaces on every header of every request.
  if (!NEEDS_CANONICALISING.test(value)) return value;
  return value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

/** Headers to sign: a value, or several (repeated headers, joined with `,`). */
export type SignableHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

interface CanonicalHeaders {
  readonly canonical: string;
  readonly signedHeaders: string;
}

/** True for a header name that is never signed (see UNSIGNABLE_HEADERS). */
function unsignableName(name: string, unsignable: ReadonlySet<string>): boolean {
  return UNSIGNABLE_HEADERS.has(name) || unsignable.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');
}

/**
 * The canonical headers and the signed header list. `host`, when given, is signed as
 * if `headers` had a `host` member of that value (replacing one it has, in its place,
 * else after the others): what `{ ...headers, host }` would give, without the copy.
 */
function canonicalHeaders(headers: SignableHeaders, unsignable: ReadonlySet<string>, host?: string): CanonicalHeaders {
  // name -> its values, in order (several raw names may lower-case to one name).
  const merged = new Map<string, string | string[]>();
  const add = (name: string, value: string | readonly string[]): void => {
    const list = merged.get(name);
    if (list === undefined) merged.set(name, typeof value === 'string' ? value : [...value]);
    else if (typeof list === 'string') merged.set(name, typeof value === 'string' ? [list, value] : [list, ...value]);
    else if (typeof value === 'string') list.push(value);
    else list.push(...value);
  };
  let hostPending = host !== undefined;
  for (const rawName of Object.keys(headers)) {
    let value = headers[rawName];
    if (rawName === 'host' && hostPending) {
      value = host;
      hostPending = false;
    }
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (unsignableName(name, unsignable)) continue;
    add(name, value);
  }
  if (hostPending && !unsignableName('host', unsignable)) add('host', host!);
  const names = [...merged.keys()].sort();
  let canonical = '';
  for (const name of names) {
    const values = merged.get(name)!;
    canonical += `${name}:${typeof values === 'string' ? canonicalHeaderValue(values) : values.map(canonicalHeaderValue).join(',')}\n`;
  }
  return { canonical, signedHeaders: names.join(';') };
}

/** Hex SHA-256 of a body (strings as UTF-8). */
export function sha256Hex(data: string | Uint8Array): string {
  // The one-shot hash: a third of createHash().update().digest() for a canonical request.
  return nodeCrypto().hash('sha256', data, 'hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * `20150830T123600Z` and `20150830` for a date.
 *
 * @throws {InvalidArgumentError} (option `clock`) when `date` is not a valid Date.
 */
export function amzDate(date: Date): {
  /** The ISO 8601 basic timestamp of `X-Amz-Date`, e.g. `20150830T123600Z` (UTC). */
  long: string;
  /** The date part of the credential scope, e.g. `20150830`. */
  short: string;
} {
  const time = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError('The signing clock returned an invalid date', { option: 'clock' });
  }
  // Every request is signed, and most within the same second as the one before.
  const second = Math.floor(time / 1000);
  if (second === lastDate.second) return { long: lastDate.long, short: lastDate.short };
  const long = date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  lastDate = { second, long, short: long.slice(0, 8) };
  return { long, short: lastDate.short };
}

let lastDate = { second: NaN, long: '', short: '' };

/** One request as the signer sees it. */
export interface SigV4Request {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The path exactly as sent on the wire (already percent-encoded). */
  readonly path: string;
  /** Decoded query pairs. */
  readonly query?: QueryPairs;
  /** Headers to sign; `host` must be among them. */
  readonly headers: SignableHeaders;
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  readonly payloadHash: string;
}

/** The intermediate products of a signature (what the AWS test suite checks). */
export interface SigV4Result {
  /** The canonical request (method, URI, query, headers, signed header list, payload hash, newline-joined). */
  readonly canonicalRequest: string;
  /** `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the canonical request's SHA-256, newline-joined. */
  readonly stringToSign: string;
  /** The signature, lowercase hex. A secret-derived value: never log it. */
  readonly signature: string;
  /** The lowercase header names that were signed, `;`-joined and sorted (e.g. `host;x-amz-date`). */
  readonly signedHeaders: string;
  /** `<yyyymmdd>/<region>/<service>/aws4_request`. */
  readonly credentialScope: string;
  /** The full `Authorization` header value. */
  readonly authorization: string;
}

/** Options of {@link SigV4Signer}. */
export interface SigV4SignerOptions {
  /** Access key id, secret access key and optional session token. */
  readonly credentials: AwsCredentials;
  /** Signing region, e.g. `us-east-1`. */
  readonly region: string;
  /** Signing name of the service: `ec2`, `s3`, `route53`, `elasticloadbalancing`, ... */
  readonly service: string;
  /**
   * Normalise and double-encode the path (default true). Set false for S3, whose
   * canonical URI is the path encoded once and never normalised.
   */
  readonly normalizePath?: boolean;
  /** The time source (default `() => new Date()`); tests inject a fixed clock. */
  readonly clock?: () => Date;
}

/** Options of {@link SigV4Signer.presign}. */
export interface PresignOptions {
  /** Seconds the URL stays valid, 1 to 604800 (7 days). Default 3600. */
  readonly expires?: number;
  /** Payload hash to sign (default `UNSIGNED-PAYLOAD`, what S3 expects of presigned URLs). */
  readonly payloadHash?: string;
}

const KEY_CACHE_SIZE = 8;
const NO_HEADERS: ReadonlySet<string> = new Set();

/**
 * Signs requests for one set of credentials, region and service. The signing key
 * (an HMAC chain over date, region, service) is derived once per day and cached.
 *
 * @example
 * ```ts
 * import { AwsCredentials, EMPTY_PAYLOAD_HASH, SigV4Signer } from 'nubes/aws';
 *
 * const credentials = new AwsCredentials({ accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! });
 * const signer = new SigV4Signer({ credentials, region: 'us-east-1', service: 'ec2' });
 * const { authorization } = signer.sign({
 *   method: 'GET', path: '/', query: [['Action', 'DescribeRegions']],
 *   headers: { host: 'ec2.us-east-1.amazonaws.com', 'x-amz-date': '20240101T000000Z' },
 *   payloadHash: EMPTY_PAYLOAD_HASH,
 * }, new Date('2024-01-01T00:00:00Z'));
 * ```
 */
export class SigV4Signer {
  /** The signing region. */
  readonly region: string;
  /** The service's signing name. */
  readonly service: string;
  /** Whether paths are normalised and double-encoded (false for S3). */
  readonly normalizePath: boolean;
  readonly #credentials: AwsCredentials;
  readonly #clock: () => Date;
  readonly #keys = new Map<string, { readonly key: Buffer; readonly keyObject: KeyObject }>();

  constructor(options: SigV4SignerOptions) {
    if (typeof options.service !== 'string' || !/^[a-z0-9-]+$/i.test(options.service)) {
      throw new InvalidArgumentError(`service must be an AWS signing name such as "ec2" (got ${JSON.stringify(options.service)})`, {
        option: 'service',
      });
    }
    if (typeof options.region !== 'string' || options.region === '' || /[\s/]/.test(options.region)) {
      throw new InvalidArgumentError(`region must be a region name such as "us-east-1" (got ${JSON.stringify(options.region)})`, {
        option: 'region',
      });
    }
    this.#credentials = options.credentials;
    this.region = options.region;
    this.service = options.service;
    this.normalizePath = options.normalizePath ?? true;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** The credentials' access key id (not a secret). */
  get accessKeyId(): string {
    return this.#credentials.accessKeyId;
  }

  /** The session token, if the credentials are temporary. */
  get sessionToken(): string | undefined {
    return this.#credentials.sessionToken;
  }

  /** The current time from the signer's clock. */
  now(): Date {
    return this.#clock();
  }

  /** The signing key for a `YYYYMMDD` date: HMAC chain over date, region, service, `aws4_request`. */
  signingKey(shortDate: string): Buffer {
    return this.#signingKey(shortDate).key;
  }

  /** The signing key, and the same as a KeyObject (an HMAC keyed with a KeyObject skips importing the bytes). */
  #signingKey(shortDate: string): { readonly key: Buffer; readonly keyObject: KeyObject } {
    const cached = this.#keys.get(shortDate);
    if (cached) return cached;
    const kDate = hmac(`AWS4${this.#credentials.secretAccessKey}`, shortDate);
    const key = hmac(hmac(hmac(kDate, this.region), this.service), 'aws4_request');
    if (this.#keys.size >= KEY_CACHE_SIZE) this.#keys.delete(this.#keys.keys().next().value!);
    const entry = { key, keyObject: nodeCrypto().createSecretKey(key) };
    this.#keys.set(shortDate, entry);
    return entry;
  }

  /**
   * Signs a request whose headers already carry `host` and `x-amz-date` (and
   * `x-amz-security-token` when it is to be signed). Pure: mutates nothing.
   *
   * @param date - the signing time; its value must match the `x-amz-date` header.
   * @param unsignedHeaders - extra header names (lower case) to leave out of the signature.
   */
  sign(request: SigV4Request, date: Date, unsignedHeaders: ReadonlySet<string> = NO_HEADERS): SigV4Result {
    return this.#sign(request, date, unsignedHeaders, undefined);
  }

  /** {@link sign}, with `host` signed as the request's `host` header (see canonicalHeaders). */
  #sign(request: SigV4Request, date: Date, unsignedHeaders: ReadonlySet<string>, host: string | undefined): SigV4Result {
    const { long, short } = amzDate(date);
    const { canonical, signedHeaders } = canonicalHeaders(request.headers, unsignedHeaders, host);
    if (!/(^|;)host(;|$)/.test(signedHeaders)) {
      throw new InvalidArgumentError('A SigV4 request must carry a host header', { option: 'headers' });
    }
    const canonicalRequest = `${request.method.toUpperCase()}\n${canonicalUri(request.path, this.normalizePath)}\n${canonicalQuery(request.query ?? [])}\n${canonical}\n${signedHeaders}\n${request.payloadHash}`;
    const credentialScope = `${short}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `${SIGV4_ALGORITHM}\n${long}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac('sha256', this.#signingKey(short).keyObject).update(stringToSign, 'utf8').digest('hex');
    const authorization = `${SIGV4_ALGORITHM} Credential=${this.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return { canonicalRequest, stringToSign, signature, signedHeaders, credentialScope, authorization };
  }

  /**
   * Signs an HTTP request in place for header authentication: sets `x-amz-date`,
   * `x-amz-security-token` (signed) and `authorization`, and — when `contentSha256` is
   * true (S3) — `x-amz-content-sha256`. The query is rewritten in canonical form and, for
   * S3, the path in its strictly encoded form, so what is sent is exactly what was signed.
   *
   * @param headers - lower-case header names; mutated.
   * @param payloadHash - hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` (streams).
   */
  signHttp(method: string, url: URL, headers: Record<string, string>, payloadHash: string, contentSha256: boolean): SigV4Result {
    const date = this.now();
    // `delete` only when there is something to delete: it turns a fast object into a slow dictionary.
    if ('authorization' in headers) delete headers.authorization;
    headers['x-amz-date'] = amzDate(date).long;
    const token = this.sessionToken;
    if (token !== undefined) headers['x-amz-security-token'] = token;
    else if ('x-amz-security-token' in headers) delete headers['x-amz-security-token'];
    if (contentSha256) headers['x-amz-content-sha256'] = payloadHash;
    const pairs = queryPairsOf(url);
    const query = canonicalQuery(pairs);
    // Setting `search` re-parses the URL: only when it changes something.
    if (query !== '' ? url.search !== `?${query}` : url.search !== '' || url.href.endsWith('?')) url.search = query;
    if (!this.normalizePath) {
      const strict = canonicalUri(url.pathname, false);
      if (strict !== url.pathname) url.pathname = strict;
    }
    const result = this.#sign({ method, path: url.pathname, query: pairs, headers, payloadHash }, date, NO_HEADERS, url.host);
    headers.authorization = result.authorization;
    return result;
  }

  /**
   * A presigned URL (query-string authentication): anyone holding it may send `method`
   * to `url` until it expires, without credentials. Only `host` (and the given
   * `headers`, which the caller must then send) is signed; `x-amz-*` headers are moved
   * into the query, as S3 accepts them there.
   *
   * @throws {InvalidArgumentError} when `expires` is not an integer from 1 to 604800.
   */
  presign(method: string, url: URL, headers: Readonly<Record<string, string>> = {}, options: PresignOptions = {}): URL {
    const expires = options.expires ?? 3600;
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_EXPIRES) {
      throw new InvalidArgumentError(`expires must be an integer number of seconds from 1 to ${MAX_PRESIGN_EXPIRES} (got ${String(expires)})`, {
        option: 'expires',
      });
    }
    const date = this.now();
    const { long, short } = amzDate(date);
    const out = new URL(url.href);
    const pairs: [string, string][] = queryPairsOf(out).filter(([k]) => k.toLowerCase() !== 'x-amz-signature');
    const signed: Record<string, string> = { host: out.host };
    for (const [rawName, value] of Object.entries(headers)) {
      const name = rawName.toLowerCase();
      if (name === 'host' || name === 'x-amz-content-sha256') continue;
      if (name.startsWith('x-amz-')) pairs.push([rawName, value]);
      else signed[name] = value;
    }
    const token = this.sessionToken;
    if (token !== undefined) pairs.push(['X-Amz-Security-Token', token]);
    pairs.push(
      ['X-Amz-Algorithm', SIGV4_ALGORITHM],
      ['X-Amz-Credential', `${this.accessKeyId}/${short}/${this.region}/${this.service}/aws4_request`],
      ['X-Amz-Date', long],
      ['X-Amz-Expires', String(expires)],
      ['X-Amz-SignedHeaders', canonicalHeaders(signed, new Set()).signedHeaders],
    );
    if (!this.normalizePath) {
      const strict = canonicalUri(out.pathname, false);
      if (strict !== out.pathname) out.pathname = strict;
    }
    const result = this.sign(
      { method, path: out.pathname, query: pairs, headers: signed, payloadHash: options.payloadHash ?? UNSIGNED_PAYLOAD },
      date,
    );
    pairs.push(['X-Amz-Signature', result.signature]);
    out.search = canonicalQuery(pairs);
    return out;
  }
}
