/**
 * The object storage API: Container, StorageObject and the StorageDriver base every
 * storage driver extends.
 *
 * Conventions:
 * - Ranges: `start` is inclusive, `end` is exclusive (`downloadObjectRange(obj, p, 0, 100)`
 *   reads bytes 0..99); omit `end` to read to the end of the object.
 * - Downloads to a file go to a temporary file in the same directory and are renamed
 *   into place only after the whole body arrived and its digest matched: a failed
 *   download never leaves a partial file at the destination.
 */
import type { CallOptions } from '../../common/call-options.js';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from '../../common/builtins.js';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { bindDriver, notSupported, supports } from '../../common/capabilities.js';
import {
  AbortError,
  ContainerDoesNotExistError,
  FileExistsError,
  InvalidArgumentError,
  MalformedResponseError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  ObjectSizeMismatchError,
} from '../../common/errors/index.js';
import type { ExtraOf } from '../../common/extra-of.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';
import { installArgumentChecks } from './arguments.js';
import { FileSource } from './file-source.js';
import { downloadRangesToFile, OrderedRanges } from './ranged.js';
import { requireInteger } from '../../common/validate.js';
import { BodyCheck, cheapestDigest, parseContentRange, pipeBody, VerifiedBody, type ExpectedDigests, type OpenDownloadOptions, type OpenedDownload, type VerifyPlan } from './download.js';
import type { ProgressCallback, UploadSource } from './streams.js';

/** Provider-specific extra fields. */
export type Extra = Record<string, unknown>;

export type { ExtraOf } from '../../common/extra-of.js';

/**
 * The `extra` types of a storage driver's values: `{ container: AcmeContainerExtra; object: AcmeObjectExtra }`.
 * The base's `listContainers`, `iterateContainers`, `getContainer`, `listContainerObjects`,
 * `iterateContainerObjects` and `getObject` return them; a kind left out is {@link Extra}.
 */
export interface StorageExtras {
  /** `extra` of {@link Container}. */
  container?: object;
  /** `extra` of {@link StorageObject}. */
  object?: object;
}

/** {@link StorageExtras} for a driver that types both kinds: `StorageDriver<C, O, StorageExtraTypes<AcmeContainerExtra, AcmeObjectExtra>>`. */
export interface StorageExtraTypes<C extends object, O extends object> extends StorageExtras {
  /** `extra` of {@link Container}. */
  container: C;
  /** `extra` of {@link StorageObject}. */
  object: O;
}

/** Every method a storage driver may implement. */
export type StorageMethod =
  | 'listContainers'
  | 'getContainer'
  | 'createContainer'
  | 'deleteContainer'
  | 'listContainerObjects'
  | 'getObject'
  | 'uploadObject'
  | 'uploadObjectViaStream'
  | 'multipartUpload'
  | 'downloadObject'
  | 'downloadObjectAsStream'
  | 'downloadObjectRange'
  | 'deleteObject'
  | 'presignedUrl';

/** All storage methods, in documentation order. */
export const STORAGE_METHODS: readonly StorageMethod[] = [
  'listContainers',
  'getContainer',
  'createContainer',
  'deleteContainer',
  'listContainerObjects',
  'getObject',
  'uploadObject',
  'uploadObjectViaStream',
  'multipartUpload',
  'downloadObject',
  'downloadObjectAsStream',
  'downloadObjectRange',
  'deleteObject',
  'presignedUrl',
];

/**
 * Every storage method but `missing`: how a driver declares its capabilities, so what
 * it lacks is named in one place.
 *
 * @example
 * ```ts
 * static override readonly capabilities = storageMethodsExcept('multipartUpload', 'presignedUrl');
 * ```
 */
export function storageMethodsExcept(...missing: readonly StorageMethod[]): readonly StorageMethod[] {
  return STORAGE_METHODS.filter((m) => !missing.includes(m));
}

