/**
 * The Local driver's sidecar: one small JSON file per object holding what a file system
 * does not keep — the digests computed while the object was written (MD5 and/or CRC-32),
 * its content type and its user metadata.
 *
 * Layout: `<container>/.nubes/meta/<h0h1>/<h>/<ino>.json`, where `h` is the hex SHA-256
 * of the object name and `ino` the inode of the data file the sidecar describes. Hashing
 * the name keeps the sidecar tree flat and free of the file-versus-directory clashes a
 * mirrored tree would have (object `a` and object `a.json/b`), and sidecars never appear
 * among the objects. Naming the sidecar by the data file's inode lets an upload write its
 * sidecar BEFORE its data is renamed into place: whichever upload's data is there, its
 * own sidecar is already there too (last writer wins for both; concurrent uploads cannot
 * leave an object with another upload's metadata, or with none). Sidecars of replaced
 * files are collected afterwards ({@link collectSidecars}). Version-1 trees kept one
 * sidecar at `<h0h1>/<h>.json`; it is still read.
 *
 * Format (version 1):
 *
 * ```json
 * { "v": 1, "name": "photos/cat.jpg", "contentType": "image/jpeg",
 *   "metaData": { "owner": "ada" }, "md5": "<32 hex>", "crc32": "<8 hex>", "size": 1234,
 *   "ino": "<inode>", "mtimeNs": "<modification time in ns>" }
 * ```
 *
 * `md5` is `''` for objects larger than 8 MiB (files uploaded with `uploadObject` are copied
 * by the kernel while only their CRC-32 is computed, in parallel; stream uploads stop their
 * MD5 once they pass 8 MiB). `crc32` is absent in sidecars written before it existed.
 * Readers of either kind read both.
 *
 * A sidecar belongs to the data file whose inode it names (a rename keeps the inode, and
 * every upload writes a new file). When a file was changed outside nubes — same inode but
 * another size or modification time — its content type and metadata still apply but the
 * MD5 does not: `hash` is then `''` and downloads are not verified. Files nubes did not
 * write have no sidecar: `hash` `''`, no metadata, content type guessed from the name.
 */
import { createHash } from '../../../common/builtins.js';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { RESERVED_DIR } from './names.js';

/** What a sidecar stores. */
export interface Sidecar {
  /** Format version. */
  v: 1;
  /** The object name, to tell hash collisions apart. */
  name: string;
  /** The Content-Type given (or guessed) at upload. */
  contentType: string;
  /** User metadata given at upload. */
  metaData: Record<string, string>;
  /** MD5 of the bytes written, hex; `''` when it was not computed (objects over 8 MiB). */
  md5: string;
  /** CRC-32 (the zlib one) of the bytes written, 8 hex digits; absent in older sidecars. */
  crc32?: string;
  /** Size in bytes when written. */
  size: number;
  /** Inode of the data file written, as a decimal string. */
  ino: string;
  /** Modification time of the data file written, in nanoseconds, as a decimal string. */
  mtimeNs: string;
}

/** The identity of a data file a sidecar is checked against. */
export interface FileIdentity {
  /** Inode number. */
  ino: bigint;
  /** Size in bytes. */
  size: bigint;
  /** Modification time in nanoseconds. */
  mtimeNs: bigint;
}

function nameHash(objectName: string): string {
  return createHash('sha256').update(objectName).digest('hex');
}

/** The directory holding the sidecars of `objectName` (one per data file inode) in the container at `containerDir`. */
export function sidecarDir(containerDir: string, objectName: string): string {
  const h = nameHash(objectName);
  return join(containerDir, RESERVED_DIR, 'meta', h.slice(0, 2), h);
}

/** The sidecar path of `objectName` for the data file with inode `ino`. */
export function sidecarPath(containerDir: string, objectName: string, ino: bigint | string): string {
  return join(sidecarDir(containerDir, objectName), `${String(ino)}.json`);
}

/** Where version-1 trees kept the one sidecar of `objectName` (still read). */
export function legacySidecarPath(containerDir: string, objectName: string): string {
  const h = nameHash(objectName);
  return join(containerDir, RESERVED_DIR, 'meta', h.slice(0, 2), `${h}.json`);
}

/** Reads a small file without following a symbolic link in its last component. */
async function readNoFollow(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** The directory for temporary files of the container at `containerDir`. */
export function tempDirOf(containerDir: string): string {
  return join(containerDir, RESERVED_DIR, 'tmp');
}

function isSidecar(value: unknown): value is Sidecar {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 1 &&
    typeof v.name === 'string' &&
    typeof v.contentType === 'string' &&
    typeof v.md5 === 'string' &&
    typeof v.size === 'number' &&
    typeof v.ino === 'string' &&
    typeof v.mtimeNs === 'string' &&
    (v.crc32 === undefined || (typeof v.crc32 === 'string' && /^[0-9a-f]{8}$/.test(v.crc32))) &&
    !!v.metaData &&
    typeof v.metaData === 'object' &&
    Object.values(v.metaData).every((x) => typeof x === 'string')
  );
}

