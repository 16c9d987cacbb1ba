/**
 * The OpenStack Swift storage driver: containers and objects over the Object Storage
 * API v1, authenticated by the OpenStack family (Keystone v3 password or application
 * credential, or Swift TempAuth), with Static Large Objects for big uploads and TempURL
 * for presigned URLs.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { createHmac } from '../../../common/builtins.js';
import type { ConnectionClass } from '../../../common/base-driver.js';
import {
  AbortError,
  ConflictError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  errorFromStatus,
  InvalidArgumentError,
  MalformedResponseError,
  NotFoundError,
  NubesError,
  ObjectDoesNotExistError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';
import { OPENSTACK_OPTION_KEYS, type OpenStackConnectionOptions } from '../../../common/openstack/index.js';
import { paginate } from '../../../common/pagination.js';
import { requireInteger } from '../../../common/validate.js';
import type { ConnectionOptions, QueryParams } from '../../../connection/connection.js';
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
  type TransferOptions,
  type StorageExtraTypes,
  storageMethodsExcept,
} from '../base.js';
import { requiredText } from '../payload.js';
import { reportingSourceFailure } from '../upload-source.js';
import { lengthHeader, type ExpectedDigests, type OpenDownloadOptions, type OpenedDownload } from '../download.js';
import { knownLength, toReadable, type UploadSource } from '../streams.js';
import { checkContainerName, checkObjectName, metadataHeaders, swiftPath } from './names.js';
import {
  containerExtraFromEntry,
  containerExtraFromHeaders,
  listingEntries,
  objectFromEntry,
  objectFromHeaders,
  type SwiftContainerEntry,
  type SwiftObjectEntry,
  type SwiftObjectFields,
} from './mappers.js';
import { deleteManifestSegments, findManifestSegments, type ManifestSegment } from './previous-segments.js';
import { SwiftConnection } from './connection.js';
import { MAX_SEGMENTS, MAX_SINGLE_OBJECT, swiftUpload } from './upload.js';
import type { SwiftContainerExtra, SwiftDriverOptions, SwiftObjectExtra, SwiftUploadOptions } from './types.js';

const MiB = 1024 * 1024;
// One streaming PUT up to 1 GiB, as python-swiftclient (no segments unless asked) and rclone
// (5 GiB) do: it holds no segment buffers (a 256 MiB file uploaded with 36-46 MiB of RSS
// growth instead of 95-130 MiB as 16 MiB x 4 segments), and Swift stores it in one pass
// (no per-segment container updates, no manifest check of every segment). Above 1 GiB a
// Static Large Object keeps retries and parallelism per segment.
const DEFAULT_THRESHOLD = 1024 * MiB;
const DEFAULT_SEGMENT_SIZE = 16 * MiB;
const DEFAULT_CONCURRENCY = 4;
/** Swift's default `container_listing_limit` and `account_listing_limit`. */
const MAX_PAGE_SIZE = 10_000;
/** Seconds in a year: a TempURL lifetime beyond that is almost certainly a mistake. */
const MAX_TEMPURL_SECONDS = 365 * 24 * 3600;

const SWIFT_OPTION_KEYS = ['largeObjectThreshold', 'segmentSize', 'concurrency', 'leaveSegments', 'listPageSize', 'tempUrlKey'] as const;

/** Options of {@link OpenStackSwiftStorageDriver.presignedUrl}. */
export interface SwiftPresignOptions {
  /** What the URL allows (default `'GET'`). */
  method?: 'GET' | 'HEAD' | 'PUT' | 'DELETE';
  /** Seconds the URL stays valid (default 3600, at most a year). */
  expiresIn?: number;
  /** HMAC digest (default `'sha256'`; `'sha1'` for clusters older than Swift 2.14 or that allow only it). */
  digest?: 'sha1' | 'sha256' | 'sha512';
}

/** Options of downloads as streams. */
export type SwiftDownloadOptions = TransferOptions;

function booleanOption(value: unknown, option: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`${option} must be true or false (got ${String(value)})`, { option });
  return value;
}