/** Fields of a {@link Container}. */
export interface ContainerInit<E extends object = Extra> {
  /** The container (bucket) name. */
  name: string;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/**
 * A container (bucket). Shortcut methods call the driver.
 *
 * @example
 * ```ts
 * import type { StorageDriver } from 'nubes/storage';
 *
 * async function backUp(storage: StorageDriver): Promise<void> {
 *   const backups = await storage.getContainer('backups');
 *   await backups.uploadObject('./db.dump', 'db/latest.dump');
 *   for await (const object of backups.iterateObjects({ prefix: 'db/' })) console.log(object.name, object.size);
 * }
 * ```
 */
export class Container<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: StorageDriver;
  /** The container (bucket) name. */
  readonly name: string;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: ContainerInit<E>, driver: StorageDriver) {
    this.name = init.name;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Objects in this container. */
  listObjects(options?: ListObjectsOptions): Promise<StorageObject[]> {
    return this.driver.listContainerObjects(this, options);
  }

  /** Objects in this container, page by page. */
  iterateObjects(options?: ListObjectsOptions): AsyncGenerator<StorageObject, void, undefined> {
    return this.driver.iterateContainerObjects(this, options);
  }

  /** One object. */
  getObject(name: string, options?: CallOptions): Promise<StorageObject> {
    return this.driver.getObject(this.name, name, options);
  }

  /** Uploads a file into this container. */
  uploadObject(filePath: string, name: string, options?: UploadOptions): Promise<StorageObject> {
    return this.driver.uploadObject(filePath, this, name, options);
  }

  /** Uploads a stream into this container. */
  uploadObjectViaStream(source: UploadSource, name: string, options?: UploadOptions): Promise<StorageObject> {
    return this.driver.uploadObjectViaStream(source, this, name, options);
  }

  /** Deletes this (empty) container. */
  delete(options?: CallOptions): Promise<void> {
    return this.driver.deleteContainer(this, options);
  }
}

/** Fields of a {@link StorageObject}. */
export interface StorageObjectInit<E extends object = Extra> {
  /** Full object name (key), `/` included. */
  name: string;
  /** Bytes. */
  size: number;
  /** The provider's digest or ETag, unquoted (MD5 hex for simple uploads on most providers). */
  hash: string;
  /** MIME type, when known. */
  contentType?: string | undefined;
  /** User metadata, keys lowercase. */
  metaData: Record<string, string>;
  /** Last change, when the provider says. */
  lastModified?: Date | undefined;
  /** `'prefix'` for a common prefix returned by a delimiter listing (size 0, no hash). */
  kind?: 'object' | 'prefix';
  /** The container it is in. */
  container: Container<object>;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/**
 * An object (blob). Shortcut methods call the driver.
 *
 * @example
 * ```ts
 * import type { StorageDriver } from 'nubes/storage';
 *
 * async function restore(storage: StorageDriver): Promise<void> {
 *   const object = await storage.getObject('backups', 'db/latest.dump');
 *   await object.download('./restore.dump', { overwriteExisting: true });
 * }
 * ```
 */
export class StorageObject<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: StorageDriver;
  /** Full object name (key), `/` included; for a prefix entry, the prefix with its delimiter. */
  readonly name: string;
  /** Bytes (0 for a prefix entry). */
  readonly size: number;
  /** The provider's digest or ETag, unquoted (MD5 hex for simple uploads on most providers). */
  readonly hash: string;
  /** MIME type, when known. */
  readonly contentType: string | undefined;
  /** User metadata, keys lowercase. */
  readonly metaData: Record<string, string>;
  /** Last change, when the provider says. */
  readonly lastModified: Date | undefined;
  /** `'object'`, or `'prefix'` for a common prefix of a delimiter listing. */
  readonly kind: 'object' | 'prefix';
  /** The container it is in. */
  readonly container: Container;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: StorageObjectInit<E>, driver: StorageDriver) {
    this.name = init.name;
    this.size = init.size;
    this.hash = init.hash;
    this.contentType = init.contentType;
    this.metaData = init.metaData;
    this.lastModified = init.lastModified;
    this.kind = init.kind ?? 'object';
    this.container = init.container as Container;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Downloads this object to a file. */
  download(destPath: string, options?: DownloadOptions): Promise<void> {
    return this.driver.downloadObject(this, destPath, options);
  }

  /** This object's body as a stream. */
  asStream(options?: DownloadStreamOptions): Promise<Readable> {
    return this.driver.downloadObjectAsStream(this, options);
  }

  /** Deletes this object. */
  delete(options?: CallOptions): Promise<void> {
    return this.driver.deleteObject(this, options);
  }
}

