/**
 * Azurite, Microsoft's Azure Storage emulator (npm devDependency), as a test peer: its
 * Blob service on a free 127.0.0.1 port, data in a fresh temporary directory, stopped by
 * PID.
 *
 * Azurite 3.35 needs Node >= 22 while nubes supports Node 20. Where the tests run on an
 * older Node, a Node 22 binary comes from the registry package `node@22`, run once
 * through npm's own client: `npm exec --yes --package=node@22 -- node -p ...`. Its path
 * is cached for the process and in a file under the temp directory, re-validated on
 * every use. `NUBES_NODE22=/path/to/node` skips the lookup.
 *
 * Policy (as `missingPeer`): without Node 22 or without the azurite package, the tests
 * skip with the reason printed; under CI=true they fail.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, IN_CI, startProcess, tempDir, waitForPort, type PeerProcess } from './process.js';

/** The emulator's well-known development account. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** Its published, documented development key (not a secret: every Azurite has it). */
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const NODE_MAJOR = 22;
const CACHE_FILE = join(tmpdir(), `nubes-node${NODE_MAJOR}-path`);

function majorOf(binary: string): number | undefined {
  const result = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 15_000 });
  if (result.status !== 0) return undefined;
  const major = Number(result.stdout.trim().split('.')[0]);
  return Number.isInteger(major) ? major : undefined;
}

function usable(binary: string | undefined): binary is string {
  return binary !== undefined && binary !== '' && existsSync(binary) && (majorOf(binary) ?? 0) >= NODE_MAJOR;
}

function npmExecNode(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['exec', '--yes', `--package=node@${NODE_MAJOR}`, '--', 'node', '-p', 'process.execPath'],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (err, stdout) => {
        if (err) {
          resolve(undefined);
          return;
        }
        const lines = stdout.trim().split('\n');
        resolve(lines[lines.length - 1]?.trim());
      },
    );
  });
}

let lookup: Promise<{ path: string } | { reason: string }> | undefined;

async function findNode22(): Promise<{ path: string } | { reason: string }> {
  const override = process.env.NUBES_NODE22;
  if (override) {
    return usable(override) ? { path: override } : { reason: `NUBES_NODE22=${override} is not a Node >= ${NODE_MAJOR} binary` };
  }
  if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR) return { path: process.execPath };
  try {
    const cached = readFileSync(CACHE_FILE, 'utf8').trim();
    if (usable(cached)) return { path: cached };
  } catch {
    // no cache yet
  }
  const found = await npmExecNode();
  if (!usable(found)) {
    return { reason: `npm exec --package=node@${NODE_MAJOR} gave no usable Node (offline?); set NUBES_NODE22=/path/to/node` };
  }
  try {
    writeFileSync(CACHE_FILE, found);
  } catch {
    // a read-only temp dir only costs the next run a lookup
  }
  return { path: found };
}

/**
 * A Node >= 22 binary: `NUBES_NODE22`, this process's own Node when new enough, the
 * cached path, or `node@22` through `npm exec` (downloaded once into npm's cache).
 * Looked up once per process.
 */
export async function node22(): Promise<{ path: string } | { reason: string }> {
  lookup ??= findNode22();
  return lookup;
}

/** The azurite-blob entry script, from the package's `bin`; undefined when not installed. */
export function azuriteBlobScript(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('azurite/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin?: Record<string, string> };
    const bin = pkg.bin?.['azurite-blob'];
    if (!bin) return undefined;
    const script = join(dirname(pkgPath), bin);
    return existsSync(script) ? script : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Undefined when Azurite can run here, else the reason to skip (printed). Under CI=true
 * a missing piece throws: CI must fail, never skip silently.
 */
export async function azuriteUnavailable(): Promise<string | undefined> {
  let reason: string | undefined;
  if (azuriteBlobScript() === undefined) reason = 'Azurite tests need the azurite devDependency (npm ci)';
  else {
    const node = await node22();
    if ('reason' in node) reason = `Azurite tests need Node >= ${NODE_MAJOR}: ${node.reason}`;
  }
  if (reason === undefined) return undefined;
  if (IN_CI) throw new Error(`CI=true and a test peer is missing: ${reason}`);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** A running Azurite Blob service. */
export interface Azurite {
  /** Endpoint for path-style requests: `http://127.0.0.1:<port>/devstoreaccount1`. */
  readonly url: string;
  readonly port: number;
  readonly account: string;
  readonly key: string;
  readonly pid: number;
  /** Milliseconds from spawn to accepting connections (for the record, not for assertions). */
  readonly startupMs: number;
  /** Everything Azurite printed, for failure messages. */
  output(): string;
  /** Stops it by PID and removes its data directory. */
  stop(): Promise<void>;
}

/** How to start Azurite. */
export interface AzuriteOptions {
  /**
   * Serve HTTPS with this certificate and key (PEM files, e.g. from test/helpers/ca.ts)
   * and accept OAuth bearer tokens (`--oauth basic`: any well-formed, unexpired token
   * whose issuer and audience look like Entra's; the signature is not checked).
   */
  oauth?: { certPath: string; keyPath: string };
}

/** Starts Azurite's Blob service on a free loopback port. Call {@link azuriteUnavailable} first. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const found = await node22();
  const script = azuriteBlobScript();
  if ('reason' in found || !script) throw new Error('Azurite cannot start here: check azuriteUnavailable() first');
  const node = found.path;
  const port = await freePort();
  const location = tempDir('azurite');
  // Accounts come from AZURITE_ACCOUNTS when set: keep the machine's out, so the
  // well-known development account is the one that exists.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AZURITE_')));
  const args = [
    script,
    '--blobHost', '127.0.0.1',
    '--blobPort', String(port),
    '--location', location,
    '--disableTelemetry',
    '--silent',
    '--skipApiVersionCheck',
    '--loose',
    ...(options.oauth ? ['--oauth', 'basic', '--cert', options.oauth.certPath, '--key', options.oauth.keyPath] : []),
  ];
  const started = Date.now();
  let peer: PeerProcess;
  try {
    peer = startProcess(node, args, { env, cwd: location });
  } catch (err) {
    rmSync(location, { recursive: true, force: true });
    throw err;
  }
  try {
    await waitForPort(port, 60_000, peer.child, peer.output);
  } catch (err) {
    await peer.stop();
    rmSync(location, { recursive: true, force: true });
    throw err;
  }
  const startupMs = Date.now() - started;
  return {
    url: `${options.oauth ? 'https' : 'http'}://127.0.0.1:${port}/${AZURITE_ACCOUNT}`,
    port,
    account: AZURITE_ACCOUNT,
    key: AZURITE_KEY,
    pid: peer.pid,
    startupMs,
    output: peer.output,
    stop: async () => {
      await peer.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}