/** What a 200 to `DELETE ?multipart-manifest=delete` says (the bulk-delete report). */
interface BulkDeleteReport {
  'Response Status'?: string;
  'Number Deleted'?: number;
  'Number Not Found'?: number;
  Errors?: [string, string][];
}

/**
 * OpenStack Swift (Object Storage API v1).
 *
 * `key` is the user: `account:user` for TempAuth (`authVersion: '1.0'`), a Keystone user
 * name (or id, with `userIdType: 'id'`), or an application credential id
 * (`authVersion: '3.x_appcred'`). `secret` is the key, password or credential secret.
 * Objects above `largeObjectThreshold` (1 GiB) are written as Static Large Objects.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/storage';
 * const Swift = getDriver(Provider.OPENSTACK_SWIFT);
 * // Keystone v3, storage endpoint from the catalog:
 * const swift = new Swift('alice', process.env.OS_PASSWORD, {
 *   authUrl: 'https://keystone.example.com:5000',
 *   projectName: 'demo',
 *   region: 'RegionOne',
 * });
 * // Swift TempAuth (e.g. a test cluster):
 * const dev = new Swift('test:tester', 'testing', { authUrl: 'http://127.0.0.1:8080/auth/v1.0', authVersion: '1.0' });
 * const backups = await swift.createContainer('backups');
 * await swift.uploadObject('./db.dump', backups, 'db/2026-11-21.dump');
 * ```
 */
export class OpenStackSwiftStorageDriver extends StorageDriver<
  SwiftConnection,
  SwiftDriverOptions,
  StorageExtraTypes<SwiftContainerExtra, SwiftObjectExtra>
