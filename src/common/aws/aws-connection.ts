/**
 * The base of every AWS connection: credentials, region, endpoint and SigV4 signing in
 * `preConnectHook` (so each retry is signed afresh with the time of that attempt).
 */
import type { ConnectionOptions, HttpMethod, QueryParams } from '../../connection/connection.js';
import type { PreparedRequest } from '../../connection/connection.js';
import { ConnectionUserAndKey } from '../../connection/connection-key.js';
import type { ResponseClass } from '../../connection/response.js';
import { InvalidArgumentError } from '../errors/index.js';
import { AwsXmlResponse } from './aws-xml-response.js';
import { AwsCredentials } from './credentials.js';
import { DEFAULT_AWS_REGION, hasCustomEndpoint, validateRegion, withAwsEndpoint } from './regions.js';
import { EMPTY_PAYLOAD_HASH, sha256Hex, SigV4Signer, UNSIGNED_PAYLOAD } from './sigv4.js';

/** Options of an AWS connection: every {@link ConnectionOptions}, plus region, token and clock. */
export interface AwsConnectionOptions extends ConnectionOptions {
  /** AWS region, e.g. `eu-west-3` (default `us-east-1`). Checked by shape; any name with a custom `host`/`url`. */
  region?: string;
  /** Session token of temporary credentials (STS, SSO, instance roles). Signed, sent, and redacted everywhere. */
  sessionToken?: string;
  /** Time source for signatures (default `() => new Date()`); tests pass a fixed clock. */
  clock?: () => Date;
}

/** How a service is reached and signed. Each AWS connection class sets one as `awsService`. */
export interface AwsServiceDescription {
  /** SigV4 signing name: `ec2`, `s3`, `route53`, `elasticloadbalancing`. */
  readonly service: string;
  /** The default host for a region (used unless the `host` or `url` option is set). */
  readonly endpoint: (region: string) => string;
  /** The region to sign for, when it is not the configured one (Route 53: `us-east-1`). */
  readonly signingRegion?: (region: string) => string;
  /** S3 rules: the path is not normalised nor double-encoded, `x-amz-content-sha256` is always sent. */
  readonly s3Style?: boolean;
}

/** Options of {@link AwsConnection.presignUrl}. */
export interface PresignUrlOptions {
  /** Default `'GET'`. */
  method?: HttpMethod;
  /** Query parameters to sign into the URL (e.g. `response-content-type`). */
  params?: QueryParams;
  /** Headers the user of the URL will send (signed; `x-amz-*` ones go into the query). */
  headers?: Record<string, string>;
  /** Seconds the URL stays valid, 1 to 604800 (default 3600). */
  expires?: number;
}

const AWS_OPTION_KEYS = ['region', 'sessionToken', 'clock'] as const;

/**
 * A connection to one AWS service. Subclasses set the static `awsService` and a
 * request style ({@link AwsQueryConnection}, {@link AwsRestXmlConnection}).
 *
 * `userId` is the access key id and `key` the secret access key; the secret and the
 * session token are redacted from every error message and debug line.
 */
export abstract class AwsConnection extends ConnectionUserAndKey {
  /** The service this connection class talks to. Subclasses must set it. */
  static readonly awsService: AwsServiceDescription | undefined = undefined;

  /** The configured region. */
  readonly region: string;
  /** The region signatures are made for (differs for global services). */
  readonly signingRegion: string;
  /** The credentials (redacted when printed). */
  readonly credentials: AwsCredentials;
  /** The signer (one per connection; caches the day's signing key). */
  protected readonly signer: SigV4Signer;
  /** True for S3's signing rules. */
  protected readonly s3Style: boolean;
  protected override responseCls: ResponseClass = AwsXmlResponse;

  constructor(accessKeyId: string, secretAccessKey: string, options: AwsConnectionOptions = {}) {
    const description = (new.target as unknown as typeof AwsConnection).awsService;
    if (description === undefined) {
      throw new InvalidArgumentError(`${new.target.name} must set the static awsService`, { option: 'awsService' });
    }
    const given = typeof options === 'object' && options !== null ? options : {};
    const { region: regionOption, sessionToken, clock, ...rest } = given;
    const region = validateRegion(regionOption ?? DEFAULT_AWS_REGION, hasCustomEndpoint(rest));
    if (clock !== undefined && typeof clock !== 'function') {
      throw new InvalidArgumentError('clock must be a function returning a Date', { option: 'clock' });
    }
    super(accessKeyId, secretAccessKey, withAwsEndpoint(rest, description.endpoint(region)));
    if (sessionToken !== undefined && typeof sessionToken !== 'string') {
      throw new InvalidArgumentError('sessionToken must be a string', { option: 'sessionToken' });
    }
    this.secrets.add(sessionToken);
    this.credentials = new AwsCredentials({ accessKeyId, secretAccessKey, sessionToken });
    this.region = region;
    this.signingRegion = description.signingRegion?.(region) ?? region;
    this.s3Style = description.s3Style === true;
    this.signer = new SigV4Signer({
      credentials: this.credentials,
      region: this.signingRegion,
      service: description.service,
      normalizePath: !this.s3Style,
      ...(clock !== undefined ? { clock } : {}),
    });
  }

  /** The option names an AWS connection takes besides the {@link ConnectionOptions}. */
  static get awsOptionKeys(): readonly string[] {
    return AWS_OPTION_KEYS;
  }

  /**
   * Signs the request (header authentication). Skipped with `context: { auth: false }`
   * (anonymous S3 reads). Streams are signed with `UNSIGNED-PAYLOAD` — never
   * `aws-chunked`; a driver may precompute `x-amz-content-sha256` and it is used as is.
   */
  protected override preConnectHook(request: PreparedRequest): void {
    if (request.context.auth === false) return;
    const preset = request.headers['x-amz-content-sha256'];
    let payloadHash: string;
    if (request.streaming) payloadHash = UNSIGNED_PAYLOAD;
    else if (preset !== undefined && (preset === UNSIGNED_PAYLOAD || /^[0-9a-f]{64}$/.test(preset))) payloadHash = preset;
    else if (request.body === undefined) payloadHash = EMPTY_PAYLOAD_HASH;
    else payloadHash = sha256Hex(request.body as string | Uint8Array);
    this.signer.signHttp(request.method, request.url, request.headers, payloadHash, this.s3Style);
  }

  /**
   * A presigned URL for `action` on this connection's endpoint: whoever holds it may
   * send the request without credentials until it expires.
   *
   * @example
   * ```ts
   * const url = connection.presignUrl('/my-bucket/report.pdf', { expires: 900 });
   * ```
   * @throws {InvalidArgumentError} when `expires` is not 1..604800.
   */
  presignUrl(action: string, options: PresignUrlOptions = {}): string {
    const url = this.buildUrl(this.morphAction(action), options.params ?? {});
    const presignOptions = options.expires !== undefined ? { expires: options.expires } : {};
    return this.signer.presign(options.method ?? 'GET', url, options.headers ?? {}, presignOptions).href;
  }
}
