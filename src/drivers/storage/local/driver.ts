/**
 * The Local storage driver: containers are directories under a root directory, objects
 * are files. No network, no Connection use. It is the embedded default storage of the
 * CLI and the natural stand-in for a cloud store in users' tests.
 */
import { randomBytes } from '../../../common/builtins.js';
import { constants, createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DriverOptions } from '../../../common/base-driver.js';
import {
  AbortError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidArgumentError,
  ObjectDoesNotExistError,
} from '../../../common/errors/index.js';
import {
  Container,
  containerName,
  guessContentType,
  StorageDriver,
  StorageObject,
  type DownloadRange,
  type ListObjectsOptions,
  type StorageMethod,
  type TransferOptions,
  type UploadOptions,
  storageMethodsExcept,
} from '../base.js';
import { pipeBody, type OpenedDownload } from '../download.js';
import { uploadSourceError } from '../upload-source.js';
import { HashingStream, knownLength, toReadable, type UploadSource } from '../streams.js';
import { checkContainerName, objectSegments, pathInside, RESERVED_DIR } from './names.js';
import { collectSidecars, makeSidecar, readSidecar, sidecarDir, sidecarPath, tempDirOf, type FileIdentity } from './sidecar.js';

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

type Code = string | undefined;
const codeOf = (err: unknown): Code => (err as NodeJS.ErrnoException | undefined)?.code;

