/**
 * The Local driver's sidecar: one small JSON file per object holding what a file system
 * does not keep — the MD5 computed while the object was written, its content type and
 * its user metadata.
 *
 * Layout: `<container>/.nubes/meta/<h0h1>/<h>.json`, where `h` is the hex SHA-256 of the
 * object name. Hashing the name keeps the sidecar tree flat and free of the
 * file-versus-directory clashes a mirrored tree would have (object `a` and object
 * `a.json/b`), and sidecars never appear among the objects.
 *
 * Format (version 1):
 *
 * ```json
 * { "v": 1, "name": "photos/cat.jpg", "contentType": "image/jpeg",
 *   "metaData": { "owner": "ada" }, "md5": "<32 hex>", "size": 1234,
 *   "ino": "<inode>", "mtimeNs": "<modification time in ns>" }
 * ```
 *
 * A sidecar belongs to the data file whose inode it names (a rename keeps the inode, and
 * every upload writes a new file). When a file was changed outside nubes — same inode but
 * another size or modification time — its content type and metadata still apply but the
 * MD5 does not: `hash` is then `''` and downloads are not verified. Files nubes did not
 * write have no sidecar: `hash` `''`, no metadata, content type guessed from the name.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
  /** MD5 of the bytes written, hex. */
  md5: string;
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

/** The sidecar path of `objectName` in the container at `containerDir`. */
export function sidecarPath(containerDir: string, objectName: string): string {
  const h = createHash('sha256').update(objectName).digest('hex');
  return join(containerDir, RESERVED_DIR, 'meta', h.slice(0, 2), `${h}.json`);
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
  /** `''` when the file changed since nubes wrote it, or has no sidecar. */
  md5: string;
}

/**
 * Reads the sidecar of `objectName` and checks it against the data file. A missing,
 * unreadable or foreign sidecar yields no metadata (never an error: the data is what
 * counts).
 */
export async function readSidecar(containerDir: string, objectName: string, file: FileIdentity): Promise<SidecarInfo> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(sidecarPath(containerDir, objectName), 'utf8'));
  } catch {
    return { contentType: undefined, metaData: {}, md5: '' };
  }
  if (!isSidecar(parsed) || parsed.name !== objectName || parsed.ino !== String(file.ino)) {
    return { contentType: undefined, metaData: {}, md5: '' };
  }
  const unchanged = String(file.size) === String(parsed.size) && String(file.mtimeNs) === parsed.mtimeNs;
  return { contentType: parsed.contentType, metaData: { ...parsed.metaData }, md5: unchanged ? parsed.md5 : '' };
}

/** The sidecar document for a freshly written data file. */
export function makeSidecar(objectName: string, contentType: string, metaData: Record<string, string>, md5: string, file: FileIdentity): Sidecar {
  return {
    v: 1,
    name: objectName,
    contentType,
    metaData,
    md5,
    size: Number(file.size),
    ino: String(file.ino),
    mtimeNs: String(file.mtimeNs),
  };
}
