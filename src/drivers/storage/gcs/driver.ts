/**
 * Google Cloud Storage over its JSON API (https://cloud.google.com/storage/docs/json_api),
 * with OAuth 2.0 tokens: buckets, objects, streamed downloads checked against the
 * object's MD5 (or CRC32C), single-request and resumable uploads, V4 signed URLs.
 */
import type { CallOptions } from '../../../common/call-options.js';
import type { ConnectionClass } from '../../../common/base-driver.js';
import {
  AbortError,
  ContainerDoesNotExistError,
  InvalidArgumentError,
  MalformedResponseError,
  NotFoundError,
  ObjectDoesNotExistError,
} from '../../../common/errors/index.js';
import { checkServiceAccountKey, GOOGLE_OPTION_KEYS, googleDriverConnectionOptions, readCredentialFile } from '../../../common/google/index.js';
import { collect, paginate } from '../../../common/pagination.js';
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
  type DownloadStreamOptions,
  type ListObjectsOptions,
  type StorageMethod,
  type UploadOptions,
  storageMethodsExcept,
} from '../base.js';
import { lengthHeader, type ExpectedDigests, type OpenDownloadOptions, type OpenedDownload } from '../download.js';
import { knownLength, toReadable, type UploadSource } from '../streams.js';
import { GcsConnection } from './connection.js';
import { base64ToHex, bucketFields, checkBucketName, checkObjectName, objectFields, objectPath, parseGoogHash } from './mappers.js';
import { signV4Url, type GcsSignedUrlOptions } from './signing.js';
import type {
  GcsBucketExtra,
  GcsBucketResource,
  GcsCreateBucketOptions,
  GcsDriverOptions,
  GcsListPage,
  GcsObjectExtra,
  GcsObjectResource,
  GcsUrlSigner,
} from './types.js';
import { CHUNK_QUANTUM, uploadGcsObject } from './upload.js';

const DEFAULT_CHUNK = 8 * 1024 * 1024;
const MAX_PAGE = 1000;

/** Options of uploads: the common ones plus `cacheControl`. */
export interface GcsUploadOptions extends UploadOptions {
  /** `Cache-Control` stored with the object and served with it. */
  cacheControl?: string;
}

/**
 * Options of downloads as streams: the common ones (`verifyHash` checks the bytes against
 * the object's MD5 and CRC32C, default true). Kept as a name for existing callers.
 */
export type GcsDownloadOptions = DownloadStreamOptions;

/**
 * Google Cloud Storage on the JSON API, signed in with an OAuth 2.0 token (a service
 * account, the metadata server, ...): no HMAC keys needed, unlike
 * `Provider.GOOGLE_STORAGE` (the S3-interoperable XML API).
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/storage';
 *
 * const Gcs = getDriver(Provider.GOOGLE_STORAGE_JSON);
 * // A key file; or '' and the chain (GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server).
 * const storage = new Gcs('./service-account.json', undefined, { project: 'my-project' });
 * const bucket = await storage.createContainer('my-bucket-2026', { location: 'EU' });
 * await storage.uploadObject('./big.iso', bucket, 'images/big.iso', { onProgress: console.log });
 * ```
 */
export class GoogleCloudStorageDriver extends StorageDriver<GcsConnection, GcsDriverOptions> {
  static override readonly connectionCls: ConnectionClass = GcsConnection as unknown as ConnectionClass;
  static override readonly driverOptionKeys: readonly string[] = [
    ...GOOGLE_OPTION_KEYS,
    'chunkSize',
    'listPageSize',
    'chunkRetries',
    'chunkRetryDelay',
    'signer',
  ];
  /** `location` and `storageClass` of new buckets; `cacheControl` on uploads; the options of V4 signed URLs (see {@link GcsSignedUrlOptions}). */
  static override readonly callOptionKeys: Readonly<Record<string, readonly string[]>> = {
    createContainer: ['location', 'storageClass'],
    uploadObject: ['cacheControl'],
    uploadObjectViaStream: ['cacheControl'],
    presignedUrl: ['method', 'expiresIn', 'contentType', 'now'],
  };
  static override readonly capabilities: readonly StorageMethod[] = storageMethodsExcept();

  readonly type = 'google-storage-json';
  readonly name = 'Google Cloud Storage (JSON API)';
  readonly website = 'https://cloud.google.com/storage';
  readonly #keyArgument: string;
  readonly #chunkSize: number;
  readonly #pageSize: number | undefined;
  readonly #retries: number;
  readonly #retryDelay: number;

