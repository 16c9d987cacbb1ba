/**
 * The connection of S3 and every S3-compatible store: SigV4 with S3's rules (path
 * encoded once and never normalised, `x-amz-content-sha256` on every request), and
 * bucket addressing (virtual-hosted `bucket.host/key` or path-style `host/bucket/key`).
 */
import { isIP } from 'node:net';
import { ConnectionUserAndKey } from '../../../connection/connection-key.js';
import type { ConnectionOptions, HttpMethod, PreparedRequest } from '../../../connection/connection.js';
import type { ResponseClass } from '../../../connection/response.js';
import { AwsCredentials } from '../../../common/aws/credentials.js';
import { isVirtualHostableBucket } from '../../../common/aws/regions.js';
import { EMPTY_PAYLOAD_HASH, sha256Hex, SigV4Signer, UNSIGNED_PAYLOAD, uriEncode } from '../../../common/aws/sigv4.js';
import { S3Response } from './s3-response.js';

/** How buckets are addressed. */
export type S3Addressing = 'virtual' | 'path';

/** What an S3 connection needs besides the {@link ConnectionOptions}. */
export interface S3ConnectionSettings {
  /** The region requests are signed for. */
  region: string;
  /** `'virtual'`: `bucket.host/key` (falls back to path-style for names DNS cannot carry); `'path'`: `host/bucket/key`. */
  addressing: S3Addressing;
  /** Session token of temporary credentials. */
  sessionToken?: string | undefined;
  /** Signing clock (tests). */
  clock?: (() => Date) | undefined;
}

/**
 * Signs every request with SigV4 for service `s3`: buffered bodies with their SHA-256,
 * streams with `UNSIGNED-PAYLOAD` (never `aws-chunked`, which Swift's s3api and several
 * S3-compatible stores refuse). Signing runs in `preConnectHook`, so each retry is signed
 * afresh.
 */
export class S3Connection extends ConnectionUserAndKey {
  protected override responseCls: ResponseClass = S3Response;
  /** The signing region. */
  readonly region: string;
  /** The bucket addressing style. */
  readonly addressing: S3Addressing;
  /** The signer (caches the day's signing key). */
  protected readonly signer: SigV4Signer;

  constructor(accessKeyId: string, secretAccessKey: string, options: ConnectionOptions, settings: S3ConnectionSettings) {
    super(accessKeyId, secretAccessKey, options);
    this.secrets.add(settings.sessionToken);
    const credentials = new AwsCredentials({ accessKeyId, secretAccessKey, sessionToken: settings.sessionToken });
    this.region = settings.region;
    this.addressing = settings.addressing;
    this.signer = new SigV4Signer({
      credentials,
      region: settings.region,
      service: 's3',
      normalizePath: false,
      ...(settings.clock ? { clock: settings.clock } : {}),
    });
  }

  /** True when `bucket` goes into the host name with this connection's settings. */
  virtualHosted(bucket: string): boolean {
    return this.addressing === 'virtual' && isIP(this.host) === 0 && this.host !== 'localhost' && isVirtualHostableBucket(bucket);
  }

  /**
   * The action for a bucket, or an object in it: `/bucket/key` (path-style) or the
   * absolute `https://bucket.host/key` (virtual-hosted). Each key segment is
   * percent-encoded once (RFC 3986), `/` kept.
   */
  action(bucket: string, key?: string): string {
    const path = key === undefined ? '' : key.split('/').map(uriEncode).join('/');
    if (this.virtualHosted(bucket)) {
      const url = new URL(this.baseUrl);
      url.hostname = `${bucket}.${url.hostname}`;
      return `${url.origin}${this.basePath}/${path}`;
    }
    return `/${uriEncode(bucket)}${key === undefined ? '' : `/${path}`}`;
  }

  /**
   * A presigned URL (query-string authentication) for `method` on `action`, valid for
   * `expires` seconds. `headers` are signed, and the URL's user must send them.
   */
  presign(method: HttpMethod, action: string, expires: number, headers: Record<string, string> = {}): string {
    const url = this.buildUrl(this.morphAction(action), {});
    return this.signer.presign(method, url, headers, { expires }).href;
  }

  protected override preConnectHook(request: PreparedRequest): void {
    if (request.context.auth === false) return;
    const preset = request.headers['x-amz-content-sha256'];
    let payloadHash: string;
    if (request.streaming) payloadHash = UNSIGNED_PAYLOAD;
    else if (preset !== undefined && /^[0-9a-f]{64}$/.test(preset)) payloadHash = preset;
    else if (request.body === undefined) payloadHash = EMPTY_PAYLOAD_HASH;
    else payloadHash = sha256Hex(request.body as string | Uint8Array);
    this.signer.signHttp(request.method, request.url, request.headers, payloadHash, true);
  }
}
