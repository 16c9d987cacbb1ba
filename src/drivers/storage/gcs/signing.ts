/**
 * V4 signed URLs for Cloud Storage, signed with a service account's RSA key
 * (https://cloud.google.com/storage/docs/access-control/signing-urls-manually):
 * canonical request → `GOOG4-RSA-SHA256` string to sign → RSA-SHA256 (node:crypto), hex.
 */
import { createHash, createPrivateKey, sign } from '../../../common/builtins.js';
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { requireInteger } from '../../../common/validate.js';
import type { GcsUrlSigner } from './types.js';

/** Options of {@link GoogleCloudStorageDriver.presignedUrl}. */
export interface GcsSignedUrlOptions {
  /** Seconds the URL stays valid (default 3600, at most 604800 = 7 days). */
  expiresIn?: number;
  /** What the URL allows (default `'GET'`). */
  method?: 'GET' | 'PUT' | 'DELETE' | 'HEAD';
  /** For PUT: the Content-Type the uploader must send (it becomes a signed header). */
  contentType?: string;
  /** The signing time (default now). */
  now?: Date;
}

/** RFC 3986 encoding, `/` kept (Google's samples quote with `safe='/~'`). */
export function encodePath(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}

function encodeQuery(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A V4 signed URL for `bucket/object` on `baseUrl` (path style).
 *
 * @throws {InvalidArgumentError} for a bad `expiresIn`, method or key.
 */
export function signV4Url(signer: GcsUrlSigner, baseUrl: string, bucket: string, object: string, options: GcsSignedUrlOptions = {}): string {
  const expiresIn = requireInteger(options.expiresIn ?? 3600, 'expiresIn', 1, 604_800);
  const method = options.method ?? 'GET';
  if (!['GET', 'PUT', 'DELETE', 'HEAD'].includes(method)) {
    throw new InvalidArgumentError(`method must be GET, PUT, DELETE or HEAD (got ${JSON.stringify(method)})`, { option: 'method' });
  }
  let key;
  try {
    key = createPrivateKey(signer.privateKey);
  } catch {
    // The key itself is never quoted.
    throw new InvalidArgumentError('signer.privateKey is not a PEM private key', { option: 'signer.privateKey' });
  }
  const base = new URL(baseUrl);
  const host = base.host;
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InvalidArgumentError('now must be a valid Date', { option: 'now' });
  if (options.contentType !== undefined && (typeof options.contentType !== 'string' || /[\r\n]/.test(options.contentType))) {
    throw new InvalidArgumentError('contentType must be a single-line string', { option: 'contentType' });
  }
  const datetime = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = datetime.slice(0, 8);
  const scope = `${date}/auto/storage/goog4_request`;
  const headers: Record<string, string> = { host };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim()}\n`).join('');
  const query: [string, string][] = [
    ['X-Goog-Algorithm', 'GOOG4-RSA-SHA256'],
    ['X-Goog-Credential', `${signer.clientEmail}/${scope}`],
    ['X-Goog-Date', datetime],
    ['X-Goog-Expires', String(expiresIn)],
    ['X-Goog-SignedHeaders', signedHeaders],
  ];
  const canonicalQuery = query
    .map(([k, v]) => `${encodeQuery(k)}=${encodeQuery(v)}`)
    .sort()
    .join('&');
  const path = `${base.pathname.replace(/\/+$/, '')}/${encodePath(bucket)}/${encodePath(object)}`;
  const canonicalRequest = [method, path, canonicalQuery, canonicalHeaders, signedHeaders, 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['GOOG4-RSA-SHA256', datetime, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signature = sign('sha256', Buffer.from(stringToSign), key).toString('hex');
  return `${base.protocol}//${host}${path}?${canonicalQuery}&X-Goog-Signature=${signature}`;
}