  /**
   * @param key - a service-account key file path, a service-account e-mail, or `''` (the
   *   `credentials` option or the Google credential chain decides).
   * @param _secret - unused.
   * @param options - connection options, the Google options (`credentials`, `project`,
   *   `scopes`), plus `chunkSize`, `listPageSize`, `chunkRetries`, `chunkRetryDelay`, `signer`.
   * @throws {InvalidArgumentError} for an unusable key file or a bad option, before any request.
   */
  constructor(key = '', _secret?: string, options: GcsDriverOptions = {}) {
    super(key, undefined, options);
    this.#keyArgument = key;
    this.#chunkSize = options.chunkSize === undefined ? DEFAULT_CHUNK : checkChunkSize(options.chunkSize, 'chunkSize');
    this.#pageSize = options.listPageSize === undefined ? undefined : requireInteger(options.listPageSize, 'listPageSize', 1, MAX_PAGE);
    this.#retries = options.chunkRetries === undefined ? 5 : requireInteger(options.chunkRetries, 'chunkRetries', 0, 100);
    this.#retryDelay = options.chunkRetryDelay === undefined ? 500 : requireInteger(options.chunkRetryDelay, 'chunkRetryDelay', 0, 60_000);
    if (options.signer !== undefined) {
      const s = options.signer as unknown;
      if (typeof s !== 'object' || s === null || typeof options.signer.clientEmail !== 'string' || typeof options.signer.privateKey !== 'string') {
        throw new InvalidArgumentError('signer must be { clientEmail, privateKey } from a service-account key file', { option: 'signer' });
      }
      this.connection.addSecret(options.signer.privateKey);
    }
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): GcsConnection {
    return new GcsConnection(googleDriverConnectionOptions(key, this.options, options));
  }

