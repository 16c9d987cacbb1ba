/**
 * The planning behind `storage cp -r`, multi-file `cp` and `storage sync`: walk a local
 * directory or list a remote prefix, match `--exclude` globs, and decide which files
 * differ (size, then MD5 where the store offers a plain MD5). The commands in storage.ts
 * run the plan; no provider logic lives here, only the StorageDriver API.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { StorageDriver, StorageObject } from '../../drivers/storage/base.js';

/** A file to copy: its name relative to the source root ('/'-separated) and its size. */
export interface Entry {
  /** Relative name, '/'-separated on every platform. */
  readonly rel: string;
  /** Size in bytes. */
  readonly size: number;
  /** The local path (local sources) or the object (remote sources). */
  readonly source: string | StorageObject;
}

/** Turns a glob (`*` within a segment, `**` across, `?` one character) into a RegExp over relative names. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern without a slash matches a name in any directory, as rsync and rclone do.
  return glob.includes('/') ? new RegExp(`^${out}$`) : new RegExp(`(^|/)${out}$`);
}

/** True when `rel` matches one of `excludes` (or a directory above it does). */
export function excluded(rel: string, excludes: readonly RegExp[]): boolean {
  if (excludes.length === 0) return false;
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const head = parts.slice(0, i).join('/');
    if (excludes.some((re) => re.test(head))) return true;
  }
  return false;
}

/** Every regular file under `root`, sorted by relative name. */
export async function walkLocal(root: string, excludes: readonly RegExp[]): Promise<Entry[]> {
  const out: Entry[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const dirent of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, dirent.name);
      const rel = relative(root, path).split(sep).join('/');
      if (excluded(rel, excludes)) continue;
      if (dirent.isDirectory()) await visit(path);
      else if (dirent.isFile()) out.push({ rel, size: (await stat(path)).size, source: path });
    }
  };
  await visit(root);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Every object under `prefix` (a prefix ending in '/' or empty), names relative to it. */
export async function listRemote(driver: StorageDriver, container: string, prefix: string, excludes: readonly RegExp[]): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const object of driver.iterateContainerObjects(container, prefix ? { prefix } : {})) {
    if (object.kind !== 'object') continue;
    const rel = object.name.slice(prefix.length);
    if (rel === '' || rel.endsWith('/') || excluded(rel, excludes)) continue;
    out.push({ rel, size: object.size, source: object });
  }
  return out;
}

/** MD5 of a local file, hex. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const PLAIN_MD5 = /^[0-9a-f]{32}$/i;

/** Why a file is copied by sync, or that it is already there. */
export type SyncReason = 'new' | 'size differs' | 'content differs' | 'same';

/**
 * Compares a source file with what is at the destination: missing → new; another size →
 * size differs; same size → MD5 of both where both are known (a multipart ETag is not an
 * MD5: then equal sizes count as the same, as rclone does without hashes).
 */
export async function compare(source: Entry, target: Entry | undefined): Promise<SyncReason> {
  if (target === undefined) return 'new';
  if (source.size !== target.size) return 'size differs';
  const md5Of = async (e: Entry): Promise<string | undefined> =>
    typeof e.source === 'string' ? md5File(e.source) : PLAIN_MD5.test(e.source.hash) ? e.source.hash.toLowerCase() : undefined;
  const remote = typeof source.source === 'string' ? target : source;
  // Hash the local side only when the remote one has an MD5 to compare with.
  if (typeof remote.source !== 'string' && !PLAIN_MD5.test(remote.source.hash)) return 'same';
  const [a, b] = await Promise.all([md5Of(source), md5Of(target)]);
  return a === undefined || b === undefined || a === b ? 'same' : 'content differs';
}
