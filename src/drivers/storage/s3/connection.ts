/**
 * The connection of S3 and every S3-compatible store: the AWS family's REST-XML
 * connection with S3's signing rules (path encoded once and never normalised,
 * `x-amz-content-sha256` on every request, `UNSIGNED-PAYLOAD` for streams, never
 * `aws-chunked`), plus bucket addressing: virtual-hosted `bucket.host/key` or
 * path-style `host/bucket/key`.
 */
import { isIP } from '../../../common/builtins.js';
import type { AwsConnectionOptions, AwsServiceDescription } from '../../../common/aws/aws-connection.js';
import { AwsRestXmlConnection } from '../../../common/aws/aws-rest-xml-connection.js';
import { isVirtualHostableBucket, s3Endpoint } from '../../../common/aws/regions.js';
import { uriEncode } from '../../../common/aws/sigv4.js';
import type { ResponseClass } from '../../../connection/response.js';
import { S3Response } from './response.js';

/** How buckets are addressed. */
export type S3Addressing = 'virtual' | 'path';

/**
 * An S3 connection. The driver fills in the host of its store's endpoint; the region
 * is the one requests are signed for.
 */
export class S3Connection extends AwsRestXmlConnection {
  static override readonly awsService: AwsServiceDescription = { service: 's3', endpoint: (region) => s3Endpoint(region), s3Style: true };
  protected override responseCls: ResponseClass = S3Response;
  /** The bucket addressing style. */
  readonly addressing: S3Addressing;

  /**
   * @param addressing - `'virtual'`: `bucket.host/key` (path-style for names DNS cannot
   *   carry, IP addresses and `localhost`); `'path'`: `host/bucket/key`.
   */
  constructor(accessKeyId: string | undefined, secretAccessKey: string | undefined, options: AwsConnectionOptions, addressing: S3Addressing) {
    super(accessKeyId, secretAccessKey, options);
    this.addressing = addressing;
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
}