  /** The project buckets are listed in and created under (option, environment, key file or metadata server). */
  #requireProject(): Promise<string> {
    return this.connection.projectId();
  }

  /** The service account that signs URLs: `signer`, else the key file or parsed key the driver was given. */
  #signer(): GcsUrlSigner {
    if (this.options.signer !== undefined) return this.options.signer;
    const credentials = this.options.credentials;
    const key = this.#keyArgument.trim();
    const fromPath = key !== '' && !key.includes('@') ? key : typeof credentials === 'string' && credentials !== 'metadata' ? credentials : undefined;
    const file =
      fromPath !== undefined
        ? readCredentialFile(fromPath, { what: `the key file ${fromPath}`, option: 'credentials' })
        : credentials !== undefined && typeof credentials === 'object' && (credentials as { type?: unknown }).type === 'service_account'
          ? (credentials as Record<string, unknown>)
          : undefined;
    if (file === undefined || file.type !== 'service_account') {
      throw new InvalidArgumentError('presignedUrl needs a service-account key: pass options.signer ({ clientEmail, privateKey }) or a key file as credentials', {
        option: 'signer',
      });
    }
    const checked = checkServiceAccountKey(file, { what: 'the signing key', option: 'credentials' });
    this.connection.addSecret(checked.privateKeyPem);
    return { clientEmail: checked.clientEmail, privateKey: checked.privateKeyPem };
  }

  // ---------------------------------------------------------------------------
  // Buckets

  #bucket(resource: GcsBucketResource): Container<GcsBucketExtra> {
    return new Container<GcsBucketExtra>(bucketFields(resource), this);
  }

  override async *iterateContainers(_options?: CallOptions): AsyncGenerator<Container<GcsBucketExtra>, void, undefined> {
    const project = await this.#requireProject();
    yield* paginate<Container<GcsBucketExtra>, string>(
      undefined,
      async (pageToken) => {
        const params: QueryParams = { project, maxResults: this.#pageSize, pageToken };
        const res = await this.connection.request<GcsListPage<GcsBucketResource>>('/storage/v1/b', { params });
        return { items: (res.object?.items ?? []).map((b) => this.#bucket(b)), next: res.object?.nextPageToken };
      },
      { what: 'Cloud Storage buckets', provider: this.type },
    );
  }

  override async listContainers(_options?: CallOptions): Promise<Container<GcsBucketExtra>[]> {
    return collect(this.iterateContainers());
  }

  /**
   * One bucket (one request).
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async getContainer(name: string, _options?: CallOptions): Promise<Container<GcsBucketExtra>> {
    try {
      const res = await this.connection.request<GcsBucketResource>(`/storage/v1/b/${encodeURIComponent(checkBucketName(name))}`);
      return this.#bucket(res.object);
    } catch (err) {
      throw this.#notFound(err, 'bucket', name);
    }
  }

  /**
   * Creates a bucket in the driver's project.
   *
   * @throws {ContainerAlreadyExistsError} when the name is taken (by you or anyone: names are global).
   * @throws {InvalidArgumentError} before any request, for a name Google refuses.
   */
  override async createContainer(name: string, options: GcsCreateBucketOptions = {}): Promise<Container<GcsBucketExtra>> {
    const body: GcsBucketResource = { name: checkBucketName(name) };
    if (options.location !== undefined) body.location = options.location;
    if (options.storageClass !== undefined) body.storageClass = options.storageClass;
    const project = await this.#requireProject();
    const res = await this.connection.request<GcsBucketResource>('/storage/v1/b', { method: 'POST', params: { project }, data: body });
    return this.#bucket(res.object);
  }

  /**
   * Deletes an empty bucket.
   *
   * @throws {ContainerIsNotEmptyError} when it holds objects (Google refuses).
   * @throws {ContainerDoesNotExistError}
   */
  override async deleteContainer(container: Container<object> | string, _options?: CallOptions): Promise<void> {
    const name = checkBucketName(containerName(container));
    try {
      await this.connection.request(`/storage/v1/b/${encodeURIComponent(name)}`, { method: 'DELETE' });
    } catch (err) {
      throw this.#notFound(err, 'bucket', name);
    }
  }

  // ---------------------------------------------------------------------------
  // Objects

  #object(container: Container<object>, resource: GcsObjectResource): StorageObject<GcsObjectExtra> {
    return new StorageObject<GcsObjectExtra>({ ...objectFields(resource), container }, this);
  }

  /**
   * Objects of a bucket, and with `delimiter` the common prefixes (`kind: 'prefix'`), in
   * name order, page by page.
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async *iterateContainerObjects(
    container: Container<object> | string,
    options: ListObjectsOptions = {},
  ): AsyncGenerator<StorageObject<GcsObjectExtra>, void, undefined> {
    const parent = this.containerOf(container, checkBucketName);
    if (options.delimiter === '') throw new InvalidArgumentError('delimiter must not be empty', { option: 'delimiter' });
    const path = `/storage/v1/b/${encodeURIComponent(parent.name)}/o`;
    yield* paginate<StorageObject<GcsObjectExtra>, string>(
      undefined,
      async (pageToken) => {
        const params: QueryParams = {
          prefix: options.prefix || undefined,
          delimiter: options.delimiter,
          maxResults: this.#pageSize,
          pageToken,
        };
        let res;
        try {
          res = await this.connection.request<GcsListPage<GcsObjectResource>>(path, { params });
        } catch (err) {
          throw this.#notFound(err, 'bucket', parent.name);
        }
        const items: StorageObject<GcsObjectExtra>[] = (res.object?.items ?? []).map((o) => this.#object(parent, o));
        for (const prefix of res.object?.prefixes ?? []) items.push(this.prefixEntry(parent, prefix) as StorageObject<GcsObjectExtra>);
        // JSON keeps items and prefixes apart; the service lists them in one name order.
        items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return { items, next: res.object?.nextPageToken };
      },
      { what: `objects of ${parent.name}`, provider: this.type },
    );
  }

  override async listContainerObjects(container: Container<object> | string, options?: ListObjectsOptions): Promise<StorageObject<GcsObjectExtra>[]> {
    return collect(this.iterateContainerObjects(container, options));
  }

  /**
   * One object's metadata (one request).
   *
   * @throws {ObjectDoesNotExistError}
   * @throws {ContainerDoesNotExistError}
   */
  override async getObject(containerName: string, objectName: string, _options?: CallOptions): Promise<StorageObject<GcsObjectExtra>> {
    const parent = this.containerOf(containerName, checkBucketName);
    try {
      const res = await this.connection.request<GcsObjectResource>(objectPath(parent.name, checkObjectName(objectName)));
      return this.#object(parent, res.object);
    } catch (err) {
      throw this.#notFound(err, 'object', objectName, parent.name);
    }
  }

  /**
   * Uploads an object from any source, in one pass with memory bounded by `chunkSize`:
   * a single request up to the chunk size, else a resumable session that survives 308s
   * with a short `Range`, broken connections and 5xx answers. The MD5 and CRC32C go with
   * the data, so the server refuses a corrupted upload; on failure or abort the session is
   * cancelled and an existing object of that name stays as it was.
   *
   * @throws {ContainerDoesNotExistError}
   * @throws {ObjectHashMismatchError} when the server's digest differs from the bytes sent.
   * @throws {AbortError} when `options.signal` fires.
   * @throws {InvalidArgumentError} before any request, for bad names or options.
   */
  override async uploadObjectViaStream(
    source: UploadSource,
    container: Container<object> | string,
    objectName: string,
    options: GcsUploadOptions = {},
  ): Promise<StorageObject<GcsObjectExtra>> {
    const parent = this.containerOf(container, checkBucketName);
    checkObjectName(objectName);
    const chunkSize = options.partSize === undefined ? this.#chunkSize : checkChunkSize(options.partSize, 'partSize');
    if (options.contentLength !== undefined && (!Number.isInteger(options.contentLength) || options.contentLength < 0)) {
      throw new InvalidArgumentError(`contentLength must be a non-negative integer (got ${String(options.contentLength)})`, { option: 'contentLength' });
    }
    if (options.cacheControl !== undefined && (typeof options.cacheControl !== 'string' || /[\r\n]/.test(options.cacheControl))) {
      throw new InvalidArgumentError('cacheControl must be a single-line string', { option: 'cacheControl' });
    }
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.metaData ?? {})) {
      if (typeof v !== 'string') throw new InvalidArgumentError(`metaData.${k} must be a string`, { option: 'metaData' });
      metadata[k.toLowerCase()] = v;
    }
    if (options.signal?.aborted) {
      throw new AbortError(`${this.name}: upload of ${JSON.stringify(objectName)} aborted before it started`, { provider: this.type });
    }
    try {
      const result = await uploadGcsObject(toReadable(source), {
        connection: this.connection,
        bucket: parent.name,
        name: objectName,
        contentType: options.contentType ?? guessContentType(objectName),
        metadata,
        cacheControl: options.cacheControl,
        chunkSize,
        contentLength: options.contentLength ?? knownLength(source),
        verifyHash: options.verifyHash !== false,
        retries: this.#retries,
        retryDelay: this.#retryDelay,
        signal: options.signal,
        onProgress: options.onProgress,
      });
      return this.#object(parent, result.resource);
    } catch (err) {
      throw this.#notFound(err, 'bucket', parent.name);
    }
  }

  /**
   * The object's bytes (`alt=media`, with a `Range` for a ranged read;
   * https://cloud.google.com/storage/docs/json_api/v1/objects/get). Reports the digests
   * Cloud Storage sends in `x-goog-hash` (base64 MD5 and CRC32C), else the object's own
   * `md5Hash` / `crc32c`: a composite object has only a CRC32C
   * (https://cloud.google.com/storage/docs/composite-objects#metadata), which the base
   * then checks. The base verifies byte count and digests.
   *
   * @throws {ObjectDoesNotExistError}
   */
  protected override async openDownload(object: StorageObject<object>, range: DownloadRange | undefined, options: OpenDownloadOptions): Promise<OpenedDownload> {
    let res;
    try {
      res = await this.connection.request(objectPath(object.container.name, checkObjectName(object.name)), {
        // A range of a parallel download reads the generation the first response described.
        params: options.pin !== undefined ? { alt: 'media', ifGenerationMatch: options.pin } : { alt: 'media' },
        raw: true,
        ...(range !== undefined ? { headers: { range: rangeHeader(range.start, range.end) } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      throw this.#notFound(err, 'object', object.name, object.container.name);
    }
    const h = res.headers;
    const declared = { body: res.body, length: lengthHeader(h['content-length']), contentRange: h['content-range'], status: res.status, version: h['x-goog-generation'] };
    // A gzip object served decompressed (decompressive transcoding,
    // https://cloud.google.com/storage/docs/transcoding) has other bytes, and another size,
    // than the stored digests and size describe: only what the response declares counts.
    if (h['x-goog-stored-content-encoding'] === 'gzip' && h['content-encoding'] !== 'gzip') return { ...declared, composite: true };
    if (range !== undefined) return declared;
    const served = parseGoogHash(h['x-goog-hash']);
    const extra = object.extra as Partial<GcsObjectExtra>;
    const md5 = served.md5 ?? extra.md5Hash;
    const digests: ExpectedDigests = { crc32c: served.crc32c ?? extra.crc32c };
    if (md5 !== undefined) digests.md5 = base64ToHex(md5);
    return { ...declared, digests };
  }

  /**
   * Deletes the object (its live generation).
   *
   * @throws {ObjectDoesNotExistError}
   */
  override async deleteObject(object: StorageObject<object>, _options?: CallOptions): Promise<void> {
    try {
      await this.connection.request(objectPath(object.container.name, checkObjectName(object.name)), { method: 'DELETE' });
    } catch (err) {
      throw this.#notFound(err, 'object', object.name, object.container.name);
    }
  }

  /**
   * A V4 signed URL (`GOOG4-RSA-SHA256`) anyone can use until it expires, signed locally
   * with the service account's private key (`options.signer`); no request is sent.
   *
   * @throws {InvalidArgumentError} without a service-account key (`signer`, or a key file), or for a bad `expiresIn` (1 to 604800) or method.
   * @example
   * ```ts
   * const link = await storage.presignedUrl(object, { expiresIn: 600 });
   * const upload = await storage.presignedUrl({ container: 'inbox', name: 'report.pdf' }, { method: 'PUT' });
   * ```
   */
  async presignedUrl(object: StorageObject<object> | { container: Container<object> | string; name: string }, options: GcsSignedUrlOptions = {}): Promise<string> {
    const signer = this.#signer();
    const bucket = checkBucketName(containerName(object.container));
    return signV4Url(signer, this.connection.baseUrl, bucket, checkObjectName(object.name), options);
  }

  /**
   * Copies an object server side (`rewriteTo`), to another name or bucket, without the
   * bytes passing through this process. Large or cross-location copies take several
   * calls: the driver repeats them with Google's `rewriteToken` until `done`
   * (https://cloud.google.com/storage/docs/json_api/v1/objects/rewrite). Metadata, content
   * type and digests are kept.
   *
   * @throws {ObjectDoesNotExistError} when the source is missing.
   * @throws {ContainerDoesNotExistError} when a bucket is missing.
   * @example
   * ```ts
   * const copy = await storage.exCopyObject(object, 'archive-bucket', 'db/2026-12-06.dump');
   * ```
   */
  async exCopyObject(
    source: StorageObject<object>,
    destContainer: Container<object> | string,
    destName: string,
    options: CallOptions = {},
  ): Promise<StorageObject<GcsObjectExtra>> {
    const parent = this.containerOf(destContainer, checkBucketName);
    const path = `${objectPath(checkBucketName(source.container.name), checkObjectName(source.name))}/rewriteTo/b/${encodeURIComponent(parent.name)}/o/${encodeURIComponent(checkObjectName(destName))}`;
    let token: string | undefined;
    for (let calls = 0; calls < 10_000; calls++) {
      let res;
      try {
        res = await this.connection.request<{ done?: boolean; rewriteToken?: string; resource?: GcsObjectResource }>(path, {
          method: 'POST',
          params: { rewriteToken: token },
          // Repeating a rewrite step with the same token redoes that step only.
          idempotent: true,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (err) {
        throw this.#notFound(err, 'object', source.name, source.container.name);
      }
      if (res.object?.done === true && res.object.resource !== undefined) return this.#object(parent, res.object.resource);
      const next = res.object?.rewriteToken;
      if (typeof next !== 'string' || next === '' || next === token) {
        throw new MalformedResponseError(`Cloud Storage answered a rewrite of ${JSON.stringify(source.name)} without progress (no new rewriteToken)`, {
          provider: this.type,
        });
      }
      token = next;
    }
    throw new MalformedResponseError(`Cloud Storage did not finish rewriting ${JSON.stringify(source.name)} after 10000 calls`, { provider: this.type });
  }

  /** A bare 404 becomes the area error the call is about. */
  #notFound(err: unknown, what: 'bucket' | 'object', name: string, bucket?: string): unknown {
    if (!(err instanceof NotFoundError) || err instanceof ContainerDoesNotExistError || err instanceof ObjectDoesNotExistError) return err;
    const options = { provider: this.type, statusCode: 404, cause: err, ...(err.requestId !== undefined ? { requestId: err.requestId } : {}) };
    return what === 'bucket'
      ? new ContainerDoesNotExistError(`${this.name}: bucket ${JSON.stringify(name)} does not exist`, options)
      : new ObjectDoesNotExistError(`${this.name}: object ${JSON.stringify(name)} does not exist in bucket ${JSON.stringify(bucket)}`, options);
  }
}

function checkChunkSize(value: unknown, option: string): number {
  const n = requireInteger(value, option, CHUNK_QUANTUM, 5 * 1024 * 1024 * 1024);
  if (n % CHUNK_QUANTUM !== 0) {
    throw new InvalidArgumentError(`${option} must be a multiple of 256 KiB (262144 bytes) for Cloud Storage resumable uploads (got ${n})`, { option });
  }
  return n;
}
