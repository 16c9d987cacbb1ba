/**
 * The Azure Blob Storage driver: containers and block blobs over the Blob service REST
 * API, with Shared Key, SAS or Microsoft Entra ID credentials (see {@link AzureBlobConnection}).
 */
import type { CallOptions } from '../../../common/call-options.js';
import { AzureBlobConnection, ENTRA_OPTION_KEYS as ENTRA_SIGN_IN_KEYS, entraCredentialOptions, resolveAzureCredential } from '../../../common/azure/index.js';
import type { ConnectionClass } from '../../../common/base-driver.js';
import {
  AbortError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidArgumentError,
  NubesError,
} from '../../../common/errors/index.js';
import { paginate } from '../../../common/pagination.js';
import { requireInteger } from '../../../common/validate.js';
import type { XmlElement } from '../../../common/xml.js';
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
  type StorageExtraTypes,
  storageMethodsExcept,
} from '../base.js';
import { requiredText } from '../payload.js';
import { reportingSourceFailure } from '../upload-source.js';
import { lengthHeader, type ExpectedDigests, type OpenDownloadOptions, type OpenedDownload } from '../download.js';
import { knownLength, toReadable, type UploadSource } from '../streams.js';
import { checkBlobName, checkContainerName, checkNewContainerName, CRC32_METADATA, metadataHeaders } from './names.js';
import { blobFromHeaders, blobFromXml, containerExtraFromHeaders, containerExtraFromXml, listingPage, md5Hex, nameFromXml, recordedCrc32, type BlobFields } from './mappers.js';
import type { AzureBlobExtra, AzureBlobsDriverOptions, AzureContainerExtra } from './types.js';
import { MAX_BLOCK_SIZE, MAX_BLOCKS, uploadBlockBlob } from './upload.js';

/**
 * 4 MiB, as the official SDK's uploadFile/uploadData: the upload holds
 * blockSize × (concurrency + 1) bytes, and 8 MiB blocks made 40 MiB of that (peak RSS
 * growth 61 MiB over idle for a 256 MiB upload, against the 48 MiB target of issue #19).
 */
const DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
const MiB = 1024 * 1024;

/** The Entra ID options: with no account key or SAS token, any of them signs in with Entra. */
/** Entra sign-in options, plus the tenant (the ARM drivers take it as their first argument). */
const ENTRA_OPTION_KEYS = ['tenantId', ...ENTRA_SIGN_IN_KEYS] as const;
const DEFAULT_CONCURRENCY = 4;
const MAX_PAGE_SIZE = 5000;

/** Options of {@link AzureBlobsStorageDriver.presignedUrl}. */
export interface AzurePresignOptions {
  /** Seconds the URL stays valid (default 3600, at most 7 days as a sensible bound). */
  expiresIn?: number;
  /**
   * What the URL allows (default `'GET'`): `'GET'` reads (`sp=r`), `'PUT'` creates or
   * overwrites (`sp=cw`; the client must send `x-ms-blob-type: BlockBlob`), `'DELETE'` deletes (`sp=d`).
   */
  method?: 'GET' | 'PUT' | 'DELETE';
}

/** Options of downloads as streams; `verifyHash` arrives from `downloadObject`. */
export type AzureDownloadOptions = DownloadStreamOptions;

/**
 * Azure Blob Storage.
 *
 * `key` is the storage account name; `secret` its account key (base64) or a SAS token.
 * `url` (or `host`/`port`/`secure`) points it at Azurite or another Azure cloud.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/storage';
 * const Azure = getDriver(Provider.AZURE_BLOBS);
 * const storage = new Azure('myaccount', process.env.AZURE_STORAGE_KEY);
 * const photos = await storage.createContainer('photos');
 * await storage.uploadObject('./cat.jpg', photos, 'cats/cat.jpg');
 * // Azurite:
 * const dev = new Azure('devstoreaccount1', process.env.AZURITE_ACCOUNT_KEY, { url: 'http://127.0.0.1:10000' });
 * ```
 */
export class AzureBlobsStorageDriver extends StorageDriver<
  AzureBlobConnection,
  AzureBlobsDriverOptions,
  StorageExtraTypes<AzureContainerExtra, AzureBlobExtra>