> {
  static override readonly connectionCls: ConnectionClass = SwiftConnection;
  static override readonly driverOptionKeys: readonly string[] = [...new Set<string>([...OPENSTACK_OPTION_KEYS, ...SWIFT_OPTION_KEYS])];
  static override readonly callOptionKeys: Readonly<Record<string, readonly string[]>> = {
    presignedUrl: ['method', 'expiresIn', 'digest'],
    uploadObject: ['leaveSegments'],
    uploadObjectViaStream: ['leaveSegments'],
  };
  static override readonly capabilities: readonly StorageMethod[] = storageMethodsExcept();

  readonly type = 'openstack-swift';
  readonly name = 'OpenStack Swift';
  readonly website = 'https://docs.openstack.org/swift/latest/';

  /** Known source lengths above this go as a Static Large Object. */
  readonly largeObjectThreshold: number;
  /** Default segment size of Static Large Objects. */
  readonly segmentSize: number;
  /** Default segments in flight. */
  readonly concurrency: number;
  /** True when uploads keep the segments of a Static Large Object they overwrite, unless told otherwise per upload. */
  readonly leaveSegments: boolean;
  /** Entries per listing request. */
  readonly listPageSize: number;
  #tempUrlKey: string | undefined;

  /**
   * @param user - `account:user` (TempAuth), a Keystone user name or id, or an application credential id.
   * @param secret - the key, password or application credential secret; redacted everywhere.
   * @param options - {@link SwiftDriverOptions}.
   * @throws {InvalidArgumentError} for a missing secret or a bad option, before any request.
   */
  constructor(user: string, secret: string, options: SwiftDriverOptions = {}) {
    super(user, secret, options);
    this.largeObjectThreshold =
      options.largeObjectThreshold === undefined ? DEFAULT_THRESHOLD : requireInteger(options.largeObjectThreshold, 'largeObjectThreshold', 1, MAX_SINGLE_OBJECT);
    this.segmentSize = options.segmentSize === undefined ? DEFAULT_SEGMENT_SIZE : requireInteger(options.segmentSize, 'segmentSize', 1, MAX_SINGLE_OBJECT);
    this.concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : requireInteger(options.concurrency, 'concurrency', 1, 64);
    this.leaveSegments = options.leaveSegments === undefined ? false : booleanOption(options.leaveSegments, 'leaveSegments');
    this.listPageSize = options.listPageSize === undefined ? MAX_PAGE_SIZE : requireInteger(options.listPageSize, 'listPageSize', 1, MAX_PAGE_SIZE);
    if (options.tempUrlKey !== undefined) {
      if (typeof options.tempUrlKey !== 'string' || options.tempUrlKey === '') {
        throw new InvalidArgumentError('tempUrlKey must be a non-empty string', { option: 'tempUrlKey' });
      }
      this.#tempUrlKey = options.tempUrlKey;
      this.connection.addSecret(options.tempUrlKey);
    }
  }

  /**
   * Builds the Swift connection with the OpenStack options (`authUrl`, `authVersion`,
   * `projectName`, `region`, ...). Runs inside the base constructor, where only the
   * arguments and `this.options` exist.
   */
  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): SwiftConnection {
    if (typeof secret !== 'string' || secret === '') {
      throw new InvalidArgumentError(`${this.constructor.name} needs the key, password or credential secret as its second argument`, {
        option: 'secret',
      });
    }
    const openstack: Record<string, unknown> = {};
    for (const name of OPENSTACK_OPTION_KEYS) {
      const value = (this.options as Record<string, unknown>)[name];
      if (value !== undefined) openstack[name] = value;
    }
    return new SwiftConnection(key, secret, { ...options, ...openstack } as OpenStackConnectionOptions);
  }

  // ---------------------------------------------------------------------------
  // Error mapping: a 404 or 409 means different things for containers and objects.

  #context(err: NubesError): NubesErrorOptions {
    return {
      cause: err,
      provider: this.type,
      ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
      ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
    };
  }

  #missingContainer(err: unknown, name: string): unknown {
    if (err instanceof NotFoundError && !(err instanceof ContainerDoesNotExistError) && !(err instanceof ObjectDoesNotExistError)) {
      return new ContainerDoesNotExistError(`${this.name}: container ${JSON.stringify(name)} does not exist`, this.#context(err));
    }
    return err;
  }

  #missingObject(err: unknown, container: string, name: string): unknown {
    if (err instanceof NotFoundError && !(err instanceof ContainerDoesNotExistError) && !(err instanceof ObjectDoesNotExistError)) {
      return new ObjectDoesNotExistError(`${this.name}: object ${JSON.stringify(name)} does not exist in ${JSON.stringify(container)}`, this.#context(err));
    }
    return err;
  }

  // ---------------------------------------------------------------------------
  // Containers

  #container(name: string, extra: SwiftContainerExtra): Container<SwiftContainerExtra> {
    return new Container<SwiftContainerExtra>({ name, extra }, this);
  }

  /** Containers of the account, in name order, page by page (`marker` pagination). */
  override async *iterateContainers(_options?: CallOptions): AsyncGenerator<Container<SwiftContainerExtra>, void, undefined> {
    const limit = this.listPageSize;
    yield* paginate<Container<SwiftContainerExtra>, string>(undefined, async (marker) => {
      const res = await this.connection.request('', { params: { format: 'json', limit, marker } });
      const entries = listingEntries<SwiftContainerEntry>(res.object, 'Account listing');
      const items = entries.map((e) => this.#container(requiredText(e.name, this.type, 'name', `${this.name} account listing`), containerExtraFromEntry(e)));
      return { items, next: entries.length < limit ? undefined : entries.at(-1)?.name };
    });
  }

  /**
   * One container, from its HEAD (object count, bytes used, policy, metadata).
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async getContainer(name: string, _options?: CallOptions): Promise<Container<SwiftContainerExtra>> {
    try {
      const res = await this.connection.request(swiftPath(checkContainerName(name)), { method: 'HEAD' });
      return this.#container(name, containerExtraFromHeaders(res.headers));
    } catch (err) {
      throw this.#missingContainer(err, name);
    }
  }

  /**
   * Creates a container. Swift answers 202 instead of 201 when it exists already (and
   * changes nothing, as no metadata is sent): that is ContainerAlreadyExistsError, as on
   * every nubes storage driver.
   *
   * @throws {InvalidContainerNameError} before any request, for a name Swift refuses.
   * @throws {ContainerAlreadyExistsError}
   */
  override async createContainer(name: string, _options?: CallOptions): Promise<Container<SwiftContainerExtra>> {
    const res = await this.connection.request(swiftPath(checkContainerName(name)), { method: 'PUT' });
    if (res.status === 202) {
      throw new ContainerAlreadyExistsError(`${this.name}: container ${JSON.stringify(name)} already exists`, {
        provider: this.type,
        statusCode: 202,
        ...(res.requestId !== undefined ? { requestId: res.requestId } : {}),
      });
    }
    return this.#container(name, { objectCount: 0, bytesUsed: 0, metaData: {} });
  }

  /**
   * Deletes an empty container. Its `<name>_segments` container, if any, is left alone.
   *
   * @throws {ContainerIsNotEmptyError} when it holds objects (Swift's 409).
   * @throws {ContainerDoesNotExistError}
   */
  override async deleteContainer(container: Container<object> | string, _options?: CallOptions): Promise<void> {
    const name = checkContainerName(containerName(container));
    try {
      await this.connection.request(swiftPath(name), { method: 'DELETE' });
    } catch (err) {
      if (err instanceof ConflictError && err.statusCode === 409) {
        throw new ContainerIsNotEmptyError(`${this.name}: container ${JSON.stringify(name)} is not empty; delete its objects first`, this.#context(err));
      }
      throw this.#missingContainer(err, name);
    }
  }

  // ---------------------------------------------------------------------------
  // Objects

  #object(container: Container<object>, name: string, fields: SwiftObjectFields): StorageObject<SwiftObjectExtra> {
    // Fields named one by one: a spread of `fields` was the largest self time of a listing
    // of 5,000 objects in the profile.
    return new StorageObject<SwiftObjectExtra>(
      {
        name,
        size: fields.size,
        hash: fields.hash,
        contentType: fields.contentType,
        metaData: fields.metaData,
        lastModified: fields.lastModified,
        container,
        extra: fields.extra,
      },
      this,
    );
  }

  /**
   * Objects of a container, and with `delimiter` the pseudo-directories (`kind:
   * 'prefix'`), in name order, page by page (`marker` pagination, `listPageSize` per
   * page). Listings carry no user metadata: use `getObject` for it.
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async *iterateContainerObjects(
    container: Container<object> | string,
    options: ListObjectsOptions = {},
  ): AsyncGenerator<StorageObject<SwiftObjectExtra>, void, undefined> {
    const parent = this.containerOf(container, checkContainerName);
    const path = swiftPath(checkContainerName(parent.name));
    if (options.delimiter === '') throw new InvalidArgumentError('delimiter must not be empty', { option: 'delimiter' });
    const limit = this.listPageSize;
    yield* paginate<StorageObject<SwiftObjectExtra>, string>(undefined, async (marker) => {
      const params: QueryParams = { format: 'json', limit, prefix: options.prefix || undefined, delimiter: options.delimiter, marker };
      let res;
      try {
        res = await this.connection.request(path, { params });
      } catch (err) {
        throw this.#missingContainer(err, parent.name);
      }
      const entries = listingEntries<SwiftObjectEntry>(res.object, `Listing of ${JSON.stringify(parent.name)}`);
      const items = entries.map((e) =>
        e.subdir !== undefined
          ? this.prefixEntry(parent, e.subdir)
          : this.#object(parent, requiredText(e.name, this.type, 'name', `${this.name} listing of ${JSON.stringify(parent.name)}`), objectFromEntry(e)),
      );
      const last = entries.at(-1);
      return { items, next: entries.length < limit ? undefined : (last?.subdir ?? last?.name) };
    });
  }

  /**
   * One object, from its HEAD (size, ETag, content type, `X-Object-Meta-*`, large object
   * markers).
   *
   * @throws {ObjectDoesNotExistError} (also when the container does not exist: Swift answers the same 404).
   */
  override async getObject(containerName: string, objectName: string, _options?: CallOptions): Promise<StorageObject<SwiftObjectExtra>> {
    const parent = this.containerOf(containerName, checkContainerName);
    try {
      const res = await this.connection.request(swiftPath(parent.name, checkObjectName(objectName)), { method: 'HEAD' });
      return this.#object(parent, objectName, objectFromHeaders(res.headers));
    } catch (err) {
      throw this.#missingObject(err, parent.name, objectName);
    }
  }

  /**
   * Uploads a file; see {@link uploadObjectViaStream} for how, and for `leaveSegments`.
   *
   * @throws {InvalidArgumentError} when `filePath` is not a readable regular file, and as {@link uploadObjectViaStream} does.
   */
  override async uploadObject(
    filePath: string,
    container: Container<object> | string,
    objectName: string,
    options: SwiftUploadOptions = {},
  ): Promise<StorageObject<SwiftObjectExtra>> {
    return (await super.uploadObject(filePath, container, objectName, options)) as StorageObject<SwiftObjectExtra>;
  }

  /**
   * Uploads from any source, reading it once. Bytes up to `largeObjectThreshold` go in one
   * PUT with their MD5 as `ETag` (Swift verifies it); streams in one PUT with
   * `Content-Length` when known (`contentLength`, files), else chunked, their MD5
   * computed on the way and compared with Swift's ETag. Larger sources of known length —
   * and streams of unknown length when `partSize` is given — become a Static Large
   * Object: segments of `partSize` (default `segmentSize`) uploaded in parallel into
   * `<container>_segments`, then a manifest. A failed or aborted upload leaves no object
   * and no segment; an object it would have replaced stays as it was, segments included.
   *
   * Overwriting a Static Large Object: Swift replaces the manifest but not the segments
   * it listed. Unless `options.leaveSegments` (or the driver's `leaveSegments` option) is
   * true, the upload first looks at what the name holds — one HEAD, and for an SLO a HEAD
   * of the container and its manifest (`?multipart-manifest=get`) — and once the new
   * object is stored and its hash checked, deletes the old segments the new manifest does
   * not list (`concurrency` at a time; already gone counts as deleted). They are kept when
   * the name is a symlink or object versioning keeps the old version. A segment that
   * cannot be deleted (or is not deleted because `options.signal` fired after the new
   * object was stored) does not fail the upload: the object is returned with the
   * segment's path in `extra.leftoverSegments`. Set `leaveSegments` when another manifest
   * shares the segments, or to save the HEAD on many small uploads.
   *
   * @param options - {@link SwiftUploadOptions}: every upload option, and `leaveSegments`.
   * @throws {ContainerDoesNotExistError}
   * @throws {ObjectHashMismatchError} when Swift's ETag contradicts the bytes sent (the object is deleted).
   * @throws {AbortError} when `options.signal` fires before the new object is stored.
   * @throws {InvalidArgumentError} before any request, for bad names, metadata or options.
   * @throws {MalformedResponseError} when the manifest of the SLO being replaced is not a JSON list (nothing is written).
   * @example
   * ```ts
   * const obj = await swift.uploadObjectViaStream(createReadStream('./db.dump'), 'backups', 'db/latest.dump', { contentLength: size });
   * if (obj.extra.leftoverSegments) console.warn('old segments left behind:', obj.extra.leftoverSegments);
   * ```
   */
  override async uploadObjectViaStream(
    source: UploadSource,
    container: Container<object> | string,
    objectName: string,
    options: SwiftUploadOptions = {},
  ): Promise<StorageObject<SwiftObjectExtra>> {
    const parent = this.containerOf(container, checkContainerName);
    checkObjectName(objectName);
    const meta = metadataHeaders(options.metaData);
    const leaveSegments = options.leaveSegments === undefined ? this.leaveSegments : booleanOption(options.leaveSegments, 'leaveSegments');
    const segmentExplicit = options.partSize !== undefined;
    let segmentSize = segmentExplicit ? requireInteger(options.partSize, 'partSize', 1, MAX_SINGLE_OBJECT) : this.segmentSize;
    const concurrency = options.concurrency === undefined ? this.concurrency : requireInteger(options.concurrency, 'concurrency', 1, 64);
    if (options.contentLength !== undefined && (!Number.isInteger(options.contentLength) || options.contentLength < 0)) {
      throw new InvalidArgumentError(`contentLength must be a non-negative integer (got ${String(options.contentLength)})`, { option: 'contentLength' });
    }
    const contentLength = options.contentLength ?? knownLength(source);
    if (contentLength !== undefined && contentLength > this.largeObjectThreshold) {
      // Fit the object in Swift's segment limit rather than fail after uploading 1000 segments.
      const needed = Math.ceil(contentLength / MAX_SEGMENTS);
      if (needed > segmentSize) {
        if (segmentExplicit) {
          throw new InvalidArgumentError(`partSize ${segmentSize} needs more than ${MAX_SEGMENTS} segments for ${contentLength} bytes: use at least ${needed}`, {
            option: 'partSize',
          });
        }
        segmentSize = needed;
      }
    }
    const contentType = options.contentType ?? guessContentType(objectName);
    const bytes = typeof source === 'string' ? Buffer.from(source) : source instanceof Uint8Array ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : undefined;
    const readable = bytes ?? toReadable(source);
    if (options.signal?.aborted) {
      if (!Buffer.isBuffer(readable)) readable.destroy();
      throw new AbortError(`${this.name}: upload of ${JSON.stringify(objectName)} aborted before it started`, { provider: this.type });
    }
    // What an overwrite would orphan, looked at before anything is written.
    let previous: ManifestSegment[] = [];
    if (!leaveSegments) {
      try {
        previous = await findManifestSegments(this.connection, parent.name, objectName, options.signal);
      } catch (err) {
        if (!Buffer.isBuffer(readable)) readable.destroy();
        throw err;
      }
    }
    let result;
    try {
      result = await reportingSourceFailure(readable, objectName, this.type, options.signal, () => swiftUpload(readable, {
        connection: this.connection,
        provider: this.type,
        container: parent.name,
        object: objectName,
        headers: { 'content-type': contentType, ...meta },
        contentLength,
        threshold: this.largeObjectThreshold,
        segmentSize,
        segmentUnknownLength: segmentExplicit,
        concurrency,
        segmentContainer: `${parent.name}_segments`,
        verifyHash: options.verifyHash !== false,
        signal: options.signal,
        onProgress: options.onProgress,
      }));
    } catch (err) {
      throw this.#missingContainer(err, parent.name);
    }
    // The new object is stored: from here on nothing may fail the upload.
    const leftover = previous.length ? await deleteManifestSegments(this.connection, previous, new Set(result.segmentPaths), concurrency, options.signal) : [];
    const fields = objectFromHeaders(result.headers);
    const slo = result.segments > 0;
    return this.#object(parent, objectName, {
      size: result.size,
      hash: result.etag,
      contentType,
      metaData: Object.fromEntries(Object.entries(meta).map(([k, v]) => [k.slice('x-object-meta-'.length), v])),
      lastModified: fields.lastModified,
      extra: {
        ...(result.headers.etag !== undefined ? { etag: result.headers.etag } : {}),
        staticLargeObject: slo,
        ...(slo ? { segments: result.segments } : {}),
        ...(leftover.length ? { leftoverSegments: leftover } : {}),
      },
    });
  }

  /**
   * The ETag of a large object is not the MD5 of its bytes (an SLO's is the MD5 of its
   * segments' MD5s, a DLO's likewise): such downloads are not digest-checked.
   */
  protected override expectedMd5(object: StorageObject<object>): string | undefined {
    const extra = object.extra as SwiftObjectExtra;
    if (extra.staticLargeObject === true || extra.dynamicLargeObject !== undefined) return undefined;
    return super.expectedMd5(object);
  }

  /**
   * GET object (whole, or one `Range`). Swift's ETag is the MD5 of the bytes for a plain
   * object; for a large object (`X-Static-Large-Object`, `X-Object-Manifest`) it is a hash
   * of its segments' hashes, and its listed size may be the manifest's: only the response's
   * Content-Length is then checked.
   *
   * @throws {ObjectDoesNotExistError}
   */
  protected override async openDownload(object: StorageObject<object>, range: DownloadRange | undefined, options: OpenDownloadOptions): Promise<OpenedDownload> {
    const container = checkContainerName(object.container.name);
    let res;
    try {
      res = await this.connection.request(swiftPath(container, checkObjectName(object.name)), {
        raw: true,
        ...(range ? { headers: { range: rangeHeader(range.start, range.end), ...(options.pin !== undefined ? { 'if-match': options.pin } : {}) } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      throw this.#missingObject(err, container, object.name);
    }
    const h = res.headers;
    const extra = object.extra as SwiftObjectExtra;
    const composite =
      (h['x-static-large-object'] ?? '').toLowerCase() === 'true' ||
      h['x-object-manifest'] !== undefined ||
      extra.staticLargeObject === true ||
      extra.dynamicLargeObject !== undefined;
    const etag = (h.etag ?? '').replace(/^"(.*)"$/, '$1');
    const digests: ExpectedDigests = !composite && /^[0-9a-f]{32}$/i.test(etag) ? { md5: etag.toLowerCase() } : {};
    return { body: res.body, length: lengthHeader(h['content-length']), contentRange: h['content-range'], status: res.status, digests, composite, version: h.etag };
  }

  /**
   * Deletes an object. A Static Large Object is deleted with its segments
   * (`?multipart-manifest=delete`). An object whose kind is unknown (built by hand, not
   * from a listing or `getObject`) is looked at first (one HEAD), so an SLO never leaves
   * its segments behind.
   *
   * @throws {ObjectDoesNotExistError}
   */
  override async deleteObject(object: StorageObject<object>, _options?: CallOptions): Promise<void> {
    const container = checkContainerName(object.container.name);
    const name = checkObjectName(object.name);
    let slo = (object.extra as SwiftObjectExtra).staticLargeObject;
    if (slo === undefined) slo = (await this.getObject(container, name)).extra.staticLargeObject === true;
    if (slo && (await this.#deleteLargeObject(container, name))) return;
    try {
      await this.connection.request(swiftPath(container, name), { method: 'DELETE' });
    } catch (err) {
      throw this.#missingObject(err, container, name);
    }
  }

  /**
   * `DELETE ?multipart-manifest=delete`: Swift deletes the segments, then the manifest, and
   * answers 200 with a bulk-delete report whose own status says how it went. Returns
   * false when the object is not (any more) an SLO, so the caller deletes it plainly.
   */
  async #deleteLargeObject(container: string, name: string): Promise<boolean> {
    let res;
    try {
      res = await this.connection.request(swiftPath(container, name), {
        method: 'DELETE',
        params: { 'multipart-manifest': 'delete' },
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      throw this.#missingObject(err, container, name);
    }
    const report = (res.object ?? {}) as BulkDeleteReport;
    if (typeof report !== 'object' || report === null) {
      throw new MalformedResponseError(`${this.name}: the answer to deleting ${JSON.stringify(name)} is not a bulk-delete report`, { provider: this.type });
    }
    const errors = Array.isArray(report.Errors) ? report.Errors : [];
    if (errors.some((e) => Array.isArray(e) && /not an slo manifest/i.test(String(e[1])))) return false;
    const status = Number.parseInt(report['Response Status'] ?? '200', 10);
    if (status >= 200 && status < 300 && errors.length === 0) {
      if ((report['Number Deleted'] ?? 0) === 0 && (report['Number Not Found'] ?? 0) > 0) {
        throw new ObjectDoesNotExistError(`${this.name}: object ${JSON.stringify(name)} does not exist in ${JSON.stringify(container)}`, {
          provider: this.type,
          statusCode: 404,
          ...(res.requestId !== undefined ? { requestId: res.requestId } : {}),
        });
      }
      return true;
    }
    const message = errors.length ? errors.map((e) => `${String(e[0])}: ${String(e[1])}`).join('; ') : report['Response Status'];
    throw errorFromStatus({
      statusCode: Number.isFinite(status) && status >= 400 ? status : 500,
      message: `Deleting the large object ${JSON.stringify(name)} failed: ${message ?? 'unknown error'}`,
      provider: this.type,
      ...(res.requestId !== undefined ? { requestId: res.requestId } : {}),
    });
  }

  // ---------------------------------------------------------------------------
  // TempURL

  /**
   * Sets the account's TempURL key (`X-Account-Meta-Temp-URL-Key`, one POST to the
   * account; needs an account owner) and uses it for `presignedUrl`. URLs signed with the
   * previous key stop working.
   *
   * @example
   * ```ts
   * await swift.exSetTempUrlKey(randomBytes(32).toString('hex'));
   * ```
   */
  async exSetTempUrlKey(key: string, _options?: CallOptions): Promise<void> {
    if (typeof key !== 'string' || key === '') throw new InvalidArgumentError('The TempURL key must be a non-empty string', { option: 'key' });
    this.connection.addSecret(key);
    await this.connection.request('', { method: 'POST', headers: { 'x-account-meta-temp-url-key': key } });
    this.#tempUrlKey = key;
  }

  async #tempUrlKeyValue(): Promise<string> {
    if (this.#tempUrlKey !== undefined) return this.#tempUrlKey;
    const res = await this.connection.request('', { method: 'HEAD' });
    const key = res.headers['x-account-meta-temp-url-key'] ?? res.headers['x-account-meta-temp-url-key-2'];
    if (!key) {
      throw new InvalidArgumentError(
        'The account has no TempURL key: pass the tempUrlKey option, or set one with exSetTempUrlKey()',
        { option: 'tempUrlKey' },
      );
    }
    this.connection.addSecret(key);
    this.#tempUrlKey = key;
    return key;
  }

  /**
   * A TempURL anyone can use, until it expires, to read (or write, or delete) one object:
   * `temp_url_sig` is an HMAC of the method, the expiry and the object's path with the
   * account's TempURL key. The key comes from the `tempUrlKey` option, or is read from the
   * account once (HEAD). Needs the `tempurl` middleware in the cluster's pipeline.
   *
   * @throws {InvalidArgumentError} for a bad method or lifetime, or when the account has no TempURL key.
   * @example
   * ```ts
   * const link = await swift.presignedUrl(object, { expiresIn: 600 });
   * const upload = await swift.presignedUrl({ container: 'inbox', name: 'report.pdf' }, { method: 'PUT' });
   * ```
   */
  async presignedUrl(object: StorageObject<object> | { container: string; name: string }, options: SwiftPresignOptions = {}): Promise<string> {
    const container = checkContainerName(typeof object.container === 'string' ? object.container : object.container.name);
    const name = checkObjectName(object.name);
    const method = options.method ?? 'GET';
    if (!['GET', 'HEAD', 'PUT', 'DELETE'].includes(method)) {
      throw new InvalidArgumentError(`method must be GET, HEAD, PUT or DELETE (got ${JSON.stringify(method)})`, { option: 'method' });
    }
    const expiresIn = requireInteger(options.expiresIn ?? 3600, 'expiresIn', 1, MAX_TEMPURL_SECONDS);
    const digest = options.digest ?? 'sha256';
    if (digest !== 'sha1' && digest !== 'sha256' && digest !== 'sha512') {
      throw new InvalidArgumentError(`digest must be sha1, sha256 or sha512 (got ${JSON.stringify(digest)})`, { option: 'digest' });
    }
    const key = await this.#tempUrlKeyValue();
    const storage = new URL(await this.connection.serviceUrl());
    const encodedPath = `${storage.pathname.replace(/\/+$/, '')}${swiftPath(container, name)}`;
    const expires = Math.floor(Date.now() / 1000) + expiresIn;
    // Swift signs the decoded path (WSGI's PATH_INFO), as the request will carry it.
    const signature = createHmac(digest, key).update(`${method}\n${expires}\n${decodeURIComponent(encodedPath)}`).digest('hex');
    return `${storage.origin}${encodedPath}?temp_url_sig=${signature}&temp_url_expires=${expires}`;
  }
}