/** Options of listings, with the per-call `signal` and `timeout`. */
export interface ListObjectsOptions extends CallOptions {
  /** Only names starting with this. */
  prefix?: string;
  /** Group names by this separator: names past it come back once as a `kind: 'prefix'` entry. */
  delimiter?: string;
}

/** Options every transfer accepts. */
export interface TransferOptions {
  /** Cancels the transfer (rejects with AbortError; a partial download file is removed). */
  signal?: AbortSignal;
  /** Called as bytes move, with `{ loaded, total }`. */
  onProgress?: ProgressCallback;
}

/** Options of uploads. */
export interface UploadOptions extends TransferOptions {
  /** Default: guessed from the object name's extension, else `application/octet-stream`. */
  contentType?: string;
  /** User metadata (keys are lowercased). */
  metaData?: Record<string, string>;
  /** Length of a stream source, when known (lets drivers send Content-Length). */
  contentLength?: number;
  /** Verify the provider's digest against the bytes sent (default true). */
  verifyHash?: boolean;
  /** Part size for multipart uploads in bytes (driver default, typically 8 MiB). */
  partSize?: number;
  /** Parts uploaded at once (default 4). */
  concurrency?: number;
}

/** Bytes `[start, end)` of a ranged download (`end` exclusive; undefined = to the end). */
export interface DownloadRange {
  /** First byte. */
  start: number;
  /** One past the last byte; undefined reads to the end. */
  end: number | undefined;
}

/**
 * How a whole download of a large object is split into parallel ranged GETs (see
 * docs/storage.md, "Parallel ranged downloads"). An object larger than `partSize` whose
 * provider pins ranges to a version (S3, Swift, Azure: If-Match on the ETag; Cloud
 * Storage: the generation) is read as `concurrency` ranges at once and verified as one
 * whole: byte count and the provider's whole-object digest, as for one GET. Downloads to a
 * file do it by default (each range is written at its offset: no memory cost); streams
 * only when asked, since their ranges must wait in memory for the earlier ones.
 *
 * @example
 * ```ts
 * import type { StorageObject } from 'nubes/storage';
 *
 * async function fetchBig(object: StorageObject): Promise<void> {
 *   await object.download('./big.iso', { concurrency: 8, partSize: 16 * 1024 * 1024 });
 *   await object.download('./one-get.iso', { concurrency: 1 }); // one GET, no ranges
 *   const stream = await object.asStream({ concurrency: 4 }); // up to 4 × 8 MiB held
 *   stream.resume();
 * }
 * ```
 */
export interface ParallelDownloadOptions {
  /**
   * Ranged GETs in flight at once for an object larger than `partSize`; 1 = one GET for the
   * whole object. Default: 4 for `downloadObject` (a file), 1 for `downloadObjectAsStream`,
   * whose parallel ranges hold up to `concurrency` × `partSize` bytes in memory.
   */
  concurrency?: number;
  /** Bytes per ranged GET (default 8 MiB, at least 64 KiB). */
  partSize?: number;
}

/** Options of downloads as streams. */
export interface DownloadStreamOptions extends TransferOptions, ParallelDownloadOptions {
  /** Verify the digest of the bytes received (default true; the byte count is always checked). */
  verifyHash?: boolean;
}

/** Options of downloads to a file. */
export interface DownloadOptions extends TransferOptions, ParallelDownloadOptions {
  /** Replace an existing file (default false: FileExistsError). */
  overwriteExisting?: boolean;
  /** Remove the temporary partial file on failure (default true). */
  deleteOnFailure?: boolean;
  /** Verify the digest of the bytes received (default true). */
  verifyHash?: boolean;
}

