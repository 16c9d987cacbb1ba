/**
 * `nubes storage ...`: containers and objects, with streaming copies in both
 * directions (`-` is stdin or stdout) and a progress bar on a terminal.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { StorageDriver, StorageObject } from '../../drivers/storage/base.js';
import type { AreaCommands, Command, CommandContext } from '../command.js';
import { write } from '../io.js';
import { containerJson, objectJson } from '../json.js';
import { formatBytes, formatDuration } from '../output.js';
import { compare, excluded, globToRegExp, listRemote, walkLocal, type SyncReason } from './transfer.js';
import { UsageError } from '../usage-error.js';

/** A `container/name` path; `name` may be empty (a container, or a prefix). */
export interface RemotePath {
  /** The container name (before the first `/`). */
  readonly container: string;
  /** The object name or prefix (after the first `/`); empty for the container itself. */
  readonly name: string;
}

/** Splits `container[/name]` at the first slash. */
export function parseRemote(text: string): RemotePath {
  const slash = text.indexOf('/');
  const container = slash === -1 ? text : text.slice(0, slash);
  const name = slash === -1 ? '' : text.slice(slash + 1);
  if (container === '') throw new UsageError(`${JSON.stringify(text)} is not a container path: write container/name`);
  return { container, name };
}

/**
 * True when a cp argument is local: `-`, a path starting with `/`, `./`, `../`, `~/` or a
 * drive letter, or a bare name without a slash (a remote path is always CONTAINER/NAME).
 */
