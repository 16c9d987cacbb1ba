/**
 * The Local storage driver: containers are directories under a root directory, objects
 * are files. No network, no Connection use. It is the embedded default storage of the
 * CLI and the natural stand-in for a cloud store in users' tests.
 */
import { createHash, randomBytes } from '../../../common/builtins.js';
import type { Hash } from 'node:crypto';
import { constants, createReadStream, createWriteStream, existsSync, lstatSync, realpathSync, type BigIntStats, type Dirent, type Stats } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, readdir, realpath, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import type { CallOptions } from '../../../common/call-options.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import {
  AbortError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  FileExistsError,
  InvalidArgumentError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  ObjectSizeMismatchError,
} from '../../../common/errors/index.js';
import {
  Container,
  containerName,
  guessContentType,
  StorageDriver,
  StorageObject,
  type DownloadOptions,
  type DownloadRange,
  type DownloadStreamOptions,
  type ListObjectsOptions,
  type StorageMethod,
  type TransferOptions,
  type UploadOptions,
  storageMethodsExcept,
} from '../base.js';
import { crc32, pipeBody, VerifiedBody, type ExpectedDigests, type OpenedDownload, type VerifyPlan } from '../download.js';
import { uploadSourceError } from '../upload-source.js';
import { knownLength, toReadable, type ProgressCallback, type UploadSource } from '../streams.js';
import { checkContainerName, objectSegments, pathInside, RESERVED_DIR } from './names.js';
import {
  collectSidecars,
  hashOf,
  makeSidecar,
  readSidecar,
  readSidecarSync,
  sidecarDir,
  sidecarPath,
  tempDirOf,
  type FileIdentity,
  type SidecarInfo,
} from './sidecar.js';

/** `extra` of a Local container. */
export type LocalContainerExtra = {
  /** Absolute path of the container's directory. */
  path: string;
};

/** `extra` of a Local object. */
export type LocalObjectExtra = {
  /** Absolute path of the object's file (absent for `kind: 'prefix'` entries). */
  path?: string;
};

/**
 * How much a whole-object download of the Local driver verifies (see
 * docs/storage-local.md, "What is verified when"):
 *
 * - `'identity'` (default): when the file is still the one nubes wrote — same inode,
 *   size and modification time as its sidecar records — the digest recorded at upload is
 *   trusted and the bytes are only counted (a file download is then one kernel copy). A
 *   file changed since (or not written by nubes) is hashed as it is read and checked
 *   against the object's `hash`.
 * - `'full'`: the bytes are always hashed and checked against the recorded digest (the
 *   CRC-32 where recorded, else the MD5): this also catches corruption that left the
 *   file's size and modification time alone (bad sectors, a tool that restores mtime).
 */
export type LocalVerifyMode = 'identity' | 'full';

/** Options of Local whole-object downloads as streams. */
export interface LocalDownloadStreamOptions extends DownloadStreamOptions {
  /** What is verified (default `'identity'`); see {@link LocalVerifyMode}. */
  verify?: LocalVerifyMode;
}

/** Options of Local whole-object downloads to a file. */
export interface LocalDownloadOptions extends DownloadOptions {
  /** What is verified (default `'identity'`); see {@link LocalVerifyMode}. */
  verify?: LocalVerifyMode;
}

/**
 * Objects up to this size get an MD5 (their `hash`); larger ones only a CRC-32. Files up
 * to it uploaded with `uploadObject` are streamed, larger ones copied by the kernel; a
 * stream upload stops its MD5 once it passes it. MD5 runs at about 0.8 GB/s on one core
 * (the CRC-32 at about 6): on every large upload it would be most of the cost.
 */
const MD5_MAX = 8 * 1024 * 1024;
/** Read size of downloads as streams and of the CRC-32 pass of file uploads. */
const READ_BLOCK = 1024 * 1024;
/** Blocks of a stream upload: one filling while up to two are written. */
const SINK_BLOCKS = 3;
/** File entries whose `lstat` a listing runs at once. */
const LIST_BATCH = 1024;

type Code = string | undefined;
const codeOf = (err: unknown): Code => (err as NodeJS.ErrnoException | undefined)?.code;

/** Sorts directory entries so a depth-first walk yields names in UTF-8 byte order (S3's listing order). */
function sortKey(entry: Dirent): string {
  return entry.isDirectory() ? `${entry.name}/` : entry.name;
}

/** Characters where UTF-16 order (JavaScript's `<`) and UTF-8 byte order part ways: surrogates and U+E000 and above. */
const NOT_BYTE_ORDERED = /[\ud800-\uffff]/;

/**
 * Orders keys by their UTF-8 bytes. Without surrogates or characters from U+E000 on,
 * UTF-16 code unit order is the same and needs no encoding.
 */
function byteOrder(keys: { k: string }[]): void {
  if (keys.every(({ k }) => !NOT_BYTE_ORDERED.test(k))) {
    keys.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return;
  }
  const bytes = new Map(keys.map(({ k }) => [k, Buffer.from(k)]));
  keys.sort((a, b) => Buffer.compare(bytes.get(a.k)!, bytes.get(b.k)!));
}

function lowercaseMeta(metaData: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metaData ?? {})) {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`metaData.${key} must be a string (got ${typeof value})`, { option: 'metaData' });
    }
    out[key.toLowerCase()] = value;
  }
  return out;
}

function abortError(what: string, signal: AbortSignal | undefined): AbortError {
  return new AbortError(`${what} aborted`, { cause: signal?.reason });
}

/**
 * The file end of a stream upload: gathers the chunks into {@link READ_BLOCK} blocks,
 * hashes each block (CRC-32, and MD5 while the object is no larger than {@link MD5_MAX}:
 * one call per block, on bytes still in the cache after the copy in) and writes it at its
 * position, with up to two writes in flight on the thread pool while the next block
 * fills. A source's small chunks (64 KiB from a default `createReadStream`) thus cost one
 * write and one hash call per 1 MiB, not per chunk, and the buffers are reused,
 * page-aligned ({@link readBuffer}). Closes the file when done.
 */
class UploadSink extends Writable {
  readonly #handle: FileHandle;
  /**
   * The MD5 so far; dropped (undefined) once the bytes pass {@link MD5_MAX}, or from the
   * start when the declared length does (a wrong length fails the upload anyway): such an
   * object's `hash` is its CRC-32, as for large files given to `uploadObject`.
   */
  #md5: Hash | undefined;
  #crc = 0;
  #bytes = 0;
  /** File position of the block being filled. */
  #position = 0;
  #fill = 0;
  /**
   * Blocks free to fill, made as the bytes need them (at most {@link SINK_BLOCKS}): a
   * small upload makes one block, no larger than its declared length. Fresh memory is
   * not free here (page faults, and each block counts towards V8's external memory,
   * which triggers full garbage collections: 1,000 uploads of 100 bytes ran 34 of them
   * with three 1 MiB blocks each, 10-16 with one).
   */
  readonly #free: Buffer[] = [];
  #made = 1;
  #block: Buffer;
  readonly #inflight: { write: Promise<void>; block: Buffer }[] = [];
  readonly #onProgress: ProgressCallback | undefined;
  readonly #total: number | undefined;

