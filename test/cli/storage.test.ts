/**
 * `nubes storage` on the embedded default (Local storage in the data directory): the
 * full round trip, the errors a user meets, progress bars (a fake terminal), in-process
 * through run(); piping through a real process's stdin and stdout, and exit codes, as
 * processes.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { MAIN_TS, nubes, nubesInProcess, TSX } from './helpers.js';

function workspace(): { cwd: string; env: Record<string, string> } {
  const cwd = tempDir('cli-storage');
  return { cwd, env: { NUBES_DATA_DIR: join(cwd, 'data') } };
}

describe('nubes storage on the embedded Local storage', () => {
  it('makes a container, uploads a file and stdin, lists, downloads to a file and to stdout', async () => {
    const { cwd, env } = workspace();
    writeFileSync(join(cwd, 'notes.txt'), 'hello nubes\n');
    const run = (args: string[], stdin?: string) => nubesInProcess(['storage', ...args], { cwd, env, ...(stdin !== undefined ? { stdin } : {}) });

    expect(await run(['mb', 'backups'])).toMatchObject({ code: 0, stdout: 'created container backups\n' });
    expect(await run(['cp', './notes.txt', 'backups/'])).toMatchObject({ code: 0, stdout: 'uploaded ./notes.txt to backups/notes.txt (12 B)\n' });
    expect(await run(['cp', 'notes.txt', 'backups/docs/2026/notes.txt'])).toMatchObject({ code: 0 });
    expect(await run(['cp', '-', 'backups/piped.bin'], 'from stdin')).toMatchObject({ code: 0, stdout: 'uploaded stdin to backups/piped.bin (10 B)\n' });

    const containers = await run(['ls', '--json']);
    expect(JSON.parse(containers.stdout)).toEqual([{ name: 'backups', extra: { path: join(cwd, 'data', 'storage', 'backups') } }]);

    const grouped = await run(['ls', 'backups']);
    expect(grouped.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      'SIZE MODIFIED NAME',
      expect.stringMatching(/^PRE - docs\/$/),
      expect.stringMatching(/^12 B \S+Z notes\.txt$/),
      expect.stringMatching(/^10 B \S+Z piped\.bin$/),
      '',
    ]);
    const all = JSON.parse((await run(['ls', 'backups', '-r', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(all.map((o) => o.name)).toEqual(['docs/2026/notes.txt', 'notes.txt', 'piped.bin']);
    expect(all[1]).toMatchObject({
      container: 'backups',
      kind: 'object',
      size: 12,
      hash: createHash('md5').update('hello nubes\n').digest('hex'),
      contentType: 'text/plain',
      lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      metaData: {},
    });
    const prefixed = JSON.parse((await run(['ls', 'backups/docs/', '-r', '--json'])).stdout) as Array<{ name: string }>;
    expect(prefixed.map((o) => o.name)).toEqual(['docs/2026/notes.txt']);

    const toStdout = await run(['cp', 'backups/piped.bin', '-']);
    expect(toStdout).toMatchObject({ code: 0, stdout: 'from stdin', stderr: '' });

    mkdirSync(join(cwd, 'downloads'));
    const toDir = await run(['cp', 'backups/docs/2026/notes.txt', './downloads/', '--json']);
    expect(toDir.code).toBe(0);
    expect(JSON.parse(toDir.stdout)).toMatchObject({ direction: 'download', destination: join(cwd, 'downloads', 'notes.txt'), name: 'docs/2026/notes.txt' });
    expect(readFileSync(join(cwd, 'downloads', 'notes.txt'), 'utf8')).toBe('hello nubes\n');
  });

  it('pipes stdin to an object and an object to stdout, byte for byte, as a process', async () => {
    const { cwd, env } = workspace();
    const bytes = Buffer.from(Array.from({ length: 3 * 256 }, (_, i) => i % 256));
    await nubesInProcess(['storage', 'mb', 'bin'], { cwd, env });
    const up = await nubes(['storage', 'cp', '-', 'bin/all-bytes'], { cwd, env, stdin: bytes });
    expect(up).toMatchObject({ code: 0, stdout: 'uploaded stdin to bin/all-bytes (768 B)\n', stderr: '' });
    const down = await nubes(['storage', 'cp', 'bin/all-bytes', '-'], { cwd, env, binary: true });
    expect(down.code).toBe(0);
    expect(Buffer.compare(down.bytes!, bytes)).toBe(0);
  });

  it('never overwrites a file without --force, and says so', async () => {
    const { cwd, env } = workspace();
    writeFileSync(join(cwd, 'a.txt'), 'new contents');
    writeFileSync(join(cwd, 'keep.txt'), 'precious');
    await nubesInProcess(['storage', 'mb', 'c'], { cwd, env });
    await nubesInProcess(['storage', 'cp', './a.txt', 'c/a.txt'], { cwd, env });

    const refused = await nubes(['storage', 'cp', 'c/a.txt', './keep.txt'], { cwd, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nubes: error [NUBES_ERR_FILE_EXISTS]');
    expect(refused.stderr).toContain('hint: pass --force to overwrite it');
    expect(readFileSync(join(cwd, 'keep.txt'), 'utf8')).toBe('precious');

    expect((await nubesInProcess(['storage', 'cp', 'c/a.txt', './keep.txt', '--force'], { cwd, env })).code).toBe(0);
    expect(readFileSync(join(cwd, 'keep.txt'), 'utf8')).toBe('new contents');
  });

  it('removes objects and containers, --force emptying a container first', async () => {
    const { cwd, env } = workspace();
    const run = (args: string[], stdin?: string) => nubesInProcess(['storage', ...args], { cwd, env, ...(stdin !== undefined ? { stdin } : {}) });
    await run(['mb', 'tmp']);
    await run(['cp', '-', 'tmp/one'], '1');
    await run(['cp', '-', 'tmp/two/deep'], '2');

    const notEmpty = await run(['rb', 'tmp']);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain('nubes: error [NUBES_ERR_CONTAINER_NOT_EMPTY]');
    expect(notEmpty.stderr).toContain("hint: 'nubes storage rb CONTAINER --force' removes its objects first");

    expect(await run(['rm', 'tmp/one', '--json'])).toMatchObject({ code: 0, stdout: expect.stringContaining('"removed": [\n    "tmp/one"\n  ]') as unknown });
    const gone = await run(['rm', 'tmp/one']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('nubes: error [NUBES_ERR_OBJECT_NOT_FOUND]');
    expect(await run(['rb', 'tmp', '--force'])).toMatchObject({ code: 0, stdout: 'removed container tmp and 1 object\n' });
    expect(JSON.parse((await run(['ls', '--json'])).stdout)).toEqual([]);
  });

  it('explains a missing container and refuses ambiguous copies before touching anything', async () => {
    const { cwd, env } = workspace();
    const missing = await nubesInProcess(['storage', 'ls', 'nope'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nubes: error [NUBES_ERR_CONTAINER_NOT_FOUND]');
    expect(missing.stderr).toContain("'nubes storage mb NAME' creates one");

    const [bothLocal, bothRemote, noName] = await Promise.all([
      nubes(['storage', 'cp', 'a.txt', 'b.txt'], { cwd, env }),
      nubes(['storage', 'cp', 'dir/a.txt', 'c/a.txt'], { cwd, env }),
      nubes(['storage', 'cp', '-', 'c/'], { cwd, env, stdin: 'x' }),
    ]);
    expect(bothLocal.code).toBe(2);
    expect(bothLocal.stderr).toContain('one of "a.txt" and "b.txt" must be CONTAINER/NAME');
    expect(bothRemote.code).toBe(2);
    expect(bothRemote.stderr).toContain('write local paths with ./');
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('cp from stdin needs the object name: cp - container/name');
  });

  it('draws a progress bar on a terminal, not with --quiet or --json, and never on stdout', async () => {
    const { cwd, env } = workspace();
    writeFileSync(join(cwd, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
    await nubesInProcess(['storage', 'mb', 'c'], { cwd, env });
    const tty = await nubesInProcess(['storage', 'cp', './big.bin', 'c/big.bin'], { cwd, env, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\rbig\.bin -> c\/big\.bin {2}\[#{24}\] 100% {2}3\.0 MiB \/ 3\.0 MiB( {2}\S+ \S+\/s {2}in \d+:\d\d)?\u001b\[K\n$/);
    expect(tty.stdout).toBe('uploaded ./big.bin to c/big.bin (3.0 MiB)\n');

    const quiet = await nubesInProcess(['storage', 'cp', 'c/big.bin', './copy.bin', '--quiet'], { cwd, env, tty: true });
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    const json = await nubesInProcess(['storage', 'cp', 'c/big.bin', './copy2.bin', '--json'], { cwd, env, tty: true });
    expect(json.stderr).toBe('');
    const piped = await nubesInProcess(['storage', 'cp', 'c/big.bin', './copy3.bin'], { cwd, env, tty: false });
    expect(piped.stderr).toBe('');
    const forced = await nubesInProcess(['storage', 'cp', 'c/big.bin', '-', '--progress'], { cwd, env, tty: false });
    expect(forced.stdout).toHaveLength(3 * 1024 * 1024);
    expect(forced.stderr).toContain('c/big.bin -> stdout');
  });
});

describe('interrupting a transfer (Ctrl-C)', () => {
  it('stops an upload from stdin, exits 130 and leaves no object behind', async () => {
    const { cwd, env } = workspace();
    await nubesInProcess(['storage', 'mb', 'c'], { cwd, env });
    const controller = new AbortController();
    let sent = false;
    // A pipe that delivers one chunk and then stays open, as a slow producer would.
    const stdin = new Readable({
      read() {
        if (sent) return;
        sent = true;
        this.push(Buffer.alloc(64 * 1024, 1));
        setImmediate(() => controller.abort());
      },
    });
    const r = await nubesInProcess(['storage', 'cp', '-', 'c/partial.bin'], { cwd, env, stdin, signal: controller.signal });
    expect(r).toMatchObject({ code: 130, stdout: '', stderr: 'nubes: interrupted\n' });
    const listing = await nubesInProcess(['storage', 'ls', 'c', '-r', '--json'], { cwd, env });
    expect(JSON.parse(listing.stdout)).toEqual([]);
  });

  it('stops a download, exits 130 and leaves no partial file at the destination', async () => {
    const { cwd, env } = workspace();
    writeFileSync(join(cwd, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 3));
    await nubesInProcess(['storage', 'mb', 'c'], { cwd, env });
    await nubesInProcess(['storage', 'cp', './big.bin', 'c/big.bin'], { cwd, env });
    const controller = new AbortController();
    // Interrupt as soon as the progress bar first draws: bytes are moving.
    const r = await nubesInProcess(['storage', 'cp', 'c/big.bin', './copy.bin'], {
      cwd,
      env,
      tty: true,
      signal: controller.signal,
      onStderr: (stderr) => stderr.once('data', () => controller.abort()),
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/nubes: interrupted\n$/);
    expect(readdirSync(cwd).filter((f) => f.includes('copy'))).toEqual([]);
  });
});

describe('Ctrl-C on the real process', () => {
  it('turns SIGINT into a clean stop with exit code 130', async () => {
    const { cwd, env } = workspace();
    await nubesInProcess(['storage', 'mb', 'c'], { cwd, env });
    const child = spawn(process.execPath, ['--import', TSX, MAIN_TS, 'storage', 'cp', '-', 'c/stream.bin', '--progress'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    // Once the progress bar shows bytes arriving, the upload is under way: interrupt it.
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!child.killed) child.kill('SIGINT');
    });
    child.stdin.write(Buffer.alloc(256 * 1024, 5)); // stdin stays open: the producer is still "running"
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code).toBe(130);
    expect(stderr).toContain('nubes: interrupted');
    const listing = await nubesInProcess(['storage', 'ls', 'c', '-r', '--json'], { cwd, env });
    expect(JSON.parse(listing.stdout)).toEqual([]);
  });
});