/** Default {@link ParallelDownloadOptions.partSize}: 8 MiB, the part size of nubes' multipart uploads. */
export const DOWNLOAD_PART_SIZE = 8 * 1024 * 1024;
/** Default {@link ParallelDownloadOptions.concurrency} of downloads to a file (streams: 1). */
export const DOWNLOAD_CONCURRENCY = 4;
/** A range whose body fails with a network error is asked again for its missing bytes this many times. */
const RANGE_RETRIES = 2;

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.wasm': 'application/wasm',
};

/** The content type for an object name, from its extension. */
export function guessContentType(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** The `Range` header value for `[start, end)`; validates the bounds. */
export function rangeHeader(start: number, end?: number): string {
  if (!Number.isInteger(start) || start < 0) {
    throw new InvalidArgumentError(`range start must be a non-negative integer (got ${String(start)})`, { option: 'start' });
  }
  if (end !== undefined && (!Number.isInteger(end) || end <= start)) {
    throw new InvalidArgumentError(`range end must be an integer greater than start (got ${String(end)}); end is exclusive`, {
      option: 'end',
    });
  }
  return end === undefined ? `bytes=${start}-` : `bytes=${start}-${end - 1}`;
}

/** The name of a container or the name itself. */
export function containerName(container: Container<object> | string): string {
  return typeof container === 'string' ? container : container.name;
}

/**
 * The base of every storage driver. Drivers declare `static capabilities` and
 * override what they support; the rest throws NotSupportedError.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/storage';
 * const Local = getDriver(Provider.LOCAL);
 * const storage = new Local('/var/data');
 * const container = await storage.createContainer('backups');
 * await storage.uploadObject('./db.dump', container, 'db/2026-11-21.dump', { onProgress: console.log });
 * ```
 */
export abstract class StorageDriver<
  C extends Connection = Connection,
  O extends DriverOptions = DriverOptions,
  X extends StorageExtras = StorageExtras,
> extends BaseDriver<C, O> {
  /** The storage methods this driver implements. */
  static readonly capabilities: readonly StorageMethod[] = [];

  /**
   * Per-call option keys a driver accepts beyond the base's, per method (Swift's
   * `leaveSegments`, the `presignedUrl` options): every other key is refused.
   */
  static readonly callOptionKeys: Readonly<Record<string, readonly string[]>> = {};

  /**
   * Every public storage method the driver supports checks its arguments before the
   * driver's code runs (see docs/storage.md, "Arguments"): a wrong type or an unknown
   * option key is an InvalidArgumentError naming it.
   */
  constructor(key: string, secret?: string, options: O = {} as O) {
    super(key, secret, options);
    const keys = (this.constructor as typeof StorageDriver).callOptionKeys;
    installArgumentChecks(
      this,
      (method) => this.supports(method as StorageMethod),
      (method) => keys[method] ?? [],
    );
  }

  /** True when this driver implements `method`. */
  supports(method: StorageMethod): boolean {
    return supports(this, method);
  }

  /** Throws NotSupportedError for `method`. */
  protected notSupported(method: StorageMethod | string): never {
    return notSupported(this, method);
  }

  /**
   * The container a call names: the Container itself, or one built from a name that
   * `checkName` accepted (with empty `extra`: nothing was asked of the provider).
   */
  protected containerOf(container: Container<object> | string, checkName: (name: string) => string): Container<object> {
    return typeof container === 'string' ? new Container({ name: checkName(container), extra: {} }, this) : container;
  }

  /** The `kind: 'prefix'` entry of a delimiter listing for a common prefix: size 0, no hash, no metadata. */
  protected prefixEntry(container: Container<object>, name: string): StorageObject<Record<never, never>> {
    return new StorageObject({ name, size: 0, hash: '', metaData: {}, kind: 'prefix', container, extra: {} }, this);
  }

  /** All containers. */
  async listContainers(_options?: CallOptions): Promise<Container<ExtraOf<X, 'container'>>[]> {
    if (this.iterateContainers === StorageDriver.prototype.iterateContainers) this.notSupported('listContainers');
    return collect(this.iterateContainers());
  }

  /** All containers, page by page. */
  async *iterateContainers(_options?: CallOptions): AsyncGenerator<Container<ExtraOf<X, 'container'>>, void, undefined> {
    if (this.listContainers === StorageDriver.prototype.listContainers) this.notSupported('listContainers');
    yield* await this.listContainers();
  }

  /**
   * One container.
   *
   * @throws {ContainerDoesNotExistError}
   */
  async getContainer(name: string, _options?: CallOptions): Promise<Container<ExtraOf<X, 'container'>>> {
    for await (const c of this.iterateContainers()) if (c.name === name) return c;
    throw new ContainerDoesNotExistError(`${this.name}: container ${JSON.stringify(name)} does not exist`, { provider: this.type });
  }

  /** Creates a container. */
  async createContainer(_name: string, _options?: CallOptions): Promise<Container> {
    return this.notSupported('createContainer');
  }

  /** Deletes an empty container. */
  async deleteContainer(_container: Container<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('deleteContainer');
  }

  /** Objects of a container (and common prefixes, with a delimiter). */
  async listContainerObjects(container: Container<object> | string, options?: ListObjectsOptions): Promise<StorageObject<ExtraOf<X, 'object'>>[]> {
    return collect(this.iterateContainerObjects(container, options));
  }

  /** Objects of a container, page by page. */
  // eslint-disable-next-line require-yield -- the base only refuses
  async *iterateContainerObjects(
    _container: Container<object> | string,
    _options?: ListObjectsOptions,
  ): AsyncGenerator<StorageObject<ExtraOf<X, 'object'>>, void, undefined> {
    this.notSupported('listContainerObjects');
  }

  /**
   * One object's metadata.
   *
   * @throws {ObjectDoesNotExistError}
   */
  async getObject(containerName: string, objectName: string, _options?: CallOptions): Promise<StorageObject<ExtraOf<X, 'object'>>> {
    for await (const o of this.iterateContainerObjects(containerName, { prefix: objectName })) {
      if (o.name === objectName && o.kind === 'object') return o;
    }
    throw new ObjectDoesNotExistError(`${this.name}: object ${JSON.stringify(objectName)} does not exist in ${JSON.stringify(containerName)}`, {
      provider: this.type,
    });
  }

  /** Uploads a file. The content type defaults to a guess from the object name. */
  async uploadObject(filePath: string, container: Container<object> | string, objectName: string, options: UploadOptions = {}): Promise<StorageObject> {
    let size: number;
    try {
      const info = await stat(filePath);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (err) {
      throw new InvalidArgumentError(`Cannot upload ${JSON.stringify(filePath)}: ${(err as Error).message}`, { option: 'filePath', cause: err });
    }
    // Read with positional reads; a multipart upload reads it straight into its part buffers.
    return this.uploadObjectViaStream(new FileSource(filePath, size), container, objectName, {
      ...options,
      contentLength: size,
      contentType: options.contentType ?? guessContentType(objectName),
    });
  }

  /**
   * Uploads from a Node Readable, web ReadableStream, AsyncIterable, Buffer or string.
   *
   * Each chunk of the source is a hash update and a socket write, so larger chunks cost
   * less: for a file, prefer {@link StorageDriver.uploadObject}, or read it in 1 MiB
   * chunks (`createReadStream(path, { highWaterMark: 1024 * 1024 })`) rather than the
   * default 64 KiB (docs/storage.md, "Uploading").
   */
  async uploadObjectViaStream(_source: UploadSource, _container: Container<object> | string, _objectName: string, _options?: UploadOptions): Promise<StorageObject> {
    return this.notSupported('uploadObjectViaStream');
  }

  /**
   * Sends a driver's download request: the whole object (`range` undefined) or bytes
   * `[range.start, range.end)`. Drivers implement this and report what the response
   * declares (length, Content-Range, digests); the base verifies the body against it
   * (see {@link StorageDriver.downloadObjectAsStream}). Progress is counted by the base.
   */
  protected async openDownload(_object: StorageObject<object>, range: DownloadRange | undefined, _options: OpenDownloadOptions): Promise<OpenedDownload> {
    return this.notSupported(range === undefined ? 'downloadObjectAsStream' : 'downloadObjectRange');
  }

  /**
   * The object's body as a stream, verified on its way: the byte count is checked against
   * what is known (Content-Length, the object's size) and the digests against what the
   * provider offers (see docs/storage.md, "What is verified"). A short, long or altered
   * body fails the stream with ObjectSizeMismatchError or ObjectHashMismatchError before
   * its `end` event: never consume a stream's data as good before it ended cleanly.
   *
   * @throws {ObjectDoesNotExistError}
   * @throws {ObjectSizeMismatchError} when the response declares another size than the object's.
   * @throws {ObjectHashMismatchError} when the response's digest contradicts the object's hash.
   */
  async downloadObjectAsStream(object: StorageObject<object>, options: DownloadStreamOptions = {}): Promise<Readable> {
    return this.#verified(object, undefined, options);
  }

  /**
   * Bytes `[start, end)` of the object as a stream (`end` exclusive; omitted = to the
   * end), verified like {@link StorageDriver.downloadObjectAsStream} for its byte count
   * and first byte (providers hash whole objects only: no digest check).
   */
  async downloadObjectRangeAsStream(object: StorageObject<object>, start: number, end?: number, options: TransferOptions = {}): Promise<Readable> {
    rangeHeader(start, end);
    return this.#verified(object, { start, end }, options);
  }

  /**
   * The MD5 (hex) the downloaded bytes must have, when the provider's hash is one.
   * The default trusts a 32-hex-digit `hash`; drivers override for multipart ETags.
   */
  protected expectedMd5(object: StorageObject<object>): string | undefined {
    return /^[0-9a-f]{32}$/i.test(object.hash) ? object.hash.toLowerCase() : undefined;
  }

  /**
   * Downloads an object to a file, atomically: a temp file in the same directory,
   * renamed into place after the whole body arrived and was verified.
   *
   * @throws {FileExistsError} when the file exists and `overwriteExisting` is not set (before any request).
   * @throws {ObjectHashMismatchError} when the digest differs (nothing is left at `destPath`).
   * @throws {ObjectSizeMismatchError} when the byte count differs (nothing is left at `destPath`).
   */
  async downloadObject(object: StorageObject<object>, destPath: string, options: DownloadOptions = {}): Promise<void> {
    return this.#downloadTo(destPath, options, object, () => this.#open(object, undefined, options, 'file'));
  }

  /** Downloads bytes `[start, end)` to a file (byte count checked; no digest: providers hash whole objects). */
  async downloadObjectRange(object: StorageObject<object>, destPath: string, start: number, end?: number, options: DownloadOptions = {}): Promise<void> {
    rangeHeader(start, end);
    return this.#downloadTo(destPath, options, object, () => this.#verified(object, { start, end }, options));
  }

  /**
   * Opens the driver's download and wraps its body in the checks the base guarantees. A
   * whole download of an object larger than `partSize`, whose response names its version,
   * continues as parallel ranges pinned to that version (see {@link ParallelDownloadOptions}).
   */
  async #verified(object: StorageObject<object>, range: DownloadRange | undefined, options: DownloadStreamOptions): Promise<Readable> {
    return (await this.#open(object, range, options, 'stream')) as Readable;
  }

  /**
   * {@link StorageDriver.#verified}, or for a file (`to: 'file'`) possibly a writer: a large
   * object is then written as parallel ranges at their offsets (see {@link downloadRangesToFile}).
   */
  async #open(
    object: StorageObject<object>,
    range: DownloadRange | undefined,
    options: DownloadStreamOptions,
    to: 'stream' | 'file',
  ): Promise<Readable | ((temp: string) => Promise<void>)> {
    const { onProgress, verifyHash: _verify, concurrency: c, partSize: p, ...rest } = options;
    // Streams read one GET unless asked: parallel ranges of a stream wait in memory for the
    // earlier ones (up to concurrency × partSize), and on the loopback servers of the bench
    // they were slower than one GET (docs/storage.md, "Parallel ranged downloads").
    const concurrency = c === undefined ? (to === 'file' ? DOWNLOAD_CONCURRENCY : 1) : requireInteger(c, 'concurrency', 1, 64);
    const partSize = p === undefined ? DOWNLOAD_PART_SIZE : requireInteger(p, 'partSize', 64 * 1024, 5 * 1024 * 1024 * 1024);
    const opened = await this.openDownload(object, range, rest);
    let plan: VerifyPlan;
    try {
      plan = this.#plan(object, range, opened, options.verifyHash !== false, onProgress);
    } catch (err) {
      opened.body.destroy();
      throw err;
    }
    const { length } = plan;
    const version = opened.version;
    if (range === undefined && concurrency > 1 && version !== undefined && opened.composite !== true && opened.status === 200 && length !== undefined && length > partSize) {
      const ranges = {
        first: opened.body,
        size: length,
        partSize,
        concurrency,
        retries: RANGE_RETRIES,
        openRange: (start: number, end: number) => this.#pinnedRange(object, start, end, version, rest),
      };
      if (to === 'file') {
        return async (temp: string): Promise<void> => {
          const file = await open(temp, 'wx+');
          try {
            await downloadRangesToFile({ ...ranges, file, check: new BodyCheck(plan) });
          } finally {
            await file.close();
          }
        };
      }
      return pipeBody(new OrderedRanges(ranges), new VerifiedBody(plan));
    }
    return pipeBody(opened.body, new VerifiedBody(plan));
  }

  /**
   * Bytes `[start, end)` of the version `version` of the object, their count and position
   * checked. An object replaced since (the provider refuses the pinned request with 412, or
   * answers with another version) is an ObjectHashMismatchError: its bytes would not be
   * the object's.
   */
  async #pinnedRange(object: StorageObject<object>, start: number, end: number, version: string, options: TransferOptions): Promise<Readable> {
    const changed = (now: string | undefined, cause?: unknown): ObjectHashMismatchError =>
      new ObjectHashMismatchError(
        `${this.name}: ${JSON.stringify(object.name)} changed during the download (version ${version}${now !== undefined ? ` became ${now}` : ' is gone'}); nothing is kept`,
        { provider: this.type, ...(cause !== undefined ? { cause } : {}) },
      );
    let opened: OpenedDownload;
    try {
      opened = await this.openDownload(object, { start, end }, { ...options, pin: version });
    } catch (err) {
      if ((err as { statusCode?: unknown }).statusCode === 412) throw changed(undefined, err);
      throw err;
    }
    if (opened.version !== undefined && opened.version !== version) {
      opened.body.destroy();
      throw changed(opened.version);
    }
    let plan: VerifyPlan;
    try {
      plan = this.#plan(object, { start, end }, opened, false, undefined);
    } catch (err) {
      opened.body.destroy();
      throw err;
    }
    return pipeBody(opened.body, new VerifiedBody(plan));
  }

  /** What the body of `opened` must be: its exact length, when known, and its digests. */
  #plan(object: StorageObject<object>, range: DownloadRange | undefined, opened: OpenedDownload, verifyHash: boolean, onProgress: ProgressCallback | undefined): VerifyPlan {
    const what = `${this.name}: ${JSON.stringify(object.name)}`;
    const provider = this.type;
    const sizeError = (why: string): ObjectSizeMismatchError =>
      new ObjectSizeMismatchError(`${what}: ${why}; nothing was read`, { provider, ...(opened.status !== undefined ? { statusCode: opened.status } : {}) });
    // The object's own size counts when it came from the provider with a hash (a value
    // built by hand, or a file nubes did not write, says nothing), and not for composite
    // objects whose listing may describe the manifest.
    const known = opened.composite !== true && object.kind === 'object' && object.hash !== '' ? object.size : undefined;
    const declared = opened.length;
    if (range === undefined) {
      if (declared !== undefined && known !== undefined && declared !== known) {
        throw sizeError(`the provider declares ${declared} bytes but the object has ${known}`);
      }
      const digests: ExpectedDigests = verifyHash ? { ...opened.digests } : {};
      if (verifyHash && opened.composite !== true) {
        const own = this.expectedMd5(object);
        if (own !== undefined) {
          if (digests.md5 !== undefined && digests.md5.toLowerCase() !== own) {
            opened.body.destroy();
            throw new ObjectHashMismatchError(`${what}: the provider's MD5 is ${digests.md5.toLowerCase()} but the object's hash is ${own} (it changed since it was listed?); nothing was read`, {
              provider,
            });
          }
          digests.md5 = own;
        }
      }
      const length = declared ?? known;
      return { length, digests: cheapestDigest(digests), total: length, onProgress, what, provider };
    }
    const { start, end } = range;
    const cr = parseContentRange(opened.contentRange);
    let length: number | undefined;
    if (opened.status === 200) {
      // The whole object, not a range: right only when the range covers all of it.
      const size = declared ?? known;
      if (start !== 0 || (end !== undefined && (size === undefined || end < size))) {
        throw new MalformedResponseError(`${what}: asked for bytes ${start}-${end === undefined ? '' : end - 1} but received the whole object (HTTP 200)`, {
          provider,
          statusCode: 200,
        });
      }
      length = size;
    } else if (cr !== undefined) {
      if (cr.first !== start) throw sizeError(`asked for bytes from ${start} but the answer starts at byte ${cr.first}`);
      const total = cr.total ?? known;
      if (known !== undefined && cr.total !== undefined && cr.total !== known) throw sizeError(`the provider says the object has ${cr.total} bytes, not ${known}`);
      const last = end === undefined ? (total === undefined ? cr.last : total - 1) : total === undefined ? end - 1 : Math.min(end, total) - 1;
      if (cr.last !== last) throw sizeError(`asked for bytes ${start}-${last} but the answer holds ${cr.first}-${cr.last}`);
      length = cr.last - cr.first + 1;
      if (declared !== undefined && declared !== length) throw sizeError(`Content-Range holds ${length} bytes but Content-Length says ${declared}`);
    } else {
      const expected = known === undefined ? undefined : Math.max(0, Math.min(end ?? known, known) - start);
      if (declared !== undefined && expected !== undefined && declared !== expected) {
        throw sizeError(`the range holds ${expected} bytes of the object but the provider declares ${declared}`);
      }
      length = declared ?? expected;
    }
    return { length, digests: {}, total: length, onProgress, what, provider };
  }

  async #downloadTo(
    destPath: string,
    options: DownloadOptions,
    object: StorageObject<object>,
    start: () => Promise<Readable | ((temp: string) => Promise<void>)>,
  ): Promise<void> {
    if (!options.overwriteExisting) {
      const exists = await stat(destPath).then(
        () => true,
        () => false,
      );
      if (exists) {
        throw new FileExistsError(`${destPath} exists; pass overwriteExisting: true to replace it`, { provider: this.type });
      }
    }
    const temp = join(dirname(destPath), `.${basename(destPath)}.${randomBytes(6).toString('hex')}.part`);
    let file: WriteStream | undefined;
    try {
      const body = await start();
      if (typeof body === 'function') await body(temp);
      else {
        file = createWriteStream(temp, { flags: 'wx' });
        await pipeline(body, file, options.signal ? { signal: options.signal } : {});
      }
      await rename(temp, destPath);
    } catch (err) {
      // The temp file is created by an asynchronous open. Twice under load (CI, and a
      // helper's run) a failed download left it behind: the unlink ran before that open had
      // created it. Wait until the stream has closed (after its open, if one is pending).
      if (file !== undefined && !file.closed) {
        const closed = new Promise<void>((resolve) => file!.once('close', () => resolve()));
        file.destroy();
        await closed;
      }
      if (options.deleteOnFailure !== false) await unlink(temp).catch(() => undefined);
      // pipeline() rejects with Node's own AbortError; callers catch nubes' one.
      if (options.signal?.aborted && !(err instanceof AbortError)) {
        throw new AbortError(`${this.name}: download of ${JSON.stringify(object.name)} aborted`, { provider: this.type, cause: options.signal.reason });
      }
      throw err;
    }
  }

  /** Deletes an object. */
  async deleteObject(_object: StorageObject<object>, _options?: CallOptions): Promise<void> {
    return this.notSupported('deleteObject');
  }
}