/** What a sidecar says about a data file, after checking it belongs to that file. */
export interface SidecarInfo {
  /** The stored Content-Type; undefined without a sidecar. */
  contentType: string | undefined;
  /** User metadata; empty without a sidecar. */
  metaData: Record<string, string>;
  /** `''` when the file changed since nubes wrote it, has no sidecar, or no MD5 was computed. */
  md5: string;
  /** The CRC-32 recorded (8 hex digits); `''` when the file changed since, has no sidecar, or none was recorded. */
  crc32: string;
  /**
   * True when the sidecar belongs to the file as it is now: same inode, size and
   * modification time as nubes recorded when it wrote it. Only then are its digests
   * trusted without reading the bytes.
   */
  unchanged: boolean;
}

const NOTHING: SidecarInfo = { contentType: undefined, metaData: {}, md5: '', crc32: '', unchanged: false };

/** What the object's `hash` is: the MD5 when recorded, else the CRC-32, else `''`. */
export function hashOf(info: SidecarInfo): string {
  return info.md5 !== '' ? info.md5 : info.crc32;
}

function interpret(parsed: unknown, objectName: string, file: FileIdentity): SidecarInfo {
  if (!isSidecar(parsed) || parsed.name !== objectName || parsed.ino !== String(file.ino)) return { ...NOTHING, metaData: {} };
  const unchanged = String(file.size) === String(parsed.size) && String(file.mtimeNs) === parsed.mtimeNs;
  return {
    contentType: parsed.contentType,
    metaData: { ...parsed.metaData },
    md5: unchanged ? parsed.md5 : '',
    crc32: unchanged ? (parsed.crc32 ?? '') : '',
    unchanged,
  };
}

function readNoFollowSync(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * {@link readSidecar}, synchronously: for the metadata of listed objects, read only when
 * a caller first looks at `hash`, `contentType` or `metaData`. The caller has checked
 * that the sidecar directory is no link.
 */
export function readSidecarSync(containerDir: string, objectName: string, file: FileIdentity): SidecarInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readNoFollowSync(sidecarPath(containerDir, objectName, file.ino)));
  } catch {
    try {
      parsed = JSON.parse(readNoFollowSync(legacySidecarPath(containerDir, objectName)));
    } catch {
      return { ...NOTHING, metaData: {} };
    }
  }
  return interpret(parsed, objectName, file);
}

/**
 * Reads the sidecar of `objectName` and checks it against the data file. A missing,
 * unreadable or foreign sidecar yields no metadata (never an error: the data is what
 * counts).
 */
export async function readSidecar(containerDir: string, objectName: string, file: FileIdentity): Promise<SidecarInfo> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readNoFollow(sidecarPath(containerDir, objectName, file.ino)));
  } catch {
    try {
      parsed = JSON.parse(await readNoFollow(legacySidecarPath(containerDir, objectName)));
    } catch {
      return { ...NOTHING, metaData: {} };
    }
  }
  return interpret(parsed, objectName, file);
}

/** The sidecar document for a freshly written data file. */
export function makeSidecar(objectName: string, contentType: string, metaData: Record<string, string>, digests: { md5: string; crc32: string }, file: FileIdentity): Sidecar {
  return {
    v: 1,
    name: objectName,
    contentType,
    metaData,
    md5: digests.md5,
    crc32: digests.crc32,
    size: Number(file.size),
    ino: String(file.ino),
    mtimeNs: String(file.mtimeNs),
  };
}

/**
 * Removes the sidecars of `objectName` that belong to no data file any more: neither to
 * the object's file now (`dataPath`) nor to a temporary file of an upload in progress
 * (in `tempDir`), and the version-1 sidecar. The order of the three looks makes it safe
 * against concurrent uploads: an upload writes its temp file before its sidecar, so a
 * sidecar found in step 1 whose temp file is gone in step 2 had its data renamed into
 * place before step 2; if step 3 finds another file there, it was replaced.
 */
export async function collectSidecars(containerDir: string, objectName: string, dataPath: string, tempDir: string): Promise<void> {
  const dir = sidecarDir(containerDir, objectName);
  const names = await readdir(dir).catch(() => [] as string[]);
  const inProgress = new Set<string>();
  for (const temp of await readdir(tempDir).catch(() => [] as string[])) {
    const info = await stat(join(tempDir, temp), { bigint: true }).catch(() => undefined);
    if (info) inProgress.add(String(info.ino));
  }
  const current = await stat(dataPath, { bigint: true }).catch(() => undefined);
  for (const name of names) {
    const ino = name.replace(/\.json$/, '');
    if (ino === name || inProgress.has(ino) || (current !== undefined && String(current.ino) === ino)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
  await unlink(legacySidecarPath(containerDir, objectName)).catch(() => undefined);
}
