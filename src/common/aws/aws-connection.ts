/**
 * The base of every AWS connection: credentials, region, endpoint and SigV4 signing in
 * `preConnectHook` (so each retry is signed afresh with the time of that attempt).
 */
import { Connection, type ConnectionOptions, type HttpMethod, type QueryParams } from '../../connection/connection.js';
import type { PreparedRequest } from '../../connection/connection.js';
import type { ResponseClass } from '../../connection/response.js';
import { InvalidArgumentError, type InvalidCredentialsError } from '../errors/index.js';
import { AwsXmlResponse } from './aws-xml-response.js';
import { AwsCredentialChain, requireRegion } from './credential-chain.js';
import { AwsCredentials } from './credentials.js';
import { hasCustomEndpoint, validateRegion, withAwsEndpoint } from './regions.js';
import { EMPTY_PAYLOAD_HASH, sha256Hex, SigV4Signer, UNSIGNED_PAYLOAD } from './sigv4.js';

/** Options of an AWS connection: every {@link ConnectionOptions}, plus region, token and clock. */
export interface AwsConnectionOptions extends ConnectionOptions {
  /**
   * AWS region, e.g. `eu-west-3`. Default: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
   * profile's `region`; none at all is an error naming where to set one (with a custom
   * `host`/`url`, `us-east-1` is signed for). Checked by shape; any name with a custom endpoint.
   */
  region?: string;
  /** Session token of temporary credentials (STS, SSO, instance roles). Signed, sent, and redacted everywhere. */
  sessionToken?: string;
  /**
   * The profile of the shared `~/.aws/config` and `~/.aws/credentials` files (default
   * `AWS_PROFILE`, else `default`), for the credential chain and the region.
   */
  profile?: string;
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

const AWS_OPTION_KEYS = ['region', 'sessionToken', 'profile', 'clock'] as const;

/** Services that are global: no region needs to be configured (Route 53 signs for us-east-1). */
const GLOBAL_SERVICES = new Set(['route53']);

/**
 * A connection to one AWS service. Subclasses set the static `awsService` and a
 * request style ({@link AwsQueryConnection}, {@link AwsRestXmlConnection}).
 *
 * `userId` is the access key id and `key` the secret access key; the secret and the
 * session token are redacted from every error message and debug line.
 */
export abstract class AwsConnection extends Connection {
  /** The service this connection class talks to. Subclasses must set it. */
  static readonly awsService: AwsServiceDescription | undefined = undefined;

  /** The configured region. */
  readonly region: string;
  /** The region signatures are made for (differs for global services). */
  readonly signingRegion: string;
  /** True for S3's signing rules. */
  protected readonly s3Style: boolean;
  protected override responseCls: ResponseClass = AwsXmlResponse;
  /** The credential chain, when no keys were given (undefined for explicit keys). */
  readonly credentialChain: AwsCredentialChain | undefined;
  readonly #service: string;
  readonly #clock: (() => Date) | undefined;
  #signer: SigV4Signer | undefined;
  #resolvedCredentials: AwsCredentials | undefined;