> {
  static override readonly connectionCls: ConnectionClass = AzureBlobConnection;
  static override readonly driverOptionKeys: readonly string[] = ['blockSize', 'concurrency', 'blockMd5', 'blobMd5', 'listPageSize', ...ENTRA_OPTION_KEYS, 'scope'];
  static override readonly callOptionKeys: Readonly<Record<string, readonly string[]>> = { presignedUrl: ['method', 'expiresIn'] };
  static override readonly capabilities: readonly StorageMethod[] = storageMethodsExcept();

  readonly type = 'azure-blobs';
  readonly name = 'Microsoft Azure (blobs)';
  readonly website = 'https://azure.microsoft.com/products/storage/blobs/';
  readonly #blockSize: number;
  readonly #concurrency: number;
  readonly #blockMd5: boolean;
  readonly #blobMd5: boolean;
  readonly #pageSize: number | undefined;

  /**
   * @param account - the storage account name.
   * @param credential - the account key (base64) or a SAS token; leave it out (or `''`) to sign in with Microsoft Entra ID.
   * @param options - connection options, plus `blockSize`, `concurrency`, `blockMd5`, `blobMd5`, `listPageSize`; and, without
   *   `credential`, the Entra options: `tenantId`, `clientId` with `clientSecret` or `certificatePath`,
   *   or `credentials` (`'managed-identity'`, `'environment'`, `'chain'`, or a TokenCredential), `scope`.
   *   An account key or SAS token, when given, wins.
   * @throws {InvalidArgumentError} for a bad account name, credential or option, before any request.
   */
  constructor(account: string, credential: string, options?: AzureBlobsDriverOptions);
  /** Signed in with Microsoft Entra ID: no account key or SAS, the Entra options instead. */
  constructor(account: string, credential: undefined, options: AzureBlobsDriverOptions);
  constructor(account: string, credential: string | undefined, options: AzureBlobsDriverOptions = {}) {
    super(account, credential, options);
    this.#blockSize = options.blockSize === undefined ? DEFAULT_BLOCK_SIZE : requireInteger(options.blockSize, 'blockSize', 1, MAX_BLOCK_SIZE);
    this.#concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : requireInteger(options.concurrency, 'concurrency', 1, 64);
    if (options.blockMd5 !== undefined && typeof options.blockMd5 !== 'boolean') {
      throw new InvalidArgumentError('blockMd5 must be a boolean', { option: 'blockMd5' });
    }
    this.#blockMd5 = options.blockMd5 ?? false;
    if (options.blobMd5 !== undefined && typeof options.blobMd5 !== 'boolean') {
      throw new InvalidArgumentError('blobMd5 must be a boolean', { option: 'blobMd5' });
    }
    this.#blobMd5 = options.blobMd5 ?? false;
    this.#pageSize = options.listPageSize === undefined ? undefined : requireInteger(options.listPageSize, 'listPageSize', 1, MAX_PAGE_SIZE);
  }

  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): AzureBlobConnection {
    const o = this.options;
    const scope = o.scope === undefined ? {} : { scope: o.scope };
    if (typeof secret === 'string' && secret !== '') return new AzureBlobConnection(key, secret, { ...options, ...scope });
    if (!ENTRA_OPTION_KEYS.some((name) => o[name] !== undefined)) {
      throw new InvalidArgumentError(
        'Azure Blobs needs the account key or a SAS token (second argument), or Entra ID options (clientId with clientSecret or certificatePath, or credentials: managed-identity / environment / chain)',
        { option: 'credential' },
      );
    }
    const credential = resolveAzureCredential(
      entraCredentialOptions(o.tenantId, o),
      options.env ?? process.env,
    );
    const conn = new AzureBlobConnection(key, credential, { ...options, ...scope });
    conn.addSecret(o.clientSecret);
    conn.addSecret(o.certificatePassword);
    return conn;
  }

  // ---------------------------------------------------------------------------
  // Containers

  #container(name: string, extra: AzureContainerExtra): Container<AzureContainerExtra> {
    return new Container<AzureContainerExtra>({ name, extra }, this);
  }

  override async *iterateContainers(_options?: CallOptions): AsyncGenerator<Container<AzureContainerExtra>, void, undefined> {
    yield* paginate<Container<AzureContainerExtra>, string>(undefined, async (marker) => {
      const params: QueryParams = { comp: 'list', include: 'metadata', marker, maxresults: this.#pageSize };
      const res = await this.connection.request<XmlElement>('/', { params });
      const page = listingPage(res.object, 'Containers');
      return {
        items: page.entries.map((el) => this.#container(requiredText(nameFromXml(el), this.type, 'Container.Name', `${this.name} List Containers`), containerExtraFromXml(el))),
        next: page.nextMarker,
      };
    });
  }

  /**
   * One container, from its properties (one HEAD request).
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async getContainer(name: string, _options?: CallOptions): Promise<Container<AzureContainerExtra>> {
    const path = this.connection.resourcePath(checkContainerName(name));
    try {
      const res = await this.connection.request(path, { method: 'HEAD', params: { restype: 'container' } });
      return this.#container(name, containerExtraFromHeaders(res.headers));
    } catch (err) {
      throw this.#missingContainer(err, name);
    }
  }

  /**
   * Creates a private container.
   *
   * @throws {InvalidContainerNameError} before any request, for a name Azure refuses.
   * @throws {ContainerAlreadyExistsError}
   */
  override async createContainer(name: string, _options?: CallOptions): Promise<Container<AzureContainerExtra>> {
    const path = this.connection.resourcePath(checkNewContainerName(name));
    const res = await this.connection.request(path, { method: 'PUT', params: { restype: 'container' } });
    return this.#container(name, containerExtraFromHeaders(res.headers));
  }

  /**
   * Deletes an empty container. Azure itself would delete a container with everything in
   * it: nubes first checks that it holds no blob, as every storage driver behaves alike.
   * Azure removes the container in the background; its name cannot be reused for a
   * while (ContainerBeingDeleted).
   *
   * @throws {ContainerIsNotEmptyError} when it holds blobs (nothing is deleted).
   * @throws {ContainerDoesNotExistError}
   */
  override async deleteContainer(container: Container<object> | string, _options?: CallOptions): Promise<void> {
    const name = checkContainerName(containerName(container));
    const path = this.connection.resourcePath(name);
    const res = await this.connection.request<XmlElement>(path, { params: { restype: 'container', comp: 'list', maxresults: 1 } });
    if (listingPage(res.object, 'Blobs').entries.length > 0) {
      throw new ContainerIsNotEmptyError(`${this.name}: container ${JSON.stringify(name)} is not empty; delete its objects first`, {
        provider: this.type,
      });
    }
    await this.connection.request(path, { method: 'DELETE', params: { restype: 'container' } });
  }

  /** A 404 on a container's HEAD has no body; the code header may be missing behind proxies. */
  #missingContainer(err: unknown, name: string): unknown {
    if (err instanceof NubesError && err.statusCode === 404 && !(err instanceof ContainerDoesNotExistError)) {
      return new ContainerDoesNotExistError(`${this.name}: container ${JSON.stringify(name)} does not exist`, {
        provider: this.type,
        statusCode: 404,
        ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
      });
    }
    return err;
  }

  // ---------------------------------------------------------------------------
  // Objects

  #object(container: Container<object>, name: string, fields: BlobFields): StorageObject<AzureBlobExtra> {
    return new StorageObject<AzureBlobExtra>({ ...fields, name, container }, this);
  }

  /**
   * Blobs of a container, and with `delimiter` the common prefixes (`kind: 'prefix'`),
   * in name order, page by page (marker pagination).
   *
   * @throws {ContainerDoesNotExistError}
   */
  override async *iterateContainerObjects(
    container: Container<object> | string,
    options: ListObjectsOptions = {},
  ): AsyncGenerator<StorageObject<AzureBlobExtra>, void, undefined> {
    const parent = this.containerOf(container, checkContainerName);
    const path = this.connection.resourcePath(parent.name);
    if (options.delimiter === '') throw new InvalidArgumentError('delimiter must not be empty', { option: 'delimiter' });
    yield* paginate<StorageObject<AzureBlobExtra>, string>(undefined, async (marker) => {
      const params: QueryParams = {
        restype: 'container',
        comp: 'list',
        include: 'metadata',
        prefix: options.prefix || undefined,
        delimiter: options.delimiter,
        marker,
        maxresults: this.#pageSize,
      };
      const res = await this.connection.request<XmlElement>(path, { params });
      const page = listingPage(res.object, 'Blobs');
      const items = page.entries.map((el) => this.#object(parent, requiredText(nameFromXml(el), this.type, 'Blob.Name', `${this.name} List Blobs of ${JSON.stringify(parent.name)}`), blobFromXml(el)));
      for (const prefix of page.prefixes) items.push(this.prefixEntry(parent, prefix));
      // XML keeps <Blob> and <BlobPrefix> apart; the service lists them in one name order.
      items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { items, next: page.nextMarker };
    });
  }

  /**
   * One blob, from its properties (one HEAD request).
   *
   * @throws {ObjectDoesNotExistError}
   * @throws {ContainerDoesNotExistError}
   */
  override async getObject(containerName: string, objectName: string, _options?: CallOptions): Promise<StorageObject<AzureBlobExtra>> {
    const parent = this.containerOf(containerName, checkContainerName);
    const res = await this.connection.request(this.connection.resourcePath(parent.name, checkBlobName(objectName)), { method: 'HEAD' });
    return this.#object(parent, objectName, blobFromHeaders(res.headers));
  }

  /**
   * Uploads a block blob from any source, in one pass: a single Put Blob up to the block
   * size (with Content-MD5, which the service verifies), else blocks in parallel committed
   * by one Put Block List. The CRC-32 and size of the bytes sent are recorded in the
   * reserved metadata entry `nubes_crc32` (shown as `extra.crc32`), which downloads check;
   * the whole object's MD5 is stored as Content-MD5 for single Put Blobs, and for block
   * uploads only with the driver option `blobMd5`.
   * On failure or abort nothing is committed and an existing blob stays as it was.
   *
   * @throws {ContainerDoesNotExistError}
   * @throws {ObjectHashMismatchError} when the service's digest differs from the bytes sent.
   * @throws {AbortError} when `options.signal` fires.
   * @throws {InvalidArgumentError} before any request, for bad names, metadata (the name
   *   `nubes_crc32` is reserved) or options.
   */
  override async uploadObjectViaStream(
    source: UploadSource,
    container: Container<object> | string,
    objectName: string,
    options: UploadOptions = {},
  ): Promise<StorageObject<AzureBlobExtra>> {
    const parent = this.containerOf(container, checkContainerName);
    checkBlobName(objectName);
    const headers = metadataHeaders(options.metaData);
    if (options.contentLength !== undefined && (!Number.isInteger(options.contentLength) || options.contentLength < 0)) {
      throw new InvalidArgumentError(`contentLength must be a non-negative integer (got ${String(options.contentLength)})`, { option: 'contentLength' });
    }
    const contentLength = options.contentLength ?? knownLength(source);
    let blockSize = options.partSize === undefined ? this.#blockSize : requireInteger(options.partSize, 'partSize', 1, MAX_BLOCK_SIZE);
    // A blob has at most 50,000 blocks: when the length is known, larger blocks (whole MiB)
    // instead of a failure after 50,000 of them (4 MiB blocks reach 195 GiB).
    if (options.partSize === undefined && contentLength !== undefined && contentLength > blockSize * MAX_BLOCKS) {
      blockSize = Math.min(MAX_BLOCK_SIZE, Math.ceil(contentLength / MAX_BLOCKS / MiB) * MiB);
    }
    const concurrency = options.concurrency === undefined ? this.#concurrency : requireInteger(options.concurrency, 'concurrency', 1, 64);
    if (options.signal?.aborted) {
      throw new AbortError(`${this.name}: upload of ${JSON.stringify(objectName)} aborted before it started`, { provider: this.type });
    }
    const contentType = options.contentType ?? guessContentType(objectName);
    const readable = toReadable(source);
    const result = await reportingSourceFailure(readable, objectName, this.type, options.signal, () => uploadBlockBlob(readable, {
      connection: this.connection,
      container: parent.name,
      blob: objectName,
      contentType,
      metadataHeaders: headers,
      blockSize,
      concurrency,
      blockMd5: this.#blockMd5,
      blobMd5: this.#blobMd5,
      contentLength,
      verifyHash: options.verifyHash !== false,
      signal: options.signal,
      onProgress: options.onProgress,
    }));
    const fields = blobFromHeaders(result.headers);
    const metaData = Object.fromEntries(Object.entries(options.metaData ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    // Put Block List answers with the Content-MD5 of the block list, not of the blob.
    const { contentMd5: _answered, ...extra } = fields.extra;
    const md5 = result.md5 === undefined ? undefined : Buffer.from(result.md5, 'hex').toString('base64');
    return this.#object(parent, objectName, {
      ...fields,
      size: result.size,
      hash: result.md5 ?? (fields.extra.etag ?? '').replace(/^(W\/)?"(.*)"$/, '$2'),
      contentType,
      metaData,
      extra: { ...extra, ...(md5 !== undefined ? { contentMd5: md5 } : {}), crc32: result.crc32, blobType: 'BlockBlob' },
    });
  }

  /**
   * Get Blob (whole, or one `x-ms-range`). A whole read is checked against the CRC-32
   * nubes recorded at upload (metadata `nubes_crc32`, when it was recorded for the size
   * the response declares), and against the blob's Content-MD5 when Azure sends it: the
   * storage base computes the cheaper of the two (the CRC-32) and compares the MD5 with
   * the object's own `hash`. A ranged read's Content-MD5 would be of the range only when
   * asked for, so none is used.
   *
   * @throws {ObjectDoesNotExistError}
   */
  protected override async openDownload(object: StorageObject<object>, range: DownloadRange | undefined, options: OpenDownloadOptions): Promise<OpenedDownload> {
    const res = await this.connection.request(this.connection.resourcePath(object.container.name, checkBlobName(object.name)), {
      raw: true,
      ...(range ? { headers: { 'x-ms-range': rangeHeader(range.start, range.end), ...(options.pin !== undefined ? { 'if-match': options.pin } : {}) } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const h = res.headers;
    const contentMd5 = h['content-md5'];
    const length = lengthHeader(h['content-length']);
    const digests: ExpectedDigests = {};
    if (range === undefined) {
      // A Content-MD5 that is not 16 bytes of base64 cannot be checked: refuse to trust it silently.
      if (contentMd5 !== undefined) digests.md5 = md5Hex(contentMd5) ?? contentMd5;
      // Recorded by nubes for this many bytes; for another size it is ignored (see recordedCrc32).
      const crc = recordedCrc32(h[`x-ms-meta-${CRC32_METADATA}`], length);
      if (crc !== undefined) digests.crc32 = crc;
    }
    return { body: res.body, length, contentRange: h['content-range'], status: res.status, digests, version: h.etag };
  }

  /**
   * Deletes a blob and its snapshots.
   *
   * @throws {ObjectDoesNotExistError}
   */
  override async deleteObject(object: StorageObject<object>, _options?: CallOptions): Promise<void> {
    await this.connection.request(this.connection.resourcePath(object.container.name, checkBlobName(object.name)), {
      method: 'DELETE',
      headers: { 'x-ms-delete-snapshots': 'include' },
    });
  }

  /**
   * A URL anyone can use, until it expires, to read (or write, or delete) one blob: a
   * service SAS signed with the account key. No request is sent.
   *
   * @throws {NotSupportedError} when the driver holds a SAS token instead of the account key.
   * @example
   * ```ts
   * const link = await storage.presignedUrl(object, { expiresIn: 600 });
   * ```
   */
  async presignedUrl(object: StorageObject<object> | { container: string; name: string }, options: AzurePresignOptions = {}): Promise<string> {
    const container = typeof object.container === 'string' ? object.container : object.container.name;
    const expiresIn = options.expiresIn ?? 3600;
    requireInteger(expiresIn, 'expiresIn', 1, 7 * 24 * 3600);
    const method = options.method ?? 'GET';
    const permissions = { GET: 'r', PUT: 'cw', DELETE: 'd' }[method];
    if (permissions === undefined) {
      throw new InvalidArgumentError(`method must be GET, PUT or DELETE (got ${JSON.stringify(method)})`, { option: 'method' });
    }
    return this.connection.blobSasUrl(checkContainerName(container), checkBlobName(object.name), {
      permissions,
      expiresOn: new Date(Date.now() + expiresIn * 1000),
    });
  }
}
