/**
 * `nubes storage ...`: containers and objects, with streaming copies in both
 * directions (`-` is stdin or stdout) and a progress bar on a terminal.
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { StorageDriver, StorageObject } from '../../drivers/storage/base.js';
import type { AreaCommands, Command, CommandContext } from '../command.js';
import { write } from '../io.js';
import { containerJson, objectJson } from '../json.js';
import { formatBytes } from '../output.js';
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
  usage: 'cp SOURCE DEST [--force] [--content-type TYPE]',
  details: [
    'One side is local, the other CONTAINER/NAME:',
    '  nubes storage cp ./report.pdf docs/2026/report.pdf   upload',
    '  nubes storage cp ./report.pdf docs/                  upload as docs/report.pdf',
    '  nubes storage cp docs/2026/report.pdf ./report.pdf   download (--force overwrites)',
    '  tar c dir | nubes storage cp - backups/dir.tar       upload stdin',
    '  nubes storage cp backups/dir.tar - | tar x           download to stdout',
    'Write local paths that contain a slash with ./ (or an absolute path).',
  ].join('\n'),
  flags: ['force', 'content-type'],
  args: [2, 2],
  async run(ctx) {
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

/** The storage commands. */
export const storageCommands: AreaCommands = {
  area: 'storage',
  summary: 'object storage: ls, mb, rb, cp (streaming, - for stdin/stdout), rm',
  commands: [ls, mb, rb, cp, rm],
};
