/**
 * Shared plumbing for the real peers the tests start (squid, tinyproxy, mitmdump,
 * Swift, Azurite): free loopback ports, starting a process and waiting until it is
 * ready, stopping it by PID, and the missing-binary policy.
 *
 * Policy: without CI=true a test whose peer binary is missing is skipped with the
 * reason shown; with CI=true it fails.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** True when running under CI (where a missing peer is a failure). */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Finds an executable on PATH (or an absolute path); undefined when absent. */
export function findBinary(name: string): string | undefined {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']).map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * Checks that every binary a peer needs is installed. Returns undefined when all are,
 * else the reason to skip. Under CI a missing binary throws instead: CI must fail.
 */
export function missingPeer(peer: string, binaries: readonly string[]): string | undefined {
  const missing = binaries.filter((b) => findBinary(b) === undefined);
  if (missing.length === 0) return undefined;
  const reason = `${peer} tests need ${missing.join(', ')} (install with .ci/run or apt-get)`;
  if (IN_CI) throw new Error(`CI=true and a test peer is missing: ${reason}`);
  // Visible in the test output, so a skipped peer never goes unnoticed.
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `nubes-${prefix}-`));
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs = 20_000, child?: ChildProcess, logs?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`peer exited with code ${child.exitCode} before listening on ${port}\n${logs?.() ?? ''}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`peer did not listen on 127.0.0.1:${port} within ${timeoutMs} ms\n${logs?.() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A started peer process. */
export interface PeerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed so far (stdout + stderr), for failure messages. */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 3 s), by PID. */
  stop(): Promise<void>;
}

/** Starts a process; its output is captured. Stop it with `stop()`. */
export function startProcess(command: string, args: readonly string[], options: SpawnOptions = {}): PeerProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const pid = child.pid;
  return {
    child,
    pid,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