  /**
   * @param accessKeyId - the access key id; with `secretAccessKey` undefined too, the AWS
   *   credential chain finds credentials (environment, shared files, web identity,
   *   container, instance metadata) through this connection on the first request.
   * @param secretAccessKey - the secret access key (required with an access key id).
   */
  constructor(accessKeyId: string | undefined, secretAccessKey: string | undefined, options: AwsConnectionOptions = {}) {
    const description = (new.target as unknown as typeof AwsConnection).awsService;
    if (description === undefined) {
      throw new InvalidArgumentError(`${new.target.name} must set the static awsService`, { option: 'awsService' });
    }
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('Connection options must be an object', { option: 'options' });
    }
    const { region: regionOption, sessionToken, clock, profile, ...rest } = options;
    if (profile !== undefined && (typeof profile !== 'string' || profile.trim() === '')) {
      throw new InvalidArgumentError('profile must be a non-empty string (a profile of ~/.aws/config)', { option: 'profile' });
    }
    const envOption = rest.env ?? process.env;
    const env = (typeof envOption === 'object' && envOption !== null ? envOption : {}) as Readonly<Record<string, string | undefined>>;
    const custom = hasCustomEndpoint(rest);
    const region = validateRegion(
      requireRegion(env, regionOption, profile, { global: GLOBAL_SERVICES.has(description.service), custom, driver: new.target.name }),
      custom,
    );
    if (clock !== undefined && typeof clock !== 'function') {
      throw new InvalidArgumentError('clock must be a function returning a Date', { option: 'clock' });
    }
    super(withAwsEndpoint(rest, description.endpoint(region)));
    if (sessionToken !== undefined && typeof sessionToken !== 'string') {
      throw new InvalidArgumentError('sessionToken must be a string', { option: 'sessionToken' });
    }
    const noKeys = (accessKeyId === undefined || accessKeyId === '') && (secretAccessKey === undefined || secretAccessKey === '');
    this.region = region;
    this.signingRegion = description.signingRegion?.(region) ?? region;
    this.s3Style = description.s3Style === true;
    this.#service = description.service;
    this.#clock = clock;
    if (noKeys) {
      this.credentialChain = new AwsCredentialChain({
        env,
        profile,
        region,
        ...(clock !== undefined ? { clock: () => clock().getTime() } : {}),
      });
    } else {
      if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
        throw new InvalidArgumentError('secret is required with an access key id (or give neither, and the AWS credential chain finds them)', { option: 'secret' });
      }
      if (typeof accessKeyId !== 'string' || accessKeyId === '') {
        throw new InvalidArgumentError('userId (the access key id) is required with a secret access key', { option: 'userId' });
      }
      this.secrets.add(secretAccessKey);
      this.secrets.add(sessionToken);
      this.credentialChain = undefined;
      this.#resolvedCredentials = new AwsCredentials({ accessKeyId, secretAccessKey, sessionToken });
      this.#signer = this.#signerFor(this.#resolvedCredentials);
    }
  }

  #signerFor(credentials: AwsCredentials): SigV4Signer {
    return new SigV4Signer({
      credentials,
      region: this.signingRegion,
      service: this.#service,
      normalizePath: !this.s3Style,
      ...(this.#clock !== undefined ? { clock: this.#clock } : {}),
    });
  }

  /** The signer (one per set of credentials; caches the day's signing key). Throws before the chain resolved. */
  protected get signer(): SigV4Signer {
    if (this.#signer === undefined) {
      throw new InvalidArgumentError('The AWS credentials are not resolved yet: await connection.resolveCredentials() first', { option: 'credentials' });
    }
    return this.#signer;
  }

  /** The credentials in use (redacted when printed); undefined until the chain resolved them. */
  get credentials(): AwsCredentials | undefined {
    return this.#resolvedCredentials;
  }

  /**
   * The credentials to sign with: the explicit keys, or the chain's (fetched through this
   * connection, cached, refreshed five minutes before they expire).
   */
  async resolveCredentials(signal?: AbortSignal): Promise<AwsCredentials> {
    if (this.credentialChain === undefined) return this.#resolvedCredentials!;
    const resolved = await this.credentialChain.get(this, signal);
    if (resolved.credentials !== this.#resolvedCredentials) {
      for (const secret of resolved.credentials.secrets) this.secrets.add(secret);
      this.#resolvedCredentials = resolved.credentials;
      this.#signer = this.#signerFor(resolved.credentials);
    }
    return resolved.credentials;
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
  protected override preConnectHook(request: PreparedRequest): void | Promise<void> {
    if (request.context.auth === false) return;
    // Awaited only for the chain: explicit keys sign without a turn of the event loop.
    if (this.credentialChain !== undefined) return this.resolveCredentials().then(() => this.#sign(request));
    this.#sign(request);
  }

  /** Expired or revoked chain credentials: drop them once, so the retry resolves afresh. */
  protected override shouldReauthenticate(_error: InvalidCredentialsError, request: PreparedRequest): boolean {
    if (this.credentialChain === undefined || request.context.auth === false) return false;
    this.credentialChain.invalidate(this.#resolvedCredentials);
    return true;
  }

  #sign(request: PreparedRequest): void {
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
