/**
 * The S3 storage driver, and the base of every S3-compatible store's driver.
 */
import type { CallOptions } from '../../../common/call-options.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { hasCustomEndpoint } from '../../../common/aws/regions.js';
import { requireRegion } from '../../../common/aws/credential-chain.js';
import { checkAwsKeys } from '../../../common/aws/driver-options.js';
import { MAX_PRESIGN_EXPIRES } from '../../../common/aws/sigv4.js';
import {
  ContainerDoesNotExistError,
  InvalidArgumentError,
  NotFoundError,
  ObjectDoesNotExistError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';
import { paginate } from '../../../common/pagination.js';
import { requireInteger } from '../../../common/validate.js';
import { xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../common/xml.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import {
  Container,
  containerName,
  guessContentType,
  rangeHeader,
  StorageDriver,
  StorageObject,
  type DownloadRange,
  type ListObjectsOptions,
  type StorageMethod,
  type UploadOptions,
  storageMethodsExcept,
} from '../base.js';
import { byteCount, optionalByteCount, requiredText } from '../payload.js';
import { reportingSourceFailure } from '../upload-source.js';
import { lengthHeader, type ExpectedDigests, type OpenDownloadOptions, type OpenedDownload } from '../download.js';
import { toReadable, knownLength, type UploadSource } from '../streams.js';
import { S3Connection, type S3Addressing } from './connection.js';
import { AWS_S3_PROFILE, MiB, type S3Profile } from './profile.js';
import { etagIsNotMd5, s3Upload, unquoteEtag } from './upload.js';

/** Options of S3 drivers (every connection option, plus these). */
export interface S3DriverOptions extends DriverOptions {
  /** Region (default per provider; for AWS: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's). Any simple name with a custom `host`/`url`. */
  region?: string;
  /** The profile of ~/.aws/config and ~/.aws/credentials, for the credential chain and the region (AWS). */
  profile?: string;
  /** `'virtual'` (`bucket.host`, AWS default) or `'path'` (`host/bucket`, default with a custom endpoint). */
  addressing?: S3Addressing;
  /** Session token of temporary credentials. Redacted everywhere. */
  sessionToken?: string;
  /** Keys per listing page, 1 to 1000 (default 1000). */
  listPageSize?: number;
  /** Default part size of multipart uploads in bytes (default 8 MiB, at least 5 MiB). Objects up to it go in one PUT. */
  partSize?: number;
  /**
   * Sources of known length (files, `contentLength`) up to this many bytes go in one
   * streamed PUT instead of a multipart upload (default: `partSize`, so anything larger
   * than a part is multipart; at most 5 GiB, S3's largest PUT). A streamed PUT is one
   * request: fastest on stores where each part is costly (Swift's s3api stores parts as
   * segments), but not retried if it fails midway, and never parallel.
   */
  multipartThreshold?: number;
  /** Default number of parts uploaded at once (default 4). */
  concurrency?: number;
  /**
   * Sign object bodies with their SHA-256 (default false: `UNSIGNED-PAYLOAD`, with the
   * body's Content-MD5 signed instead, which the store verifies). Small XML bodies are
   * always signed. Turn on where a policy demands signed payloads; it costs the store a
   * second hash of every byte.
   */
  signPayload?: boolean;
  /** Signing clock, for tests (default `() => new Date()`). */
  clock?: () => Date;
}

/** `extra` of an S3 container. */
export type S3ContainerExtra = {
  /** When the bucket was created (listings only). */
  creationDate?: Date;
  /** The bucket's region, when the store said (`x-amz-bucket-region`, `BucketRegion`). */
  region?: string;
};

/** `extra` of an S3 object. */
export type S3ObjectExtra = {
  /** The ETag as sent (quoted). */
  etag?: string;
  /**
   * Storage class (`StorageClass` / `x-amz-storage-class`): `STANDARD`, `STANDARD_IA`,
   * `GLACIER`, ... Absent means `STANDARD` on a HEAD.
   */
  storageClass?: string;
  /** The object's version id (`x-amz-version-id`), in a bucket with versioning. */
  versionId?: string;
  /** `AES256`, `aws:kms`, ... */
  serverSideEncryption?: string;
};

/** Options of {@link S3StorageDriver.exGetPresignedUrl}. */
export interface PresignedUrlOptions {
  /** The container, when the object is given by name. */
  container?: Container<object> | string;
  /** Default `'GET'`. */
  method?: 'GET' | 'PUT' | 'HEAD' | 'DELETE';
  /** Seconds the URL stays valid, 1 to 604800 (default 3600). */
  expiresIn?: number;
  /** For PUT: the Content-Type the uploader must send (signed). */
  contentType?: string;
}

const S3_OPTION_KEYS = ['region', 'addressing', 'sessionToken', 'profile', 'listPageSize', 'partSize', 'multipartThreshold', 'concurrency', 'signPayload', 'clock'] as const;
/** S3's largest single PUT: 5 GiB. */
const MAX_PUT_SIZE = 5 * 1024 * MiB;
const META_KEY = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const META_VALUE = /^[\t\x20-\x7e]*$/;

/** Decodes a key of a listing made with `encoding-type=url` (S3 writes a space as `+`). */
function urlDecoded(text: string | undefined, encoded: boolean): string | undefined {
  if (text === undefined || !encoded) return text;
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/**
 * Compares two keys in UTF-8 byte order (S3's listing order) without encoding them:
 * UTF-16 code units order like code points (and so like UTF-8 bytes) except that
 * surrogates (0xD800-0xDFFF, characters above U+FFFF) must sort after 0xE000-0xFFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Sorts `items` by name in UTF-8 order, unless they already are (a page without prefixes is). */
function sortedByName<T extends { name: string }>(items: T[]): T[] {
  for (let i = 1; i < items.length; i++) {
    if (compareUtf8(items[i - 1]!.name, items[i]!.name) > 0) return items.sort((a, b) => compareUtf8(a.name, b.name));
  }
  return items;
}

/**
 * Amazon S3, and through subclasses every S3-compatible store.
 *
 * - Credentials: access key id and secret access key; `sessionToken` option for
 *   temporary ones. Requests are signed with SigV4; streams are never sent
 *   `aws-chunked`.
 * - Uploads up to `partSize` (8 MiB) go in one PUT, larger ones as a parallel multipart
 *   upload (aborted on failure), or — up to `multipartThreshold`, when the length is
 *   known — as one streamed PUT. Bodies carry a signed Content-MD5 the store verifies
 *   (`signPayload: true` also signs their SHA-256); returned ETags are checked.
 * - Multipart ETags (`<md5>-N`) are not MD5s: such downloads are not digest-checked.
 * - `presignedUrl` (and its synchronous form `exGetPresignedUrl`) makes presigned GET/PUT URLs.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/storage';
 * const S3 = getDriver(Provider.S3);
 * const s3 = new S3(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-3' });
 * const bucket = await s3.createContainer('my-backups-2026');
 * await s3.uploadObject('./db.dump', bucket, 'db/2026-11-21.dump', { onProgress: console.log });
 * ```
 */
export class S3StorageDriver extends StorageDriver<S3Connection, S3DriverOptions> {
  static override readonly callOptionKeys: Readonly<Record<string, readonly string[]>> = { presignedUrl: ['method', 'expiresIn', 'contentType'] };
  static override readonly capabilities: readonly StorageMethod[] = storageMethodsExcept();
  static override readonly driverOptionKeys: readonly string[] = S3_OPTION_KEYS;
  /** Endpoint, region and addressing rules of this flavour. */
  static readonly profile: S3Profile = AWS_S3_PROFILE;

  readonly type: string = 's3';
  readonly name: string = 'Amazon S3';
  readonly website: string = 'https://aws.amazon.com/s3/';

  /** The region requests are signed for. */
  readonly region: string;
  /** Keys per listing page. */
  readonly listPageSize: number;
  /** Default part size of multipart uploads. */
  readonly partSize: number;
  /** Known-length sources up to this size go in one streamed PUT. */
  readonly multipartThreshold: number;
  /** Default parts in flight. */
  readonly concurrency: number;

  /**
   * @param accessKeyId - the access key id (an HMAC key id for GCS, a key id for B2 ...).
   * @param secretAccessKey - the secret; redacted from every error and log.
   * @param options - {@link S3DriverOptions}.
   */
  constructor(accessKeyId: string, secretAccessKey: string, options?: S3DriverOptions);
  /** No keys: the AWS credential chain finds them (environment, shared profiles, roles, web identity, containers, instance metadata; docs/aws-credentials.md). */
  constructor(accessKeyId: undefined, secretAccessKey: undefined, options?: S3DriverOptions);
  constructor(accessKeyId: string | undefined, secretAccessKey: string | undefined, options: S3DriverOptions = {}) {
    super(accessKeyId ?? '', secretAccessKey, options);
    const profile = this.profile;
    this.region = this.connection.region;
    this.listPageSize = options.listPageSize === undefined ? profile.maxListPageSize : requireInteger(options.listPageSize, 'listPageSize', 1, profile.maxListPageSize);
    this.partSize = options.partSize === undefined ? Math.max(8 * MiB, profile.minPartSize) : this.#checkPartSize(options.partSize);
    this.multipartThreshold =
      options.multipartThreshold === undefined ? this.partSize : requireInteger(options.multipartThreshold, 'multipartThreshold', 0, MAX_PUT_SIZE);
    this.concurrency = options.concurrency === undefined ? 4 : requireInteger(options.concurrency, 'concurrency', 1, 64);
    if (options.signPayload !== undefined && typeof options.signPayload !== 'boolean') {
      throw new InvalidArgumentError('signPayload must be a boolean', { option: 'signPayload' });
    }
  }

  /** This driver class's profile. */
  protected get profile(): S3Profile {
    return (this.constructor as typeof S3StorageDriver).profile;
  }

  /**
   * Builds the S3 connection: region checked by the profile, default endpoint filled in
   * unless `host`/`url` is given, addressing chosen. Runs inside the base constructor,
   * where only the arguments and `this.options` exist.
   */
  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): S3Connection {
    const profile = (this.constructor as typeof S3StorageDriver).profile;
    const o = this.options;
    checkAwsKeys(this.constructor.name, key, secret);
    const custom = hasCustomEndpoint(options);
    // AWS itself: the region from the option, AWS_REGION/AWS_DEFAULT_REGION or the profile
    // (none is an error); an S3-compatible store has its own default.
    const env = (options.env ?? process.env) as Readonly<Record<string, string | undefined>>;
    const wanted = profile === AWS_S3_PROFILE ? requireRegion(env, o.region, o.profile, { global: false, custom, driver: this.constructor.name }) : (o.region ?? profile.defaultRegion);
    const region = profile.region(wanted, custom);
    let connectionOptions = options;
    if (!custom) {
      const host = profile.endpoint(region, o as Readonly<Record<string, unknown>>);
      if (host === undefined) {
        throw new InvalidArgumentError(`${this.constructor.name} has no default endpoint: pass the host (or url) option`, { option: 'host' });
      }
      connectionOptions = { ...options, host };
    }
    const addressing = o.addressing ?? (custom ? 'path' : profile.addressing);
    if (addressing !== 'virtual' && addressing !== 'path') {
      throw new InvalidArgumentError(`addressing must be 'virtual' or 'path' (got ${JSON.stringify(addressing)})`, { option: 'addressing' });
    }
    return new S3Connection(
      key || undefined,
      secret || undefined,
      {
        ...connectionOptions,
        region,
        ...(o.sessionToken !== undefined ? { sessionToken: o.sessionToken } : {}),
        ...(o.profile !== undefined ? { profile: o.profile } : {}),
        ...(o.clock !== undefined ? { clock: o.clock } : {}),
      },
      addressing,
    );
  }

  #checkPartSize(value: unknown): number {
    return requireInteger(value, 'partSize', this.profile.minPartSize, this.profile.maxPartSize);
  }

  #bucket(name: Container<object> | string): string {
    const bucket = containerName(name);
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    if (typeof bucket !== 'string' || bucket === '' || bucket.length > 255 || /[/\\\u0000-\u0020\u007f]/.test(bucket)) {
      throw new InvalidArgumentError(`Invalid bucket name ${JSON.stringify(bucket)}: no "/", spaces or control characters`, { option: 'container' });
    }
    return bucket;
  }

  #key(name: string): string {
    if (typeof name !== 'string' || name === '' || Buffer.byteLength(name) > 1024) {
      throw new InvalidArgumentError(`Invalid object name ${JSON.stringify(name)}: 1 to 1024 bytes`, { option: 'objectName' });
    }
    // URLs resolve "." and ".." segments (even percent-encoded), so such keys cannot be addressed.
    if (name.split('/').some((s) => s === '.' || s === '..')) {
      throw new InvalidArgumentError(`Invalid object name ${JSON.stringify(name)}: "." and ".." segments cannot be addressed over HTTP`, {
        option: 'objectName',
      });
    }
    return name;
  }

  #container(name: string, extra: S3ContainerExtra = {}): Container<S3ContainerExtra> {
    return new Container<S3ContainerExtra>({ name, extra }, this);
  }

  // Containers

  override async *iterateContainers(_options?: CallOptions): AsyncGenerator<Container, void, undefined> {
    yield* paginate<Container, string>(undefined, async (token) => {
      const res = await this.connection.request<XmlElement>('/', { params: { 'continuation-token': token } });
      const result = xmlChild(res.object, 'ListAllMyBucketsResult');
      const items = xmlChildren(xmlChild(result, 'Buckets'), 'Bucket').map((b) => {
        const created = xmlText(b, 'CreationDate');
        const region = xmlText(b, 'BucketRegion');
        return this.#container(requiredText(xmlText(b, 'Name'), this.type, 'Bucket.Name', `${this.name} ListBuckets`), {
          ...(created ? { creationDate: new Date(created) } : {}),
          ...(region ? { region } : {}),
        });
      });
      return { items, next: xmlText(result, 'ContinuationToken') || undefined };
    });
  }

  /**
   * One bucket (HEAD bucket).
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async getContainer(name: string, _options?: CallOptions): Promise<Container> {
    const bucket = this.#bucket(name);
    try {
      const res = await this.connection.request(this.connection.action(bucket), { method: 'HEAD' });
      const region = res.headers['x-amz-bucket-region'];
      return this.#container(bucket, region ? { region } : {});
    } catch (err) {
      throw this.#notFound(err, (cause) => this.#missingBucket(bucket, cause));
    }
  }

  /** Creates a bucket; outside us-east-1 (on AWS) with a LocationConstraint for the driver's region. */
  override async createContainer(name: string, _options?: CallOptions): Promise<Container> {
    const bucket = this.#bucket(name);
    const location = this.profile.locationConstraint(this.region);
    const body =
      location === undefined
        ? undefined
        : `<?xml version="1.0" encoding="UTF-8"?><CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${location}</LocationConstraint></CreateBucketConfiguration>`;
    await this.connection.request(this.connection.action(bucket), {
      method: 'PUT',
      ...(body !== undefined ? { data: body, headers: { 'content-type': 'application/xml' } } : {}),
    });
    return this.#container(bucket, { region: this.region });
  }

  /**
   * Deletes an empty bucket.
   *
   * @throws {ContainerIsNotEmptyError} (`BucketNotEmpty`)
   */
  override async deleteContainer(container: Container<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(this.connection.action(this.#bucket(container)), { method: 'DELETE' });
  }

  // Listing

  /** Objects and (with a delimiter) common prefixes, in key order, page by page (ListObjectsV2). */
  override async *iterateContainerObjects(container: Container<object> | string, options: ListObjectsOptions = {}): AsyncGenerator<StorageObject, void, undefined> {
    const bucket = this.#bucket(container);
    const c = this.#container(bucket);
    let lastPrefix: string | undefined;
    const pages = paginate<StorageObject, string>(undefined, async (token) => {
      const res = await this.connection.request<XmlElement>(this.connection.action(bucket), {
        params: {
          'list-type': 2,
          prefix: options.prefix || undefined,
          delimiter: options.delimiter || undefined,
          'max-keys': this.listPageSize,
          'encoding-type': 'url',
          'continuation-token': token,
        },
      });
      const result = xmlChild(res.object, 'ListBucketResult');
      const encoded = xmlText(result, 'EncodingType') === 'url';
      const where = `${this.name} ListObjectsV2 of ${JSON.stringify(c.name)}`;
      const objects = xmlChildren(result, 'Contents').map((el) => this.#listed(c, el, encoded, where));
      const prefixes = xmlChildren(result, 'CommonPrefixes')
        .map((el) => urlDecoded(xmlText(el, 'Prefix'), encoded) ?? '')
        .filter((p) => p !== '' && p !== lastPrefix)
        .map((p) => this.prefixEntry(c, p));
      const items = sortedByName([...objects, ...prefixes]);
      const lastSeen = prefixes.at(-1);
      if (lastSeen) lastPrefix = lastSeen.name;
      const truncated = xmlText(result, 'IsTruncated') === 'true';
      return { items, next: truncated ? xmlText(result, 'NextContinuationToken') || undefined : undefined };
    });
    yield* pages;
  }

  #listed(container: Container, el: XmlElement, encoded: boolean, where: string): StorageObject<S3ObjectExtra> {
    const etag = xmlText(el, 'ETag');
    const modified = xmlText(el, 'LastModified');
    const storageClass = xmlText(el, 'StorageClass');
    return new StorageObject<S3ObjectExtra>(
      {
        name: requiredText(urlDecoded(xmlText(el, 'Key'), encoded), this.type, 'Contents.Key', where),
        size: byteCount(xmlText(el, 'Size'), this.type, 'Contents.Size', where),
        hash: unquoteEtag(etag),
        metaData: {},
        ...(modified ? { lastModified: new Date(modified) } : {}),
        container,
        extra: { ...(etag ? { etag } : {}), ...(storageClass ? { storageClass } : {}) },
      },
      this,
    );
  }

  // Objects

  /**
   * One object's metadata (HEAD object): size, ETag, content type, last modified and
   * `x-amz-meta-*` user metadata.
   *
   * @throws {ObjectDoesNotExistError}
   */
  override async getObject(container: string, objectName: string, _options?: CallOptions): Promise<StorageObject> {
    const bucket = this.#bucket(container);
    const key = this.#key(objectName);
    let headers: Readonly<Record<string, string>>;
    try {
      headers = (await this.connection.request(this.connection.action(bucket, key), { method: 'HEAD' })).headers;
    } catch (err) {
      throw this.#notFound(err, (cause) => this.#missingObject(bucket, key, cause));
    }
    const metaData: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name.startsWith('x-amz-meta-')) metaData[name.slice('x-amz-meta-'.length)] = value;
    }
    const extra: S3ObjectExtra = {};
    if (headers.etag) extra.etag = headers.etag;
    if (headers['x-amz-storage-class']) extra.storageClass = headers['x-amz-storage-class'];
    if (headers['x-amz-version-id']) extra.versionId = headers['x-amz-version-id'];
    if (headers['x-amz-server-side-encryption']) extra.serverSideEncryption = headers['x-amz-server-side-encryption'];
    const modified = headers['last-modified'];
    return new StorageObject<S3ObjectExtra>(
      {
        name: key,
        size: optionalByteCount(headers['content-length'], this.type, 'Content-Length', `${this.name} HEAD ${JSON.stringify(key)}`) ?? 0,
        hash: unquoteEtag(headers.etag),
        ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
        metaData,
        ...(modified ? { lastModified: new Date(modified) } : {}),
        container: this.#container(bucket),
        extra,
      },
      this,
    );
  }

  /**
   * Uploads from any source: one PUT up to `partSize` bytes, a parallel multipart
   * upload beyond. Content-MD5 is sent and the ETags returned are checked.
   *
   * @throws {ContainerDoesNotExistError} (`NoSuchBucket`)
   * @throws {ObjectHashMismatchError} when the store's ETag contradicts the bytes sent.
   * @throws {AbortError} when `signal` fires (a multipart upload is aborted, nothing is left).
   */
  override async uploadObjectViaStream(
    source: UploadSource,
    container: Container<object> | string,
    objectName: string,
    options: UploadOptions = {},
  ): Promise<StorageObject> {
    const bucket = this.#bucket(container);
    const key = this.#key(objectName);
    const partSize = options.partSize === undefined ? this.partSize : this.#checkPartSize(options.partSize);
    const concurrency = options.concurrency === undefined ? this.concurrency : requireInteger(options.concurrency, 'concurrency', 1, 64);
    const contentType = options.contentType ?? guessContentType(key);
    const headers: Record<string, string> = { 'content-type': contentType };
    const metaData: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.metaData ?? {})) {
      const lower = name.toLowerCase();
      if (!META_KEY.test(lower) || typeof value !== 'string' || !META_VALUE.test(value)) {
        throw new InvalidArgumentError(
          `metaData ${JSON.stringify(name)}: keys must be header tokens and values printable ASCII (S3 sends them as x-amz-meta-* headers)`,
          { option: 'metaData' },
        );
      }
      headers[`x-amz-meta-${lower}`] = value;
      metaData[lower] = value;
    }
    if (options.contentLength !== undefined) requireInteger(options.contentLength, 'contentLength', 0, Number.MAX_SAFE_INTEGER);
    const contentLength = options.contentLength ?? knownLength(source);
    const input = toReadable(source);
    const result = await reportingSourceFailure(input, key, this.type, options.signal, () => s3Upload(input, {
      connection: this.connection,
      provider: this.type,
      bucket,
      key,
      headers,
      partSize,
      multipartThreshold: Math.max(this.multipartThreshold, partSize),
      concurrency,
      maxParts: this.profile.maxParts,
      contentLength,
      verifyHash: options.verifyHash !== false,
      signPayload: this.options.signPayload === true,
      signal: options.signal,
      onProgress: options.onProgress,
    }));
    const extra: S3ObjectExtra = {};
    if (result.headers.etag) extra.etag = result.headers.etag;
    if (result.headers['x-amz-version-id']) extra.versionId = result.headers['x-amz-version-id'];
    if (result.headers['x-amz-server-side-encryption']) extra.serverSideEncryption = result.headers['x-amz-server-side-encryption'];
    return new StorageObject<S3ObjectExtra>(
      { name: key, size: result.size, hash: result.etag, contentType, metaData, container: this.#container(bucket), extra },
      this,
    );
  }

  /**
   * GET object (whole, or one `Range`). The response's Content-Length and Content-Range
   * are what the base checks the body against; a whole download is also checked against
   * the response's ETag when it is an MD5 (single-part, not SSE-KMS/SSE-C) and against the
   * `x-amz-checksum-*` the store returns for `x-amz-checksum-mode: ENABLED` (full-object
   * checksums only: composite `<checksum>-N` ones are of the parts).
   */
  protected override async openDownload(object: StorageObject<object>, range: DownloadRange | undefined, options: OpenDownloadOptions): Promise<OpenedDownload> {
    const bucket = this.#bucket(object.container);
    const key = this.#key(object.name);
    const headers: Record<string, string> = range ? { range: rangeHeader(range.start, range.end) } : { 'x-amz-checksum-mode': 'ENABLED' };
    // A range of a parallel download reads the version the first response described (GetObject If-Match).
    if (options.pin !== undefined) headers['if-match'] = options.pin;
    const res = await this.connection
      .request(this.connection.action(bucket, key), {
        raw: true,
        headers,
        ...(options.signal ? { signal: options.signal } : {}),
      })
      .catch((err: unknown) => {
        throw this.#notFound(err, (cause) => this.#missingObject(bucket, key, cause));
      });
    const h = res.headers;
    const digests: ExpectedDigests = {};
    if (range === undefined) {
      const etag = unquoteEtag(h.etag);
      if (/^[0-9a-f]{32}$/i.test(etag) && !etagIsNotMd5(h)) digests.md5 = etag.toLowerCase();
      if (h['x-amz-checksum-type'] !== 'COMPOSITE') {
        const full = (name: string): string | undefined => {
          const value = h[`x-amz-checksum-${name}`];
          return value !== undefined && !value.includes('-') ? value : undefined;
        };
        digests.crc32 = full('crc32');
        digests.crc32c = full('crc32c');
        digests.sha1 = full('sha1');
        digests.sha256 = full('sha256');
      }
    }
    return { body: res.body, length: lengthHeader(h['content-length']), contentRange: h['content-range'], status: res.status, digests, version: h.etag };
  }

  /** Deletes an object. S3 answers success for a missing key too (DELETE is idempotent). */
  override async deleteObject(object: StorageObject<object>, _options?: CallOptions): Promise<void> {
    await this.connection.request(this.connection.action(this.#bucket(object.container), this.#key(object.name)), { method: 'DELETE' });
  }

  /** Multipart ETags (`<hex>-N`) and SSE-KMS / SSE-C ETags are not MD5s of the object. */
  protected override expectedMd5(object: StorageObject<object>): string | undefined {
    const extra = object.extra as S3ObjectExtra;
    if (extra.serverSideEncryption === 'aws:kms' || extra.serverSideEncryption === 'aws:kms:dsse') return undefined;
    return super.expectedMd5(object);
  }

  /**
   * A presigned URL: whoever holds it may GET (or PUT, HEAD, DELETE) the object until it
   * expires, without credentials.
   *
   * @param object - a StorageObject, or an object name with `options.container`.
   * @example
   * ```ts
   * const url = s3.exGetPresignedUrl('reports/q3.pdf', { container: 'my-bucket', expiresIn: 900 });
   * const upload = s3.exGetPresignedUrl('inbox/file.bin', { container: 'my-bucket', method: 'PUT' });
   * ```
   * @throws {InvalidArgumentError} for a bad `expiresIn` (1 to 604800), method, or a name without container.
   */
  exGetPresignedUrl(object: StorageObject<object> | string, options: PresignedUrlOptions = {}): string {
    const method = options.method ?? 'GET';
    if (!['GET', 'PUT', 'HEAD', 'DELETE'].includes(method)) {
      throw new InvalidArgumentError(`method must be GET, PUT, HEAD or DELETE (got ${JSON.stringify(method)})`, { option: 'method' });
    }
    const expires = requireInteger(options.expiresIn ?? 3600, 'expiresIn', 1, MAX_PRESIGN_EXPIRES);
    let bucket: string;
    let key: string;
    if (typeof object === 'string') {
      if (options.container === undefined) {
        throw new InvalidArgumentError('exGetPresignedUrl needs options.container when the object is given by name', { option: 'container' });
      }
      bucket = this.#bucket(options.container);
      key = this.#key(object);
    } else {
      bucket = this.#bucket(object.container);
      key = this.#key(object.name);
    }
    const headers = options.contentType !== undefined ? { 'content-type': options.contentType } : {};
    return this.connection.presignUrl(this.connection.action(bucket, key), { method, expires, headers });
  }

  /**
   * The `presignedUrl` capability, with the same shape as the other storage drivers'
   * (an object, or `{ container, name }`; resolves to the URL). Same rules as
   * {@link S3StorageDriver.exGetPresignedUrl}; no request is sent to S3 (with the AWS
   * credential chain, the credentials are resolved first).
   *
   * @example
   * ```ts
   * const link = await s3.presignedUrl(object, { expiresIn: 600 });
   * const upload = await s3.presignedUrl({ container: 'inbox', name: 'report.pdf' }, { method: 'PUT' });
   * ```
   * @throws {InvalidArgumentError} for a bad `expiresIn` (1 to 604800) or method.
   */
  async presignedUrl(
    object: StorageObject<object> | { container: Container<object> | string; name: string },
    options: Omit<PresignedUrlOptions, 'container'> = {},
  ): Promise<string> {
    await this.connection.resolveCredentials();
    return this.exGetPresignedUrl(object.name, { ...options, container: object.container });
  }

  #missingBucket(bucket: string, cause: NotFoundError): ContainerDoesNotExistError {
    return new ContainerDoesNotExistError(`${this.name}: bucket ${JSON.stringify(bucket)} does not exist`, this.#causeOptions(cause));
  }

  #missingObject(bucket: string, key: string, cause: NotFoundError): ObjectDoesNotExistError {
    return new ObjectDoesNotExistError(`${this.name}: object ${JSON.stringify(key)} does not exist in bucket ${JSON.stringify(bucket)}`, this.#causeOptions(cause));
  }

  #causeOptions(cause: NotFoundError): NubesErrorOptions {
    return { provider: this.type, statusCode: 404, cause, ...(cause.requestId !== undefined ? { requestId: cause.requestId } : {}) };
  }

  /**
   * A bare 404 becomes the area error: HEAD answers have no body to name the code, and a
   * GET's NoSuchKey is already mapped (NoSuchBucket stays ContainerDoesNotExistError).
   */
  #notFound(err: unknown, make: (cause: NotFoundError) => NotFoundError): unknown {
    if (err instanceof NotFoundError && !(err instanceof ContainerDoesNotExistError) && !(err instanceof ObjectDoesNotExistError)) return make(err);
    return err;
  }
}
