/**
 * `storage cp` with several sources and `-r`, and `storage sync`, on the embedded Local
 * storage: what lands where, what is left out, and what sync decides to copy.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { nubesInProcess } from './helpers.js';

function workspace() {
  const cwd = tempDir('cli-sync');
  const env = { NUBES_DATA_DIR: join(cwd, 'data') };
  const run = (...args: string[]) => nubesInProcess(['storage', ...args], { cwd, env });
  const site = join(cwd, 'site');
  mkdirSync(join(site, 'css'), { recursive: true });
  mkdirSync(join(site, '.git'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<h1>hi</h1>\n');
  writeFileSync(join(site, 'css', 'main.css'), 'body{}\n');
  writeFileSync(join(site, 'draft.tmp'), 'scratch');
  writeFileSync(join(site, '.git', 'HEAD'), 'ref: main\n');
  return { cwd, run, site };
}

async function names(run: (...a: string[]) => Promise<{ stdout: string }>, path: string): Promise<string[]> {
  return (JSON.parse((await run('ls', path, '-r', '--json')).stdout) as Array<{ name: string }>).map((o) => o.name);
}

describe('nubes storage cp with several sources and -r', () => {
  it('uploads files into a prefix and a directory tree with excludes, then downloads the prefix back', async () => {
    const { cwd, run } = workspace();
    await run('mb', 'web');
    const many = await run('cp', './site/index.html', './site/css/main.css', 'web/flat/');
    expect(many.stderr).toBe('');
    expect(many.stdout).toMatch(/^copied 2 files \(19 B\) in \d+:\d\d/);
    const tree = await run('cp', '-r', './site', 'web/v2', '--exclude', '*.tmp', '--exclude', '.git', '--json');
    expect(JSON.parse(tree.stdout)).toMatchObject({ files: 2, bytes: 19 });
    expect(await names(run, 'web/')).toEqual(['flat/index.html', 'flat/main.css', 'v2/css/main.css', 'v2/index.html']);

    const back = await run('cp', '-r', 'web/v2/', './copy');
    expect(back.code).toBe(0);
    expect(readFileSync(join(cwd, 'copy', 'css', 'main.css'), 'utf8')).toBe('body{}\n');
    expect(readdirSync(join(cwd, 'copy')).sort()).toEqual(['css', 'index.html']);
  });

  it('asks for -r before copying a directory or a prefix, and refuses stdin among several sources', async () => {
    const { run } = workspace();
    await run('mb', 'web');
    const dir = await run('cp', './site', './site/index.html', 'web/');
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('"./site" is a directory: copy it with -r');
    const stdin = await run('cp', '-', './site/index.html', 'web/');
    expect(stdin.stderr).toContain('stdin (-) can only be copied alone');
  });
});

describe('nubes storage sync', () => {
  it('copies new and changed files only, by size and then MD5, and --dry-run copies nothing', async () => {
    const { run, site } = workspace();
    await run('mb', 'web');
    const first = await run('sync', './site', 'web/live', '--exclude', '.git/**', '--exclude', '*.tmp');
    expect(first.stdout).toMatch(/^synced 2 files \(19 B\) .*; 0 up to date\n$/);
    const again = await run('sync', './site', 'web/live', '--exclude', '.git/**', '--exclude', '*.tmp');
    expect(again.stdout).toMatch(/^synced 0 files \(0 B\) .*; 2 up to date\n$/);

    writeFileSync(join(site, 'index.html'), '<h1>HI</h1>\n'); // same size, other bytes
    writeFileSync(join(site, 'new.txt'), 'new\n');
    const dry = await run('sync', './site', 'web/live', '--exclude', '.git/**', '--exclude', '*.tmp', '--dry-run', '--json');
    expect(JSON.parse(dry.stdout)).toEqual({
      dryRun: true,
      copy: [
        { name: 'index.html', reason: 'content differs', size: 12 },
        { name: 'new.txt', reason: 'new', size: 4 },
      ],
      upToDate: 1,
    });
    expect(await names(run, 'web/live/')).toEqual(['live/css/main.css', 'live/index.html']);
    const third = await run('sync', './site', 'web/live', '--exclude', '.git/**', '--exclude', '*.tmp');
    expect(third.stdout).toMatch(/^synced 2 files \(16 B\) .*; 1 up to date\n$/);
    expect((await run('cp', 'web/live/index.html', '-')).stdout).toBe('<h1>HI</h1>\n');
  });

  it('syncs a prefix down to a directory, overwriting what changed', async () => {
    const { cwd, run } = workspace();
    await run('mb', 'web');
    await run('cp', '-r', './site', 'web/live', '--exclude', '.git');
    const down = await run('sync', 'web/live/', './restore');
    expect(down.stdout).toMatch(/^synced 3 files/);
    writeFileSync(join(cwd, 'restore', 'index.html'), 'locally changed\n');
    const again = await run('sync', 'web/live/', './restore');
    expect(again.stdout).toMatch(/^synced 1 file \(12 B\) .*; 2 up to date\n$/);
    expect(readFileSync(join(cwd, 'restore', 'index.html'), 'utf8')).toBe('<h1>hi</h1>\n');
  });
});