export function looksLocal(text: string): boolean {
  return text === '-' || /^(\.{1,2}([\\/]|$)|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(text) || !text.includes('/');
}

async function localKind(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

const ls: Command = {
  name: 'ls',
  summary: 'list containers, or the objects of a container (under a prefix)',
  usage: 'ls [CONTAINER[/PREFIX]] [-r]',
  details: 'Without -r, names are grouped at "/" like directories (shown with a trailing /).',
  flags: ['recursive'],
  args: [0, 1],
  async run(ctx) {
    const driver = await ctx.driver<StorageDriver>();
    const target = ctx.args[0];
    if (target === undefined) {
      const containers = await driver.listContainers();
      await ctx.out.list(containers, [{ header: 'NAME', value: (c) => c.name }], containerJson, '(no containers)');
      return;
    }
    const { container, name: prefix } = parseRemote(target);
    const objects = await driver.listContainerObjects(container, {
      ...(prefix ? { prefix } : {}),
      ...(ctx.flags.recursive ? {} : { delimiter: '/' }),
    });
    await ctx.out.list(
      objects,
      [
        { header: 'SIZE', value: (o) => (o.kind === 'prefix' ? 'PRE' : formatBytes(o.size)), right: true },
        { header: 'MODIFIED', value: (o) => o.lastModified?.toISOString().replace(/\.\d{3}Z$/, 'Z') },
        { header: 'NAME', value: (o) => o.name },
      ],
      objectJson,
      '(no objects)',
    );
  },
};

const mb: Command = {
  name: 'mb',
  summary: 'make a container (bucket)',
  usage: 'mb CONTAINER',
  args: [1, 1],
  async run(ctx) {
    const driver = await ctx.driver<StorageDriver>();
    const container = await driver.createContainer(parseRemote(ctx.args[0]!).container);
    await ctx.out.result(`created container ${container.name}`, containerJson(container));
  },
};

const rb: Command = {
  name: 'rb',
  summary: 'remove a container (--force removes its objects first)',
  usage: 'rb CONTAINER [--force]',
  flags: ['force'],
  args: [1, 1],
  async run(ctx) {
    const driver = await ctx.driver<StorageDriver>();
    const { container } = parseRemote(ctx.args[0]!);
    let removed = 0;
    if (ctx.flags.force) {
      for await (const object of driver.iterateContainerObjects(container)) {
        if (object.kind !== 'object') continue;
        await driver.deleteObject(object);
        removed++;
      }
    }
    await driver.deleteContainer(container);
    await ctx.out.result(
      `removed container ${container}${removed ? ` and ${removed} object${removed === 1 ? '' : 's'}` : ''}`,
      { container, removedObjects: removed, ok: true },
    );
  },
};

async function upload(ctx: CommandContext, driver: StorageDriver, source: string, dest: RemotePath): Promise<StorageObject> {
  const name = dest.name === '' || dest.name.endsWith('/') ? `${dest.name}${source === '-' ? '' : basename(source)}` : dest.name;
  if (name === '' || name.endsWith('/')) throw new UsageError('cp from stdin needs the object name: cp - container/name', 'storage cp');
  const contentType = ctx.flags['content-type'];
  const bar = ctx.progress(`${source === '-' ? 'stdin' : basename(source)} -> ${dest.container}/${name}`);
  const options = { ...(contentType ? { contentType } : {}), ...(bar ? { onProgress: bar.update } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) };
  try {
    const object =
      source === '-'
        ? await driver.uploadObjectViaStream(ctx.io.stdin, dest.container, name, options)
        : await driver.uploadObject(isAbsolute(source) ? source : resolve(ctx.io.cwd, source), dest.container, name, options);
    bar?.done();
    return object;
  } catch (err) {
    bar?.clear();
    throw err;
  }
}

async function download(ctx: CommandContext, driver: StorageDriver, source: RemotePath, dest: string): Promise<{ object: StorageObject; path: string }> {
  if (source.name === '' || source.name.endsWith('/')) throw new UsageError('cp from storage needs an object: cp container/name ./file', 'storage cp');
  const object = await driver.getObject(source.container, source.name);
  let path = dest === '-' ? '-' : isAbsolute(dest) ? dest : resolve(ctx.io.cwd, dest);
  if (path !== '-' && (dest.endsWith('/') || (await localKind(path)) === 'dir')) path = join(path, basename(source.name));
  const bar = ctx.progress(`${source.container}/${source.name} -> ${dest === '-' ? 'stdout' : basename(path)}`);
  try {
    if (path === '-') {
      const stream = await driver.downloadObjectAsStream(object, { ...(bar ? { onProgress: bar.update } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      ctx.signal?.addEventListener('abort', () => stream.destroy(), { once: true });
      let loaded = 0;
      for await (const chunk of stream) {
        await write(ctx.io.stdout, chunk as Buffer);
        loaded += (chunk as Buffer).length;
        bar?.update({ loaded, total: object.size });
      }
    } else {
      await driver.downloadObject(object, path, {
        overwriteExisting: ctx.flags.force === true,
        ...(bar ? { onProgress: bar.update } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    }
    bar?.done();
  } catch (err) {
    bar?.clear();
    throw err;
  }
  return { object, path };
}

const cp: Command = {
  name: 'cp',
  summary: 'copy a file (or stdin, "-") to storage, or an object to a file (or stdout, "-")',
  usage: 'cp SOURCE... DEST [-r] [--exclude GLOB]... [--force] [--content-type TYPE]',
  details: [
    'One side is local, the other CONTAINER/NAME:',
    '  nubes storage cp ./report.pdf docs/2026/report.pdf   upload',
    '  nubes storage cp ./report.pdf docs/                  upload as docs/report.pdf',
    '  nubes storage cp docs/2026/report.pdf ./report.pdf   download (--force overwrites)',
    '  tar c dir | nubes storage cp - backups/dir.tar       upload stdin',
    '  nubes storage cp backups/dir.tar - | tar x           download to stdout',
    '  nubes storage cp a.txt b.txt docs/2026/                several files into a prefix',
    '  nubes storage cp -r ./site web/v2/ --exclude "*.tmp"  a directory\'s contents under web/v2/',
    '  nubes storage cp -r web/v2/ ./site-copy               a prefix to a directory',
    'Write local paths that contain a slash with ./ (or an absolute path). Like the AWS CLI,',
    'cp -r puts the directory\'s contents (not the directory itself) under the prefix.',
  ].join('\n'),
  flags: ['force', 'content-type', 'recursive', 'exclude'],
  args: [2, Infinity],
  async run(ctx) {
    if (ctx.args.length > 2 || ctx.flags.recursive) {
      await copyMany(ctx);
      return;
    }
    if (ctx.flags.exclude) throw new UsageError('--exclude goes with -r (or several sources)', 'storage cp');
    const [source, dest] = ctx.args as [string, string];
    let direction: 'up' | 'down';
    const srcLocal = looksLocal(source);
    const destLocal = looksLocal(dest);
    if (srcLocal && !destLocal) direction = 'up';
    else if (!srcLocal && destLocal) direction = 'down';
    else if (!srcLocal && !destLocal && (await localKind(resolve(ctx.io.cwd, source))) === 'file') direction = 'up';
    else if (srcLocal && destLocal) {
      throw new UsageError(`cp copies between a local file and storage: one of ${JSON.stringify(source)} and ${JSON.stringify(dest)} must be CONTAINER/NAME`, 'storage cp');
    } else {
      throw new UsageError(
        `cp cannot tell which of ${JSON.stringify(source)} and ${JSON.stringify(dest)} is local: write local paths with ./ (or absolute)`,
        'storage cp',
      );
    }
    const driver = await ctx.driver<StorageDriver>();
    if (direction === 'up') {
      const object = await upload(ctx, driver, source, parseRemote(dest));
      await ctx.out.result(`uploaded ${source === '-' ? 'stdin' : source} to ${object.container.name}/${object.name} (${formatBytes(object.size)})`, {
        direction: 'upload',
        source,
        ...objectJson(object),
      });
    } else {
      const { object, path } = await download(ctx, driver, parseRemote(source), dest);
      if (path === '-') return; // stdout carries the bytes: nothing else may go there
      await ctx.out.result(`downloaded ${object.container.name}/${object.name} to ${dest} (${formatBytes(object.size)})`, {
        direction: 'download',
        destination: path,
        ...objectJson(object),
      });
    }
  },
};

const rm: Command = {
  name: 'rm',
  summary: 'remove objects',
  usage: 'rm CONTAINER/NAME...',
  args: [1, Infinity],
  async run(ctx) {
    const driver = await ctx.driver<StorageDriver>();
    const removed: string[] = [];
    for (const arg of ctx.args) {
      const { container, name } = parseRemote(arg);
      if (name === '') throw new UsageError(`rm removes objects: write ${container}/NAME (use rb to remove a container)`, 'storage rm');
      const object = await driver.getObject(container, name);
      await driver.deleteObject(object);
      removed.push(`${container}/${name}`);
    }
    await ctx.out.result(removed.map((r) => `removed ${r}`).join('\n'), { removed, ok: true });
  },
};

/** A prefix to put names under: '' for a container, else ending in '/'. */
function asPrefix(name: string): string {
  return name === '' || name.endsWith('/') ? name : `${name}/`;
}

function excludesOf(ctx: CommandContext): RegExp[] {
  return (ctx.flags.exclude ?? []).map(globToRegExp);
}

function summary(verb: string, files: number, bytes: number, ms: number): string {
  const rate = ms > 0 ? ` at ${formatBytes((bytes * 1000) / ms)}/s` : '';
  return `${verb} ${files} file${files === 1 ? '' : 's'} (${formatBytes(bytes)}) in ${formatDuration(ms / 1000)}${files > 0 ? rate : ''}`;
}

/** Copies planned entries, one at a time, each with its progress bar. */
async function runPlan(ctx: CommandContext, driver: StorageDriver, plan: readonly Planned[]): Promise<number> {
  let bytes = 0;
  for (const item of plan) {
    if (item.up) {
      await upload(ctx, driver, item.from as string, { container: item.container, name: item.to });
    } else {
      await mkdir(dirname(item.to), { recursive: true });
      await download(ctx, driver, { container: item.container, name: (item.from as StorageObject).name }, item.to);
    }
    bytes += item.size;
  }
  return bytes;
}

/** One copy of a plan: local path → object, or object → local path. */
interface Planned {
  readonly up: boolean;
  readonly from: string | StorageObject;
  readonly container: string;
  /** The object name (up) or the local path (down). */
  readonly to: string;
  readonly size: number;
  readonly rel: string;
}

/** The copies of `cp -r` / multi-source `cp`: every source into the destination prefix or directory. */
async function planCopy(ctx: CommandContext, driver: StorageDriver, sources: readonly string[], dest: string): Promise<Planned[]> {
  const topic = 'storage cp';
  const excludes = excludesOf(ctx);
  const plan: Planned[] = [];
  if (!looksLocal(dest)) {
    const target = parseRemote(dest);
    const prefix = asPrefix(target.name);
    for (const source of sources) {
      if (source === '-') throw new UsageError('stdin (-) can only be copied alone: cp - container/name', topic);
      const path = isAbsolute(source) ? source : resolve(ctx.io.cwd, source);
      const kind = await localKind(path);
      if (kind === undefined) throw new UsageError(`${JSON.stringify(source)} does not exist`, topic);
      if (kind === 'dir') {
        if (!ctx.flags.recursive) throw new UsageError(`${JSON.stringify(source)} is a directory: copy it with -r`, topic);
        for (const e of await walkLocal(path, excludes)) plan.push({ up: true, from: e.source as string, container: target.container, to: `${prefix}${e.rel}`, size: e.size, rel: e.rel });
      } else if (!excluded(basename(path), excludes)) {
        plan.push({ up: true, from: path, container: target.container, to: `${prefix}${basename(path)}`, size: (await stat(path)).size, rel: basename(path) });
      }
    }
    return plan;
  }
  if (dest === '-') throw new UsageError('several objects cannot go to stdout: give a directory', topic);
  const dir = isAbsolute(dest) ? dest : resolve(ctx.io.cwd, dest);
  if ((await localKind(dir)) === 'file') throw new UsageError(`${JSON.stringify(dest)} is a file: several objects need a directory`, topic);
  for (const source of sources) {
    if (looksLocal(source)) throw new UsageError(`cp copies between local files and storage: ${JSON.stringify(source)} and ${JSON.stringify(dest)} are both local`, topic);
    const remote = parseRemote(source);
    if (remote.name === '' || remote.name.endsWith('/')) {
      if (!ctx.flags.recursive) throw new UsageError(`${JSON.stringify(source)} is a container or prefix: copy it with -r`, topic);
      for (const e of await listRemote(driver, remote.container, remote.name, excludes)) {
        plan.push({ up: false, from: e.source, container: remote.container, to: join(dir, ...e.rel.split('/')), size: e.size, rel: e.rel });
      }
    } else {
      const object = await driver.getObject(remote.container, remote.name);
      const rel = basename(remote.name);
      if (!excluded(rel, excludes)) plan.push({ up: false, from: object, container: remote.container, to: join(dir, rel), size: object.size, rel });
    }
  }
  return plan;
}

async function copyMany(ctx: CommandContext): Promise<void> {
  const sources = ctx.args.slice(0, -1);
  const dest = ctx.args[ctx.args.length - 1]!;
  const driver = await ctx.driver<StorageDriver>();
  const started = Date.now();
  const plan = await planCopy(ctx, driver, sources, dest);
  const bytes = await runPlan(ctx, driver, plan);
  const ms = Date.now() - started;
  await ctx.out.result(summary('copied', plan.length, bytes, ms), {
    copied: plan.map((p) => ({ name: p.rel, direction: p.up ? 'upload' : 'download', size: p.size, destination: p.up ? `${p.container}/${p.to}` : p.to })),
    files: plan.length,
    bytes,
  });
}

const sync: Command = {
  name: 'sync',
  summary: 'make a container prefix match a local directory, or the reverse (new and changed files only)',
  usage: 'sync SOURCE DEST [--dry-run] [--exclude GLOB]...',
  details: [
    'One side is a local directory, the other CONTAINER[/PREFIX]. A file is copied when it is',
    'missing at the destination, its size differs, or (same size) its MD5 differs where the',
    'store keeps a plain MD5 (a multipart ETag is not one, nor the CRC-32 that Local keeps for',
    'objects over 8 MiB: then equal sizes count as the same).',
    'Nothing is deleted at the destination.',
    '  nubes storage sync ./site web/ --exclude "*.tmp" --exclude ".git/**"',
    '  nubes storage sync backups/2026/ ./restore --dry-run',
  ].join('\n'),
  flags: ['dry-run', 'exclude'],
  args: [2, 2],
  async run(ctx) {
    const topic = 'storage sync';
    const [source, dest] = ctx.args as [string, string];
    const up = looksLocal(source) && !looksLocal(dest);
    const down = !looksLocal(source) && looksLocal(dest);
    if (!up && !down) throw new UsageError(`sync copies between a local directory and CONTAINER[/PREFIX]: got ${JSON.stringify(source)} and ${JSON.stringify(dest)}`, topic);
    if (source === '-' || dest === '-') throw new UsageError('sync works on directories, not stdin or stdout', topic);
    const excludes = excludesOf(ctx);
    const driver = await ctx.driver<StorageDriver>();
    const local = resolve(ctx.io.cwd, up ? source : dest);
    const remote = parseRemote(up ? dest : source);
    const prefix = asPrefix(remote.name);
    if (up && (await localKind(local)) !== 'dir') throw new UsageError(`${JSON.stringify(source)} is not a directory`, topic);
    const localEntries = (await localKind(local)) === 'dir' ? await walkLocal(local, excludes) : [];
    const remoteEntries = await listRemote(driver, remote.container, prefix, excludes);
    const [from, to] = up ? [localEntries, remoteEntries] : [remoteEntries, localEntries];
    const existing = new Map(to.map((e) => [e.rel, e]));
    const plan: Array<Planned & { reason: SyncReason }> = [];
    let same = 0;
    for (const entry of from) {
      const reason = await compare(entry, existing.get(entry.rel));
      if (reason === 'same') {
        same++;
        continue;
      }
      plan.push({
        up,
        from: entry.source,
        container: remote.container,
        to: up ? `${prefix}${entry.rel}` : join(local, ...entry.rel.split('/')),
        size: entry.size,
        rel: entry.rel,
        reason,
      });
    }
    const started = Date.now();
    if (ctx.flags['dry-run']) {
      const lines = plan.map((p) => `would copy ${p.rel} (${p.reason}, ${formatBytes(p.size)})`);
      lines.push(`dry run: ${plan.length} to copy, ${same} up to date`);
      await ctx.out.result(lines.join('\n'), { dryRun: true, copy: plan.map((p) => ({ name: p.rel, reason: p.reason, size: p.size })), upToDate: same });
      return;
    }
    if (!up) await mkdir(local, { recursive: true });
    // Overwriting a changed local file is what sync is for.
    const forced: CommandContext = { ...ctx, flags: { ...ctx.flags, force: true } };
    const bytes = await runPlan(forced, driver, plan);
    await ctx.out.result(`${summary('synced', plan.length, bytes, Date.now() - started)}; ${same} up to date`, {
      copied: plan.map((p) => ({ name: p.rel, reason: p.reason, size: p.size })),
      upToDate: same,
      bytes,
    });
  },
};

/** The storage commands. */
export const storageCommands: AreaCommands = {
  area: 'storage',
  summary: 'object storage: ls, mb, rb, cp (streaming, - for stdin/stdout, -r), sync, rm',
  commands: [ls, mb, rb, cp, sync, rm],
};