/** Sorts directory entries so a depth-first walk yields names in UTF-8 byte order (S3's listing order). */
function sortKey(entry: Dirent): Buffer {
  return Buffer.from(entry.isDirectory() ? `${entry.name}/` : entry.name);
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
 * - Writes are atomic: the bytes go to a temporary file in the container, hashed (MD5)
 *   on the way, and are renamed into place. Readers see the old object or the new one.
 * - Content type, user metadata and the MD5 live in a sidecar under the container's
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

  override async listContainers(): Promise<Container[]> {
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

  override async getContainer(name: string): Promise<Container> {
    await this.#requireContainer(name);
    return this.#container(name);
  }

  /** Creates the container's directory (and the root, if needed). */
  override async createContainer(name: string): Promise<Container> {
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
  override async deleteContainer(container: Container<object> | string): Promise<void> {
    const name = containerName(container);
    const dir = await this.#requireContainer(name);
    for await (const _ of this.#walk(dir, '', '', false)) {
      throw new ContainerIsNotEmptyError(`Local: container ${JSON.stringify(name)} is not empty`, { provider: this.type });
    }
    await rm(dir, { recursive: true, force: true });
  }

  // Listing

  override async *iterateContainerObjects(container: Container<object> | string, options: ListObjectsOptions = {}): AsyncGenerator<StorageObject, void, undefined> {
    const name = containerName(container);
    const dir = await this.#requireContainer(name);
    const c = this.#container(name);
    const prefix = options.prefix ?? '';
    const delimiter = options.delimiter ? options.delimiter : undefined;
    let lastPrefix: string | undefined;
    for await (const entry of this.#walk(dir, '', prefix, delimiter === '/')) {
      if (entry.dir) {
        yield this.prefixEntry(c, entry.key);
        continue;
      }
      if (delimiter !== undefined) {
        const at = entry.key.indexOf(delimiter, prefix.length);
        if (at >= 0) {
          const common = entry.key.slice(0, at + delimiter.length);
          if (common !== lastPrefix) {
            lastPrefix = common;
            yield this.prefixEntry(c, common);
          }
          continue;
        }
      }
      const object = await this.#objectAt(c, dir, entry.key, entry.path, true).catch((err: unknown) => {
        if (err instanceof ObjectDoesNotExistError) return undefined; // deleted while we walked
        throw err;
      });
      if (object) yield object;
    }
  }

  /**
   * Walks the files under `dirPath` (whose names start with `keyPrefix`) in name order,
   * pruning directories that cannot hold names starting with `prefix`. With
   * `slashGroups`, a directory whose every name would fall into one `/`-delimited common
   * prefix is yielded once (when it holds a file) instead of being walked.
   */
  async *#walk(dirPath: string, keyPrefix: string, prefix: string, slashGroups: boolean): AsyncGenerator<WalkEntry, void, undefined> {
    let entries: Dirent[];
    try {
      entries = await readdir(dirPath, { withFileTypes: true });
    } catch (err) {
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') return;
      throw err;
    }
    const sorted = entries
      .filter((e) => (e.isFile() || e.isDirectory()) && !(keyPrefix === '' && e.name === RESERVED_DIR))
      .map((e) => ({ e, k: sortKey(e) }))
      .sort((a, b) => Buffer.compare(a.k, b.k));
    for (const { e } of sorted) {
      const key = keyPrefix + e.name;
      const path = join(dirPath, e.name);
      if (e.isFile()) {
        if (key.startsWith(prefix)) yield { key, path, dir: false };
        continue;
      }
      const dirKey = `${key}/`;
      if (dirKey.startsWith(prefix)) {
        if (slashGroups && dirKey.length > prefix.length) {
          if (await this.#holdsFile(path)) yield { key: dirKey, path, dir: true };
          continue;
        }
        yield* this.#walk(path, dirKey, prefix, slashGroups);
      } else if (prefix.startsWith(dirKey)) {
        yield* this.#walk(path, dirKey, prefix, slashGroups);
      }
    }
  }

  async #holdsFile(dirPath: string): Promise<boolean> {
    // A non-empty key prefix: `.nubes` is only reserved at the container's top.
    for await (const _ of this.#walk(dirPath, 'x/', '', false)) return true;
    return false;
  }

  async #objectAt(container: Container, dir: string, objectName: string, path: string, walked = false): Promise<StorageObject<LocalObjectExtra>> {
    // A walked path was reached through real directories (Dirent types do not follow links).
    if (!walked) await this.#noLinks(path, 'objectName');
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
        hash: side.md5,
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
  override async getObject(container: string, objectName: string): Promise<StorageObject> {
    const segments = objectSegments(objectName);
    const dir = await this.#requireContainer(container);
    return this.#objectAt(this.#container(container), dir, objectName, pathInside(dir, segments, 'objectName'));
  }

  // Uploads

  /**
   * Uploads from any source. The bytes go to a temporary file (hashed on the way) which
   * is renamed into place once complete: an aborted or failed upload leaves nothing,
   * and an existing object stays intact until the new one is whole.
   */
  override async uploadObjectViaStream(
    source: UploadSource,
    container: Container<object> | string,
    objectName: string,
    options: UploadOptions = {},
  ): Promise<StorageObject> {
    const name = containerName(container);
    const segments = objectSegments(objectName);
    const metaData = lowercaseMeta(options.metaData);
    const contentType = options.contentType ?? guessContentType(objectName);
    const input = toReadable(source);
    const { signal } = options;
    try {
      if (signal?.aborted) throw abortError(`Upload of ${JSON.stringify(objectName)}`, signal);
      const dir = await this.#requireContainer(name);
      const dest = pathInside(dir, segments, 'objectName');
      await this.#noLinks(dest, 'objectName');
      const tmpDir = tempDirOf(dir);
      await this.#noLinks(tmpDir, 'objectName');
      await mkdir(tmpDir, { recursive: true });
      await this.#noLinks(tmpDir, 'objectName');
      const temp = join(tmpDir, `${randomBytes(8).toString('hex')}.part`);
      const total = options.contentLength ?? knownLength(source);
      const hasher = new HashingStream({ algorithms: ['md5'], ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(total !== undefined ? { total } : {}) });
      let sideTemp: string | undefined;
      let side: string | undefined;
      try {
        try {
          await pipeline(input, hasher, createWriteStream(temp, { flags: 'wx' }), signal ? { signal } : {});
        } catch (err) {
          if (signal?.aborted) throw abortError(`Upload of ${JSON.stringify(objectName)}`, signal);
          if (input.errored) throw uploadSourceError(input.errored, objectName, this.type);
          throw err;
        }
        if (options.contentLength !== undefined && hasher.bytes !== options.contentLength) {
          throw new InvalidArgumentError(
            `contentLength was ${options.contentLength} but the source gave ${hasher.bytes} bytes; nothing was stored`,
            { option: 'contentLength' },
          );
        }
        const info = await stat(temp, { bigint: true });
        const file: FileIdentity = { ino: info.ino, size: info.size, mtimeNs: info.mtimeNs };
        const md5 = hasher.digest('md5');
        sideTemp = `${temp}.json`;
        await writeFile(sideTemp, JSON.stringify(makeSidecar(objectName, contentType, metaData, md5, file)), { flag: 'wx' });
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
            size: hasher.bytes,
            hash: md5,
            contentType,
            metaData,
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
    } finally {
      input.destroy();
    }
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

  /**
   * Opens the object's file. The length declared is the file's size when opened (or the
   * range of it), and a whole read is checked against the sidecar's MD5 when the sidecar
   * belongs to this very file (same inode, size and modification time).
   */
  protected override async openDownload(object: StorageObject<object>, range: DownloadRange | undefined, options: TransferOptions): Promise<OpenedDownload> {
    const name = object.container.name;
    const segments = objectSegments(object.name);
    const start = range?.start ?? 0;
    const end = range?.end;
    const { signal } = options;
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
    let size: number;
    let md5 = '';
    try {
      const info = await handle.stat({ bigint: true });
      if (!info.isFile()) throw this.#missingObject(name, object.name);
      size = Number(info.size);
      if (start > 0 && start >= size) {
        throw new InvalidArgumentError(`range start ${start} is past the end of ${JSON.stringify(object.name)} (${size} bytes)`, { option: 'start' });
      }
      if (range === undefined) await this.#noLinks(sidecarDir(dir, object.name), 'objectName');
      if (range === undefined) md5 = (await readSidecar(dir, object.name, { ino: info.ino, size: info.size, mtimeNs: info.mtimeNs })).md5;
    } catch (err) {
      await handle.close();
      throw err;
    }
    const last = end === undefined ? size - 1 : Math.min(end, size) - 1;
    const total = Math.max(0, last - start + 1);
    const digests = md5 !== '' ? { md5 } : {};
    // A range is described as an HTTP answer would: the base checks the file's size then.
    const described = range === undefined || total === 0 ? {} : { status: 206, contentRange: `bytes ${start}-${last}/${size}` };
    if (total === 0) {
      await handle.close();
      return { body: Readable.from([]), length: 0, digests };
    }
    const file = createReadStream(path, { fd: handle, start, end: last, highWaterMark: 256 * 1024 });
    const out = new PassThrough();
    if (signal) {
      const onAbort = (): void => {
        const err = abortError(`Download of ${JSON.stringify(object.name)}`, signal);
        file.destroy(err);
        out.destroy(err);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      out.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    return { body: pipeBody(file, out), length: total, digests, ...described };
  }

  // Deletes

  /** Deletes an object and its sidecar, and prunes directories left empty. */
  override async deleteObject(object: StorageObject<object>): Promise<void> {
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