  constructor(handle: FileHandle, onProgress: ProgressCallback | undefined, total: number | undefined) {
    super({ highWaterMark: READ_BLOCK });
    this.#handle = handle;
    // Math.max: a block of 0 bytes would never fill (a declared 0 may be wrong: it fails after).
    this.#block = readBuffer(total !== undefined && total < READ_BLOCK ? Math.max(total, 1) : READ_BLOCK);
    this.#onProgress = onProgress;
    this.#total = total;
    if (total === undefined || total <= MD5_MAX) this.#md5 = createHash('md5');
  }

  /**
   * Hashes the filled part of the current block and starts writing it; then, unless it
   * was the `last`, takes a free block (a new one while fewer than {@link SINK_BLOCKS}
   * exist, else waiting for the oldest write).
   */
  async #flush(last = false): Promise<void> {
    if (this.#fill === 0) return;
    const block = this.#block;
    const data = block.subarray(0, this.#fill);
    if (this.#position + this.#fill > MD5_MAX) this.#md5 = undefined;
    this.#md5?.update(data);
    this.#crc = crc32(data, this.#crc);
    const write = writeAll(this.#handle, data, this.#position);
    write.catch(() => undefined); // awaited below or in _final/_destroy
    this.#inflight.push({ write, block });
    this.#position += this.#fill;
    this.#fill = 0;
    if (last) return;
    if (this.#free.length === 0 && this.#made < SINK_BLOCKS) {
      this.#free.push(readBuffer(READ_BLOCK));
      this.#made++;
    } else if (this.#free.length === 0) {
      const oldest = this.#inflight.shift()!;
      await oldest.write;
      this.#free.push(oldest.block);
    }
    this.#block = this.#free.pop()!;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    void this.#take(chunk).then(() => callback(), callback);
  }

  async #take(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; ) {
      const n = chunk.copy(this.#block, this.#fill, offset);
      this.#fill += n;
      offset += n;
      if (this.#fill === this.#block.length) await this.#flush();
    }
    this.#bytes += chunk.length;
    this.#onProgress?.({ loaded: this.#bytes, total: this.#total });
  }

  override _final(callback: (error?: Error | null) => void): void {
    void (async () => {
      await this.#flush(true);
      for (const { write } of this.#inflight.splice(0)) await write;
    })().then(() => callback(), callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    void Promise.allSettled(this.#inflight.map((p) => p.write))
      .then(() => this.#handle.close())
      .then(
        () => callback(err),
        (closeErr: Error) => callback(err ?? closeErr),
      );
  }

  /** Bytes seen. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The digests of everything written (call once, after the end): `md5` is `''` past {@link MD5_MAX}. */
  digests(): { md5: string; crc32: string } {
    return { md5: this.#bytes <= MD5_MAX ? (this.#md5?.digest('hex') ?? '') : '', crc32: crcHex(this.#crc) };
  }
}

/** Writes all of `data` at `position` (a write may take fewer bytes than asked). */
async function writeAll(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

function crcHex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** A CRC-32 in hex as {@link ExpectedDigests} carries it: base64 of the 4 big-endian bytes. */
function crcBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

const sameFile = (a: FileIdentity, b: FileIdentity): boolean => a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
const identityOf = (info: BigIntStats): FileIdentity => ({ ino: info.ino, size: info.size, mtimeNs: info.mtimeNs });

let procFd: boolean | undefined;
/**
 * The path that opens the very file behind `handle` again: `/proc/self/fd/<n>` on Linux,
 * so a kernel copy reads the file nubes opened (with O_NOFOLLOW) and not whatever the
 * path names by then; undefined elsewhere (the caller then reads through the handle).
 */
function reopenPath(handle: FileHandle): string | undefined {
  procFd ??= process.platform === 'linux' && existsSync('/proc/self/fd');
  return procFd ? `/proc/self/fd/${handle.fd}` : undefined;
}

/**
 * Copies `source` to the new file `dest` in the kernel (a reflink where the file system
 * has copy-on-write, else copy_file_range/sendfile), giving `dest` the mode a newly
 * created file gets here (the umask applies), not the source's.
 *
 * `dest` must not exist when the copy starts, and the copy is told so (COPYFILE_EXCL):
 * without it libuv truncates the destination to 0 bytes first, which arms ext4's
 * replace-via-truncate heuristic (auto_da_alloc), and the close after the copy then
 * starts writeback of the whole file before it returns — 70-110 ms of a 256 MiB copy
 * here, where `cp` (which creates with O_EXCL) closes in microseconds. So the file made
 * to learn the mode is removed before the copy creates it again.
 */
async function kernelCopy(source: string, dest: string): Promise<void> {
  const created = await open(dest, 'wx');
  let mode: number;
  try {
    mode = (await created.stat()).mode & 0o7777;
  } finally {
    await created.close();
  }
  await unlink(dest);
  await copyFile(source, dest, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  await chmod(dest, mode);
}

/**
 * A buffer for file reads, starting at a page boundary when the allocator placed it the
 * way glibc places large blocks (16 bytes past a page boundary, mmap'd). The kernel's
 * copy from the page cache into a destination 8-24 bytes past a page boundary measured
 * about 4x slower here (256 MiB read into one reused 1 MiB buffer: 110-170 ms of system
 * time at the allocator's address, 24-36 ms at 16 bytes further or page-aligned, `dd`
 * 30 ms): the page-aligned source and a destination just past it trip the CPU's 4K
 * aliasing. Elsewhere it costs 4 KiB and changes nothing.
 */
function readBuffer(size: number): Buffer {
  return Buffer.allocUnsafeSlow(size + 4096).subarray(4080, 4080 + size);
}

/**
 * The CRC-32 (hex) of the file at `path`, read in large blocks into two reused buffers
 * (the next block is read on the thread pool while this one is hashed); undefined when
 * it does not hold `size` bytes (it changed meanwhile).
 */
async function crcOfFile(path: string, size: number, onProgress: ProgressCallback | undefined, signal: AbortSignal | undefined): Promise<string | undefined> {
  const handle = await open(path, 'r');
  let pending: Promise<number> | undefined;
  try {
    const blocks = [readBuffer(2 * READ_BLOCK), readBuffer(2 * READ_BLOCK)];
    const read = (i: number, position: number): Promise<number> => handle.read(blocks[i % 2]!, 0, blocks[0]!.length, position).then((r) => r.bytesRead);
    let crc = 0;
    let loaded = 0;
    pending = read(0, 0);
    for (let i = 0; ; i++) {
      const bytesRead = await pending;
      pending = undefined;
      if (signal?.aborted) throw abortError('Upload', signal);
      if (bytesRead === 0) break;
      // The next read goes to the other buffer while this one is hashed.
      pending = read(i + 1, loaded + bytesRead);
      crc = crc32(blocks[i % 2]!.subarray(0, bytesRead), crc);
      loaded += bytesRead;
      onProgress?.({ loaded: Math.min(loaded, size), total: size });
    }
    return loaded === size ? crcHex(crc) : undefined;
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Bytes `[start, end)` of an open file, read in {@link READ_BLOCK} blocks with two reads
 * in flight (positional reads on the thread pool: the next block is being copied out of
 * the page cache while the current one travels down the pipeline). Each block is a new
 * buffer the consumer may keep. A read that comes back short (the file was cut) ends the
 * stream early; whoever counts the bytes (VerifiedBody) reports it, or, with
 * `shortError`, the stream itself fails with that error before its end. Closes the file
 * once the stream is done and no read is pending.
 */
class FileBody extends Readable {
  readonly #handle: FileHandle;
  #next: number;
  readonly #end: number;
  readonly #inflight: { read: Promise<Buffer>; length: number }[] = [];
  #ended = false;
  #short = false;
  #delivered = 0;
  readonly #shortError: ((delivered: number) => Error) | undefined;

  constructor(handle: FileHandle, start: number, end: number, shortError?: (delivered: number) => Error) {
    super({ highWaterMark: 2 * READ_BLOCK });
    this.#handle = handle;
    this.#next = start;
    this.#end = end;
    this.#shortError = shortError;
  }

  #issue(): void {
    while (!this.#ended && this.#inflight.length < 2 && this.#next < this.#end) {
      const length = Math.min(READ_BLOCK, this.#end - this.#next);
      const block = readBuffer(length);
      const read = this.#handle.read(block, 0, length, this.#next).then(({ bytesRead }) => (bytesRead === length ? block : block.subarray(0, bytesRead)));
      read.catch(() => undefined); // handled where it is consumed
      this.#inflight.push({ read, length });
      this.#next += length;
    }
  }

  /** The end: clean, or (cut short, with `shortError`) an error before it. */
  #finish(): void {
    if (this.#short && this.#shortError !== undefined) this.destroy(this.#shortError(this.#delivered));
    else this.push(null);
  }

  override _read(): void {
    this.#issue();
    const pending = this.#inflight.shift();
    if (pending === undefined) {
      this.#finish();
      return;
    }
    pending.read.then(
      (block) => {
        if (this.destroyed) return;
        if (block.length < pending.length) {
          // Cut short: nothing after it is the file's.
          this.#ended = true;
          this.#short = true;
        }
        if (block.length > 0) {
          this.#delivered += block.length;
          this.push(block);
        }
        if (this.#ended) this.#finish();
      },
      (err: Error) => this.destroy(err),
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#ended = true;
    void Promise.allSettled(this.#inflight.map((p) => p.read))
      .then(() => this.#handle.close())
      .then(
        () => callback(err),
        (closeErr: Error) => callback(err ?? closeErr),
      );
  }
}

/** What a listed object needs to read its sidecar later. */
interface PendingMeta {
  lazy: (objectName: string, file: FileIdentity) => SidecarInfo | undefined;
  /** The listed file: its path, inode, size and modification time (ms, as a listing's `lstat` gives it). */
  path: string;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * The exact identity (ns) of the file a listing saw, read again when its metadata is
 * first wanted; undefined when the file at the path is another one by now (its sidecar
 * would not describe what was listed).
 */
function listedIdentity(pending: PendingMeta): FileIdentity | undefined {
  let info: BigIntStats | undefined;
  try {
    info = lstatSync(pending.path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!info?.isFile() || Number(info.ino) !== pending.ino || Number(info.size) !== pending.size) return undefined;
  // The listing's mtimeMs is the same nanoseconds as a double; allow its rounding only.
  if (Math.abs(Number(info.mtimeNs) / 1e6 - pending.mtimeMs) > 1e-3) return undefined;
  return identityOf(info);
}

const PENDING = Symbol('nubes.local.pendingMeta');

/**
 * Reads the sidecar of a listed object (once) and replaces the three lazy fields with
 * plain read-only values.
 */
function settleMeta(object: StorageObject): void {
  const pending = (object as unknown as Record<symbol, PendingMeta | undefined>)[PENDING];
  if (pending === undefined) return;
  const file = listedIdentity(pending);
  const side = file === undefined ? undefined : pending.lazy(object.name, file);
  const values = {
    hash: side ? hashOf(side) : '',
    contentType: side?.contentType ?? guessContentType(object.name),
    metaData: side?.metaData ?? {},
  };
  for (const [key, value] of Object.entries(values)) Object.defineProperty(object, key, { value, enumerable: true, writable: false, configurable: true });
  delete (object as unknown as Record<symbol, unknown>)[PENDING];
}

/** Accessors shared by every listed object: the first look at one settles all three. */
const LAZY_FIELDS: PropertyDescriptorMap = Object.fromEntries(
  (['hash', 'contentType', 'metaData'] as const).map((key) => [
    key,
    {
      configurable: true,
      enumerable: true,
      get(this: StorageObject): unknown {
        settleMeta(this);
        const settled = Object.getOwnPropertyDescriptor(this, key);
        return settled !== undefined && 'value' in settled ? settled.value : undefined;
      },
    },
  ]),
);

/** One entry of a listing walk: a file, or (in `/`-delimiter mode) a directory standing for a common prefix. */
interface WalkEntry {
  key: string;
  path: string;
  dir: boolean;
}

/**
 * Object storage on the local file system.
 *
 * - The first constructor argument is the root directory (created on the first
 *   `createContainer`); containers are its subdirectories, objects are files, and `/` in
 *   an object name makes subdirectories.
 * - Names that could leave the root (`..`, absolute paths, NUL, backslashes) are refused
 *   with InvalidArgumentError before the file system is touched.
 * - Writes are atomic: the bytes go to a temporary file in the container, hashed on the
 *   way (CRC-32, and MD5 for objects up to 8 MiB), and are renamed into place. Readers
 *   see the old object or the new one.
 * - Content type, user metadata and the digests live in a sidecar under the container's
 *   hidden `.nubes/` directory (see `docs/storage-local.md`); they never appear in listings.
 * - A file and a directory cannot share a path: an object `a` and an object `a/b` cannot
 *   both exist (InvalidArgumentError), unlike on S3.
 * - Listings walk the tree in name order and do not follow symbolic links.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { LocalStorageDriver } from 'nubes/storage';
 * const storage = new LocalStorageDriver('/var/lib/myapp/storage');
 * const photos = await storage.createContainer('photos');
 * await storage.uploadObjectViaStream(createReadStream('cat.jpg'), photos, 'pets/cat.jpg');
 * for await (const o of storage.iterateContainerObjects(photos, { prefix: 'pets/' })) console.log(o.name, o.size);
 * ```
 */
export class LocalStorageDriver extends StorageDriver {
  static override readonly capabilities: readonly StorageMethod[] = storageMethodsExcept('multipartUpload', 'presignedUrl');
  static override readonly driverOptionKeys: readonly string[] = [];
  static override readonly callOptionKeys: Readonly<Record<string, readonly string[]>> = { downloadObject: ['verify'], downloadObjectAsStream: ['verify'] };

  readonly type = 'local';
  readonly name = 'Local';
  readonly website = 'https://nodejs.org/api/fs.html';

  /** The absolute root directory. */
  readonly root: string;

  /**
   * @param root - the root directory (relative paths resolve against the working directory).
   * @param _secret - unused.
   * @param options - connection options are accepted and ignored (no network is used).
   */
  constructor(root: string, _secret?: string, options: DriverOptions = {}) {
    if (typeof root !== 'string' || root === '' || root.includes('\u0000')) {
      throw new InvalidArgumentError('LocalStorageDriver needs the root directory as its first argument', { option: 'key' });
    }
    super(root, undefined, options);
    this.root = resolve(root);
  }

  #containerDir(name: string): string {
    return pathInside(this.root, [checkContainerName(name)], 'container');
  }

  #container(name: string): Container<LocalContainerExtra> {
    return new Container<LocalContainerExtra>({ name, extra: { path: this.#containerDir(name) } }, this);
  }

  async #requireContainer(name: string): Promise<string> {
    const dir = this.#containerDir(name);
    await this.#noLinks(dir, 'container');
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new ContainerDoesNotExistError(`Local: container ${JSON.stringify(name)} does not exist in ${this.root}`, { provider: this.type });
    }
    return dir;
  }

  #missingObject(container: string, objectName: string): ObjectDoesNotExistError {
    return new ObjectDoesNotExistError(`Local: object ${JSON.stringify(objectName)} does not exist in container ${JSON.stringify(container)}`, {
      provider: this.type,
    });
  }

  /**
   * The root's real path (symbolic links in the root's own path are the caller's choice
   * and allowed); resolved again while the root does not exist yet.
   */
  async #realRoot(): Promise<string> {
    if (this.#rootReal !== undefined) return this.#rootReal;
    try {
      this.#rootReal = await realpath(this.root);
      return this.#rootReal;
    } catch {
      return this.root;
    }
  }

  #rootReal: string | undefined;

  /**
   * Refuses a path below the root that passes through a symbolic link: the deepest
   * existing part of `path` must resolve to exactly itself under the root's real path.
   * No link below the root is followed — not a container, a directory, an object or
   * nubes' own `.nubes/` — so nothing inside the root can reach outside it (see
   * docs/storage-local.md, "Symbolic links").
   */
  async #noLinks(path: string, what: 'container' | 'objectName'): Promise<void> {
    const realRoot = await this.#realRoot();
    for (let probe = path; ; probe = dirname(probe)) {
      let real: string;
      try {
        real = await realpath(probe);
      } catch (err) {
        const code = codeOf(err);
        if ((code === 'ENOENT' || code === 'ENOTDIR') && probe !== this.root && probe.startsWith(this.root + sep)) continue;
        // Nothing below the root exists yet (nor the root): there is no link to pass through.
        if ((code === 'ENOENT' || code === 'ENOTDIR') && probe === this.root) return;
        if (code === 'ELOOP') break;
        throw err;
      }
      if (real === join(realRoot, relative(this.root, probe))) return;
      break;
    }
    throw new InvalidArgumentError(
      `Local: ${what === 'container' ? 'container' : 'object'} path ${JSON.stringify(relative(this.root, path))} passes through a symbolic link; the Local driver follows no symbolic link below its root ${this.root}`,
      { option: what },
    );
  }

  // Containers

  override async listContainers(_options?: CallOptions): Promise<Container[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.root, { withFileTypes: true });
    } catch (err) {
      if (codeOf(err) === 'ENOENT') return [];
      throw err;
    }
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map((name) => this.#container(name));
  }

  override async getContainer(name: string, _options?: CallOptions): Promise<Container> {
    await this.#requireContainer(name);
    return this.#container(name);
  }

  /** Creates the container's directory (and the root, if needed). */
  override async createContainer(name: string, _options?: CallOptions): Promise<Container> {
    const dir = this.#containerDir(name);
    await mkdir(this.root, { recursive: true });
    try {
      await mkdir(dir);
    } catch (err) {
      if (codeOf(err) === 'EEXIST') {
        throw new ContainerAlreadyExistsError(`Local: container ${JSON.stringify(name)} already exists in ${this.root}`, { provider: this.type });
      }
      throw err;
    }
    return this.#container(name);
  }

  /**
   * Deletes an empty container (nubes' hidden `.nubes/` files and empty directories
   * do not count as content).
   *
   * @throws {ContainerIsNotEmptyError} when it still holds an object.
   */
  override async deleteContainer(container: Container<object> | string, _options?: CallOptions): Promise<void> {
    const name = containerName(container);
    const dir = await this.#requireContainer(name);
    for await (const run of this.#walk(dir, '', '', false)) {
      if (run.length === 0) continue;
      throw new ContainerIsNotEmptyError(`Local: container ${JSON.stringify(name)} is not empty`, { provider: this.type });
    }
    await rm(dir, { recursive: true, force: true });
  }

  // Listing

  /**
   * Lists objects from one walk of the container's directories: a `readdir` per
   * directory and an `lstat` per file (run in batches). Sidecars are not opened: an
   * object's `hash`, `contentType` and `metaData` are read from its sidecar the first
   * time one of them is looked at (one small synchronous read; see docs/storage-local.md,
   * "Listings"). Use `getObject` for an object's metadata read at once.
   */
  override async *iterateContainerObjects(container: Container<object> | string, options: ListObjectsOptions = {}): AsyncGenerator<StorageObject, void, undefined> {
    for await (const batch of this.#list(container, options)) yield* batch;
  }

  /** {@link LocalStorageDriver.iterateContainerObjects}, collected (without a hop per object). */
  override async listContainerObjects(container: Container<object> | string, options: ListObjectsOptions = {}): Promise<StorageObject[]> {
    const out: StorageObject[] = [];
    for await (const batch of this.#list(container, options)) for (const object of batch) out.push(object);
    return out;
  }

  /** The listing, in batches of at most {@link LIST_BATCH} entries, in order. */
  async *#list(container: Container<object> | string, options: ListObjectsOptions): AsyncGenerator<StorageObject[], void, undefined> {
    const name = containerName(container);
    const dir = await this.#requireContainer(name);
    const c = this.#container(name);
    const prefix = options.prefix ?? '';
    const delimiter = options.delimiter ? options.delimiter : undefined;
    const lazy = this.#lazyMeta(dir);
    let lastPrefix: string | undefined;
    let out: StorageObject[] = [];
    for await (const run of this.#walk(dir, '', prefix, delimiter === '/')) {
      for (const entry of run) {
        if (entry.dir) {
          out.push(this.prefixEntry(c, entry.key));
          continue;
        }
        if (delimiter !== undefined) {
          const at = entry.key.indexOf(delimiter, prefix.length);
          if (at >= 0) {
            const common = entry.key.slice(0, at + delimiter.length);
            if (common !== lastPrefix) {
              lastPrefix = common;
              out.push(this.prefixEntry(c, common));
            }
            continue;
          }
        }
        // Synchronous lstat calls, a batch at a time with the event loop let through in
        // between: 4 µs each here, against 15-30 µs of main-thread time for the promise
        // version (a 5,000-object listing: 20 ms against 60-170 ms).
        let info: Stats | undefined;
        try {
          info = lstatSync(entry.path, { throwIfNoEntry: false });
        } catch {
          info = undefined; // ENOTDIR and the like: the path changed while we walked
        }
        // Gone (deleted while we walked) or replaced by something that is not a file.
        if (info?.isFile()) out.push(this.#listed(c, entry, info, lazy));
        if (out.length >= LIST_BATCH) {
          yield out;
          out = [];
          await setImmediate();
        }
      }
    }
    if (out.length > 0) yield out;
  }

  /**
   * Reads the sidecar of a listed object when first asked: `undefined` (no metadata)
   * when nubes' own directories of the container pass through a symbolic link.
   */
  #lazyMeta(dir: string): (objectName: string, file: FileIdentity) => SidecarInfo | undefined {
    let realRoot: string | undefined;
    /** {@link LocalStorageDriver.#noLinks}, synchronously: false when `path` passes through a link. */
    const noLinks = (path: string): boolean => {
      realRoot ??= realpathSync.native(this.root);
      for (let probe = path; probe.startsWith(dir + sep); probe = dirname(probe)) {
        let real: string;
        try {
          real = realpathSync.native(probe);
        } catch (err) {
          if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') continue;
          return false;
        }
        return real === join(realRoot, relative(this.root, probe));
      }
      return true; // the container itself was checked when the listing started
    };
    return (objectName, file) => {
      try {
        if (!noLinks(sidecarDir(dir, objectName))) return undefined;
      } catch {
        return undefined;
      }
      return readSidecarSync(dir, objectName, file);
    };
  }

  /** A listed object whose metadata is read from its sidecar when first looked at. */
  #listed(container: Container, entry: WalkEntry, info: Stats, lazy: (objectName: string, file: FileIdentity) => SidecarInfo | undefined): StorageObject<LocalObjectExtra> {
    const object = new StorageObject<LocalObjectExtra>(
      { name: entry.key, size: info.size, hash: '', metaData: {}, lastModified: new Date(info.mtimeMs), container, extra: { path: entry.path } },
      this,
    );
    const pending: PendingMeta = { lazy, path: entry.path, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs };
    Object.defineProperty(object, PENDING, { value: pending, configurable: true });
    Object.defineProperties(object, LAZY_FIELDS);
    return object;
  }

  /**
   * Walks the files under `dirPath` (whose names start with `keyPrefix`) in name order,
   * pruning directories that cannot hold names starting with `prefix`. With
   * `slashGroups`, a directory whose every name would fall into one `/`-delimited common
   * prefix is yielded once (when it holds a file) instead of being walked.
   */
  async *#walk(dirPath: string, keyPrefix: string, prefix: string, slashGroups: boolean): AsyncGenerator<WalkEntry[], void, undefined> {
    let entries: Dirent[];
    try {
      entries = await readdir(dirPath, { withFileTypes: true });
    } catch (err) {
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') return;
      throw err;
    }
    const sorted = entries.filter((e) => (e.isFile() || e.isDirectory()) && !(keyPrefix === '' && e.name === RESERVED_DIR)).map((e) => ({ e, k: sortKey(e) }));
    byteOrder(sorted);
    // The entries of one directory go out as one array (a subdirectory walked in between
    // splits it, to keep the order): one hop per directory, not per file.
    let run: WalkEntry[] = [];
    for (const { e } of sorted) {
      const key = keyPrefix + e.name;
      const path = join(dirPath, e.name);
      if (e.isFile()) {
        if (key.startsWith(prefix)) run.push({ key, path, dir: false });
        continue;
      }
      const dirKey = `${key}/`;
      const descend = dirKey.startsWith(prefix) || prefix.startsWith(dirKey);
      if (!descend) continue;
      if (slashGroups && dirKey.startsWith(prefix) && dirKey.length > prefix.length) {
        if (await this.#holdsFile(path)) run.push({ key: dirKey, path, dir: true });
        continue;
      }
      if (run.length > 0) yield run;
      run = [];
      yield* this.#walk(path, dirKey, prefix, slashGroups);
    }
    if (run.length > 0) yield run;
  }

  async #holdsFile(dirPath: string): Promise<boolean> {
    // A non-empty key prefix: `.nubes` is only reserved at the container's top.
    for await (const run of this.#walk(dirPath, 'x/', '', false)) if (run.length > 0) return true;
    return false;
  }

  async #objectAt(container: Container, dir: string, objectName: string, path: string): Promise<StorageObject<LocalObjectExtra>> {
    await this.#noLinks(path, 'objectName');
    await this.#noLinks(sidecarDir(dir, objectName), 'objectName');
    let info;
    try {
      info = await lstat(path, { bigint: true });
    } catch (err) {
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') throw this.#missingObject(container.name, objectName);
      throw err;
    }
    if (!info.isFile()) throw this.#missingObject(container.name, objectName);
    const side = await readSidecar(dir, objectName, { ino: info.ino, size: info.size, mtimeNs: info.mtimeNs });
    return new StorageObject<LocalObjectExtra>(
      {
        name: objectName,
        size: Number(info.size),
        hash: hashOf(side),
        contentType: side.contentType ?? guessContentType(objectName),
        metaData: side.metaData,
        lastModified: new Date(Number(info.mtimeMs)),
        container,
        extra: { path },
      },
      this,
    );
  }

  /** One object's metadata. */
  override async getObject(container: string, objectName: string, _options?: CallOptions): Promise<StorageObject> {
    const segments = objectSegments(objectName);
    const dir = await this.#requireContainer(container);
    return this.#objectAt(this.#container(container), dir, objectName, pathInside(dir, segments, 'objectName'));
  }

  // Uploads

  /** Checks an upload's target and makes its temporary file's directory; returns where things go. */
  async #prepareUpload(name: string, objectName: string): Promise<{ dir: string; dest: string; tmpDir: string; temp: string }> {
    const segments = objectSegments(objectName);
    const dir = await this.#requireContainer(name);
    const dest = pathInside(dir, segments, 'objectName');
    await this.#noLinks(dest, 'objectName');
    const tmpDir = tempDirOf(dir);
    await this.#noLinks(tmpDir, 'objectName');
    await mkdir(tmpDir, { recursive: true });
    await this.#noLinks(tmpDir, 'objectName');
    return { dir, dest, tmpDir, temp: join(tmpDir, `${randomBytes(8).toString('hex')}.part`) };
  }

  /**
   * Publishes a finished temporary file: its sidecar first (named by the file's inode),
   * then the data renamed into place, then the sidecars of replaced files collected. On
   * failure the temporary file and the sidecar are removed.
   */
  async #commit(
    where: { dir: string; dest: string; tmpDir: string; temp: string },
    name: string,
    objectName: string,
    meta: { contentType: string; metaData: Record<string, string> },
    digests: { md5: string; crc32: string },
  ): Promise<StorageObject> {
    const { dir, dest, tmpDir, temp } = where;
    let sideTemp: string | undefined;
    let side: string | undefined;
    try {
      const info = await stat(temp, { bigint: true });
      sideTemp = `${temp}.json`;
      await writeFile(sideTemp, JSON.stringify(makeSidecar(objectName, meta.contentType, meta.metaData, digests, identityOf(info))), { flag: 'wx' });
      // The sidecar first, named by the data file's inode: once the data is in place its
      // own sidecar is there too, whichever of several concurrent uploads wins.
      side = sidecarPath(dir, objectName, info.ino);
      await this.#noLinks(dirname(side), 'objectName');
      await mkdir(dirname(side), { recursive: true });
      await this.#noLinks(dirname(side), 'objectName');
      await rename(sideTemp, side);
      sideTemp = undefined;
      await this.#place(temp, dest, objectName, dir);
      side = undefined;
      await collectSidecars(dir, objectName, dest, tmpDir);
      return new StorageObject<LocalObjectExtra>(
        {
          name: objectName,
          size: Number(info.size),
          hash: digests.md5 !== '' ? digests.md5 : digests.crc32,
          contentType: meta.contentType,
          metaData: meta.metaData,
          lastModified: new Date(Number(info.mtimeMs)),
          container: this.#container(name),
          extra: { path: dest },
        },
        this,
      );
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      if (sideTemp) await unlink(sideTemp).catch(() => undefined);
      if (side) await unlink(side).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Uploads from any source. The bytes go to a temporary file, hashed on the way, which
   * is renamed into place once complete: an aborted or failed upload leaves nothing, and
   * an existing object stays intact until the new one is whole. What is hashed follows
   * the object's size, as for {@link uploadObject}: up to 8 MiB the MD5 (the object's
   * `hash`) and the CRC-32; beyond, the CRC-32 only (the `hash`, 8 hex digits), since an
   * MD5 would be most of the upload's cost. Pipe the source through a `HashingStream` if you
   * need the MD5 of a larger object.
   */
  override async uploadObjectViaStream(
    source: UploadSource,
    container: Container<object> | string,
    objectName: string,
    options: UploadOptions = {},
  ): Promise<StorageObject> {
    const name = containerName(container);
    objectSegments(objectName);
    const metaData = lowercaseMeta(options.metaData);
    const contentType = options.contentType ?? guessContentType(objectName);
    const input = toReadable(source);
    const { signal } = options;
    try {
      if (signal?.aborted) throw abortError(`Upload of ${JSON.stringify(objectName)}`, signal);
      const where = await this.#prepareUpload(name, objectName);
      const total = options.contentLength ?? knownLength(source);
      let hasher: UploadSink;
      try {
        hasher = new UploadSink(await open(where.temp, 'wx'), options.onProgress, total);
        await pipeline(input, hasher, signal ? { signal } : {});
      } catch (err) {
        await unlink(where.temp).catch(() => undefined);
        if (signal?.aborted) throw abortError(`Upload of ${JSON.stringify(objectName)}`, signal);
        if (input.errored) throw uploadSourceError(input.errored, objectName, this.type);
        throw err;
      }
      if (options.contentLength !== undefined && hasher.bytes !== options.contentLength) {
        await unlink(where.temp).catch(() => undefined);
        throw new InvalidArgumentError(`contentLength was ${options.contentLength} but the source gave ${hasher.bytes} bytes; nothing was stored`, {
          option: 'contentLength',
        });
      }
      return await this.#commit(where, name, objectName, { contentType, metaData }, hasher.digests());
    } finally {
      input.destroy();
    }
  }

  /**
   * Uploads a file. Files up to 8 MiB are streamed like {@link uploadObjectViaStream}
   * (their `hash` is the MD5). Larger files are copied by the kernel (a reflink where
   * the file system has copy-on-write) while nubes computes their CRC-32 from the source
   * in parallel; their `hash` is that CRC-32 (8 hex digits), as Cloud Storage's
   * composite objects have only a CRC32C. The source must not change during the upload
   * (its inode, size and modification time are compared before and after).
   */
  override async uploadObject(filePath: string, container: Container<object> | string, objectName: string, options: UploadOptions = {}): Promise<StorageObject> {
    let before: BigIntStats;
    try {
      before = await stat(filePath, { bigint: true });
      if (!before.isFile()) throw new Error('not a regular file');
    } catch (err) {
      throw new InvalidArgumentError(`Cannot upload ${JSON.stringify(filePath)}: ${(err as Error).message}`, { option: 'filePath', cause: err });
    }
    const size = Number(before.size);
    const contentType = options.contentType ?? guessContentType(objectName);
    if (size <= MD5_MAX) {
      return this.uploadObjectViaStream(createReadStream(filePath, { highWaterMark: READ_BLOCK }), container, objectName, { ...options, contentLength: size, contentType });
    }
    const name = containerName(container);
    objectSegments(objectName);
    const metaData = lowercaseMeta(options.metaData);
    const { signal, onProgress } = options;
    const what = `Upload of ${JSON.stringify(objectName)}`;
    if (signal?.aborted) throw abortError(what, signal);
    const where = await this.#prepareUpload(name, objectName);
    let crc: string;
    try {
      // Both settle before anything is cleaned up: a copy still running could recreate the temp file.
      const [copy, sum] = await Promise.allSettled([kernelCopy(filePath, where.temp), crcOfFile(filePath, size, onProgress, signal)]);
      if (signal?.aborted) throw abortError(what, signal);
      if (copy.status === 'rejected') throw copy.reason;
      if (sum.status === 'rejected') throw sum.reason;
      const after = await stat(filePath, { bigint: true });
      const copied = await stat(where.temp, { bigint: true });
      if (sum.value === undefined || !sameFile(identityOf(before), identityOf(after)) || copied.size !== before.size) {
        throw new InvalidArgumentError(`Cannot upload ${JSON.stringify(filePath)}: it changed while it was copied; nothing was stored`, { option: 'filePath' });
      }
      crc = sum.value;
    } catch (err) {
      await unlink(where.temp).catch(() => undefined);
      if (signal?.aborted && !(err instanceof AbortError)) throw abortError(what, signal);
      throw err;
    }
    return this.#commit(where, name, objectName, { contentType, metaData }, { md5: '', crc32: crc });
  }

  /** Renames a finished temp file to its object path, creating parent directories. */
  async #place(temp: string, dest: string, objectName: string, containerDir: string): Promise<void> {
    const clash = (err: unknown): never => {
      throw new InvalidArgumentError(
        `Cannot store ${JSON.stringify(objectName)}: a path segment is already an object, or the name is already a prefix of other objects (the Local driver keeps objects as files and prefixes as directories)`,
        { option: 'objectName', cause: err },
      );
    };
    for (let attempt = 0; ; attempt++) {
      await this.#noLinks(dirname(dest), 'objectName');
      try {
        await mkdir(dirname(dest), { recursive: true });
      } catch (err) {
        if (codeOf(err) === 'EEXIST' || codeOf(err) === 'ENOTDIR') clash(err);
        throw err;
      }
      // The directories may have existed (as links) or been swapped since the first check.
      if (dirname(dest) !== containerDir) await this.#noLinks(dirname(dest), 'objectName');
      try {
        await rename(temp, dest);
        return;
      } catch (err) {
        const code = codeOf(err);
        // A concurrent delete may prune the parent directory between mkdir and rename.
        if (code === 'ENOENT' && attempt === 0) continue;
        if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') clash(err);
        throw err;
      }
    }
  }

  // Downloads

  /** Opens the object's file without following a link; the handle and the file's stat. */
  async #openFile(object: StorageObject<object>, signal: AbortSignal | undefined): Promise<{ dir: string; path: string; handle: FileHandle; info: BigIntStats }> {
    const name = object.container.name;
    const segments = objectSegments(object.name);
    if (signal?.aborted) throw abortError(`Download of ${JSON.stringify(object.name)}`, signal);
    const dir = await this.#requireContainer(name);
    const path = pathInside(dir, segments, 'objectName');
    await this.#noLinks(path, 'objectName');
    let handle: FileHandle;
    try {
      // O_NOFOLLOW: a link swapped in after the check is refused (ELOOP), not followed.
      handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (err) {
      const code = codeOf(err);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw this.#missingObject(name, object.name);
      if (code === 'ELOOP') await this.#noLinks(path, 'objectName');
      throw err;
    }
    try {
      const info = await handle.stat({ bigint: true });
      if (!info.isFile()) throw this.#missingObject(name, object.name);
      return { dir, path, handle, info };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * Bytes `[range.start, range.end)` of the object's file (whole-object downloads have
   * their own path, {@link LocalStorageDriver.downloadObjectAsStream}). The length
   * declared is the file's size when opened, or the range of it.
   */
  protected override async openDownload(object: StorageObject<object>, range: DownloadRange | undefined, options: TransferOptions): Promise<OpenedDownload> {
    const start = range?.start ?? 0;
    const end = range?.end;
    const { signal } = options;
    const { handle, info } = await this.#openFile(object, signal);
    const size = Number(info.size);
    if (start > 0 && start >= size) {
      await handle.close();
      throw new InvalidArgumentError(`range start ${start} is past the end of ${JSON.stringify(object.name)} (${size} bytes)`, { option: 'start' });
    }
    const last = end === undefined ? size - 1 : Math.min(end, size) - 1;
    const total = Math.max(0, last - start + 1);
    // A range is described as an HTTP answer would: the base checks the file's size then.
    const described = range === undefined || total === 0 ? {} : { status: 206, contentRange: `bytes ${start}-${last}/${size}` };
    return { body: this.#body(object, handle, start, last, signal), length: total, ...described };
  }

  /**
   * Reads bytes `[start, last]` through `handle` in large blocks (closing it), cancelled by
   * `signal` (the stream is destroyed with an AbortError). With `shortError`, a file cut
   * short fails the stream with that error before its end.
   */
  #body(
    object: StorageObject<object>,
    handle: FileHandle,
    start: number,
    last: number,
    signal: AbortSignal | undefined,
    shortError?: (delivered: number) => Error,
  ): Readable {
    if (last < start) {
      void handle.close();
      return Readable.from([]);
    }
    const file = new FileBody(handle, start, last + 1, shortError);
    if (!signal) return file;
    const onAbort = (): void => {
      file.destroy(abortError(`Download of ${JSON.stringify(object.name)}`, signal));
    };
    if (signal.aborted) {
      onAbort();
      return file;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    file.once('close', () => signal.removeEventListener('abort', onAbort));
    return file;
  }

  /**
   * Opens a whole-object download and decides what it verifies (see
   * {@link LocalVerifyMode}): `trusted` when the recorded digest vouches for the file as
   * it is and nothing needs hashing.
   */
  async #openWhole(
    object: StorageObject<object>,
    options: LocalDownloadStreamOptions,
  ): Promise<{ handle: FileHandle; info: BigIntStats; plan: VerifyPlan; trusted: boolean }> {
    const mode = options.verify ?? 'identity';
    if (mode !== 'identity' && mode !== 'full') {
      throw new InvalidArgumentError(`verify must be 'identity' or 'full' (got ${JSON.stringify(mode)})`, { option: 'verify' });
    }
    const verifyHash = options.verifyHash !== false;
    const opened = await this.#openFile(object, options.signal);
    const { dir, handle, info } = opened;
    try {
      const what = `${this.name}: ${JSON.stringify(object.name)}`;
      const provider = this.type;
      const size = Number(info.size);
      // The object's own size counts when it came from nubes with a hash (a value built by
      // hand, or a file nubes did not write, says nothing).
      const known = object.kind === 'object' && object.hash !== '' ? object.size : undefined;
      if (known !== undefined && known !== size) {
        throw new ObjectSizeMismatchError(`${what}: the file holds ${size} bytes but the object has ${known} (it changed since it was listed?); nothing was read`, { provider });
      }
      const digests: ExpectedDigests = {};
      let trusted = !verifyHash;
      if (verifyHash) {
        await this.#noLinks(sidecarDir(dir, object.name), 'objectName');
        const side = await readSidecar(dir, object.name, identityOf(info));
        const own = object.hash.toLowerCase();
        const recorded = [side.md5, side.crc32].filter((d) => d !== '');
        if (own !== '' && recorded.length > 0 && !recorded.includes(own)) {
          throw new ObjectHashMismatchError(`${what}: the object's hash is ${own} but nubes recorded ${recorded[0]} for the file (it changed since it was listed?); nothing was read`, {
            provider,
          });
        }
        if (recorded.length > 0 && mode === 'identity') {
          trusted = true;
        } else if (recorded.length > 0) {
          // One recorded digest is enough (they describe the same bytes): the cheap one.
          if (side.crc32 !== '') digests.crc32 = crcBase64(side.crc32);
          else digests.md5 = side.md5;
        } else if (/^[0-9a-f]{32}$/.test(own)) {
          digests.md5 = own; // changed since nubes wrote it, or no sidecar: check the caller's hash
        } else if (/^[0-9a-f]{8}$/.test(own)) {
          digests.crc32 = crcBase64(own);
        }
      }
      return { handle, info, trusted, plan: { length: size, digests, total: size, onProgress: options.onProgress, what, provider } };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * The whole object as a stream, read in 1 MiB blocks. Its byte count is always checked
   * (a file cut short or grown while read fails the stream before its end); its digest as
   * {@link LocalVerifyMode} says: by default the file's identity is checked against its
   * sidecar and the bytes are hashed only when the file changed since nubes wrote it.
   *
   * @throws {ObjectSizeMismatchError} when the file's size is not the object's.
   * @throws {ObjectHashMismatchError} when the object's hash is not the one recorded for the file.
   */
  override async downloadObjectAsStream(object: StorageObject<object>, options: LocalDownloadStreamOptions = {}): Promise<Readable> {
    const { handle, info, plan, trusted } = await this.#openWhole(object, options);
    const size = Number(info.size);
    if (trusted && !options.onProgress) {
      // Nothing to hash or report: the file's own reads count the bytes (no Transform hop).
      const short = (delivered: number): Error =>
        new ObjectSizeMismatchError(`${plan.what}: the body ended after ${delivered} of the ${size} bytes expected; do not use the bytes read`, { provider: this.type });
      return this.#body(object, handle, 0, size - 1, options.signal, short);
    }
    return pipeBody(this.#body(object, handle, 0, size - 1, options.signal), new VerifiedBody(plan));
  }

  /**
   * Downloads the whole object to a file, atomically (a temporary file next to
   * `destPath`, renamed into place when complete and verified). When the recorded digest
   * is trusted (see {@link LocalVerifyMode}) and no `onProgress` is given, the bytes are
   * copied by the kernel (a reflink where the file system has copy-on-write; Linux, where
   * the opened file can be named again as `/proc/self/fd/<n>`), and `signal` is honoured
   * before and after the copy. Otherwise the bytes are read (hashed when needed) and
   * written in 1 MiB blocks.
   *
   * @throws {FileExistsError} when the file exists and `overwriteExisting` is not set.
   * @throws {ObjectHashMismatchError} when the digest differs (nothing is left at `destPath`).
   * @throws {ObjectSizeMismatchError} when the byte count differs (nothing is left at `destPath`).
   */
  override async downloadObject(object: StorageObject<object>, destPath: string, options: LocalDownloadOptions = {}): Promise<void> {
    const { signal } = options;
    const what = `${this.name}: download of ${JSON.stringify(object.name)}`;
    if (!options.overwriteExisting) {
      const exists = await stat(destPath).then(
        () => true,
        () => false,
      );
      if (exists) throw new FileExistsError(`${destPath} exists; pass overwriteExisting: true to replace it`, { provider: this.type });
    }
    const temp = join(dirname(destPath), `.${basename(destPath)}.${randomBytes(6).toString('hex')}.part`);
    try {
      const { handle, info, plan, trusted } = await this.#openWhole(object, options);
      // A kernel copy cannot report progress: a caller who asks for it gets a read/write copy.
      const source = trusted && !options.onProgress ? reopenPath(handle) : undefined;
      if (source !== undefined) {
        try {
          await kernelCopy(source, temp);
          const after = await handle.stat({ bigint: true });
          const copied = await stat(temp, { bigint: true });
          if (!sameFile(identityOf(info), identityOf(after))) {
            throw new ObjectHashMismatchError(`${plan.what}: the file changed while it was copied; do not use the bytes read`, { provider: this.type });
          }
          if (copied.size !== info.size) {
            throw new ObjectSizeMismatchError(`${plan.what}: copied ${copied.size} of the ${info.size} bytes expected; do not use the bytes read`, { provider: this.type });
          }
        } finally {
          await handle.close();
        }
        if (signal?.aborted) throw abortError(what, signal);
      } else {
        const body = pipeBody(this.#body(object, handle, 0, Number(info.size) - 1, signal), new VerifiedBody(plan));
        await pipeline(body, createWriteStream(temp, { flags: 'wx', highWaterMark: READ_BLOCK }), signal ? { signal } : {});
      }
      await rename(temp, destPath);
    } catch (err) {
      if (options.deleteOnFailure !== false) await unlink(temp).catch(() => undefined);
      // pipeline() rejects with Node's own AbortError; callers catch nubes' one.
      if (signal?.aborted && !(err instanceof AbortError)) throw abortError(what, signal);
      throw err;
    }
  }

  // Deletes

  /** Deletes an object and its sidecar, and prunes directories left empty. */
  override async deleteObject(object: StorageObject<object>, _options?: CallOptions): Promise<void> {
    const name = object.container.name;
    const segments = objectSegments(object.name);
    const dir = await this.#requireContainer(name);
    const path = pathInside(dir, segments, 'objectName');
    await this.#noLinks(path, 'objectName');
    try {
      const info = await lstat(path);
      if (!info.isFile()) throw this.#missingObject(name, object.name);
      await unlink(path);
    } catch (err) {
      const code = codeOf(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw this.#missingObject(name, object.name);
      throw err;
    }
    await this.#noLinks(sidecarDir(dir, object.name), 'objectName');
    await collectSidecars(dir, object.name, path, tempDirOf(dir));
    for (let parent = dirname(path); parent !== dir && parent.startsWith(dir + sep); parent = dirname(parent)) {
      try {
        await rmdir(parent);
      } catch {
        break; // not empty (or gone): stop pruning
      }
    }
  }
}
