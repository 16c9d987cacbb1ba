/**
 * Running the CLI in tests: as a real process (`node --import tsx src/cli/main.ts`, the
 * same code `npm run build` turns into dist/cli/main.js), or in-process through `run()`
 * with fake streams (for terminal-only behaviour such as progress bars).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from '../../src/cli/run.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI entry, as TypeScript. */
export const MAIN_TS = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
/** The tsx loader, by URL (so it resolves whatever the working directory). */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** The test plugin registering the `fake-cloud` compute driver. */
export const FAKE_CLOUD_PLUGIN = fileURLToPath(new URL('./fixtures/fake-cloud-plugin.ts', import.meta.url));

/**
 * HOME for every CLI run unless a test sets its own: an empty directory, so a developer's
 * own ~/.config/nubes profiles and ~/.local/share/nubes state never reach a test.
 */
export const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'nubes-cli-home-'));

/** What a CLI run produced. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, with `binary: true`. */
  bytes?: Buffer;
}

/** Options of {@link nubes}. */
export interface RunOptions {
  /** The whole environment of the child (only PATH is added): nothing leaks in from the machine. */
  env?: Record<string, string>;
  cwd?: string;
  stdin?: string | Buffer;
  /** Run this script instead of src/cli/main.ts (e.g. dist/cli/main.js), without tsx. */
  script?: string;
  /** Also return stdout as bytes (for binary output). */
  binary?: boolean;
}

/** Runs `nubes ...args` as a process and collects its output and exit code. */
export function nubes(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const nodeArgs = options.script ? [options.script, ...args] : ['--import', TSX, MAIN_TS, ...args];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: EMPTY_HOME, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  else child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(options.binary ? { bytes: Buffer.concat(out) } : {}),
      }),
    );
  });
}

/** A fake stream that can claim to be a terminal. */
function sink(isTTY: boolean): PassThrough & { isTTY: boolean; text(): string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; text(): string };
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.isTTY = isTTY;
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

/** Runs the CLI in this process with fake streams; `tty` makes stdout and stderr terminals. */
export async function nubesInProcess(
  args: readonly string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    stdin?: string | Buffer | Readable;
    tty?: boolean;
    signal?: AbortSignal;
    /** Called with the fake stderr before the command runs (to react to a progress bar). */
    onStderr?: (stderr: PassThrough) => void;
  } = {},
): Promise<CliResult> {
  const stdout = sink(options.tty === true);
  const stderr = sink(options.tty === true);
  options.onStderr?.(stderr);
  const stdin = options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const code = await run(
    args,
    { stdout, stderr, stdin, env: { HOME: EMPTY_HOME, ...options.env }, cwd: options.cwd ?? ROOT },
    options.signal ? { signal: options.signal } : {},
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A loopback HTTP(S) server with one handler, for provider-shaped answers. */
export interface FakeApi {
  readonly url: string;
  readonly requests: Array<{ method: string; url: string; authorization: string | undefined; body: string }>;
  close(): Promise<void>;
}

/** Starts a fake API on 127.0.0.1 (https when `tls` is given). */
export async function startFakeApi(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  tls?: { key: string; cert: string },
): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const wrapped = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') });
      handler(req, res);
    });
  };
  const server = tls ? createHttpsServer(tls, wrapped) : createServer(wrapped);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A DigitalOcean-shaped droplets API: `good-token` lists one droplet, anything else is a 401. */
export function dropletsApi(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-request-id', 'req-fake-42');
  if (req.headers.authorization !== 'Bearer good-token') {
    res.statusCode = 401;
    res.end(JSON.stringify({ id: 'unauthorized', message: 'Unable to authenticate you' }));
    return;
  }
  res.end(JSON.stringify({ droplets: [{ id: 7, name: 'web-7', status: 'active', ip: '192.0.2.7' }] }));
}
