/**
 * Real proxies for the proxy and TLS tests: squid, tinyproxy and mitmdump started on
 * 127.0.0.1 with configurations written here (never the packaged ones, which listen on
 * every interface), plus a small in-process proxy for tests that only need "a proxy"
 * (debug output) and for the bench when no proxy binary is installed.
 *
 * Each start function returns a handle whose `stop()` ends the process it started, by
 * PID. Logs are files in the peer's temp directory; tests read them to prove which path
 * a request took.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { BaseDriver, Connection, JsonResponse, type ConnectionOptions, type TransportName } from '../../src/index.js';
import { findBinary, freePort, startProcess, tempDir, waitForPort, type PeerProcess } from './process.js';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Numeric uid/gid of a system user, when it exists (squid and tinyproxy drop root to it). */
function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    if (!line) return undefined;
    const parts = line.split(':');
    return { uid: Number(parts[2]), gid: Number(parts[3]) };
  } catch {
    return undefined;
  }
}

function chownTree(paths: readonly string[], owner: { uid: number; gid: number } | undefined): void {
  if (!IS_ROOT || !owner) return;
  for (const p of paths) chownSync(p, owner.uid, owner.gid);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number, details: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${details()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** What every proxy handle offers. */
export interface ProxyPeer {
  /** The peer's temp directory (config, logs, pid file). */
  readonly dir: string;
  /** Its log (squid: access log; tinyproxy: its log file; mitmdump: its output). */
  log(): string;
  /** Waits until the log matches `pattern` (squid logs a CONNECT only when the tunnel closes). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until at least `count` log lines match `pattern`; resolves to the number of matching lines. */
  waitForLines(pattern: RegExp, count: number, timeoutMs?: number): Promise<number>;
  /** Stops the process by PID. */
  stop(): Promise<void>;
}

function peerHandle(dir: string, proc: PeerProcess | undefined, log: () => string, stopProcess: () => Promise<void>): ProxyPeer {
  const stop = async (): Promise<void> => {
    await stopProcess();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    dir,
    log,
    waitForLog: (pattern, timeoutMs = 5000) =>
      until(`${pattern} in the log`, () => (pattern.test(log()) ? log() : undefined), timeoutMs, () => `log:\n${log()}\noutput:\n${proc?.output() ?? ''}`),
    waitForLines: (pattern, count, timeoutMs = 5000) =>
      until(
        `${count} lines matching ${pattern} in the log`,
        () => {
          const n = countLines(log(), pattern);
          return n >= count ? n : undefined;
        },
        timeoutMs,
        () => `log:\n${log()}\noutput:\n${proc?.output() ?? ''}`,
      ),
    stop,
  };
}

// ---------------------------------------------------------------------------
// squid

/** Options of {@link startSquid}. */
export interface SquidOptions {
  /** Basic-auth users of `authPort` (user → password). */
  users?: Readonly<Record<string, string>>;
  /** Certificate and key for a TLS port (`https_port`): plain TLS to the proxy. */
  tls?: { certPath: string; keyPath: string };
  /** Ports besides 443 that CONNECT may reach on `openPort`, `authPort` and `tlsPort` (your https origins). */
  connectPorts?: readonly number[];
  /** Where squid's ports come from (default freePort); tests of this helper pass a taken one. */
  portSource?: () => Promise<number>;
}

/** A running squid. */
export interface Squid extends ProxyPeer {
  /** No authentication; CONNECT to 443 and `connectPorts`. */
  readonly openPort: number;
  /** Basic authentication required (when `users` was given); same CONNECT rule. */
  readonly authPort: number | undefined;
  /** squid's stock rule only: CONNECT to 443 and nothing else. */
  readonly strictPort: number;
  /** TLS to the proxy (`https_port`), no authentication (when `tls` was given). */
  readonly tlsPort: number | undefined;
}

/**
 * Starts squid (`-N`: one foreground process) on 127.0.0.1 with its own squid.conf. Run
 * as root, squid drops to the `proxy` user, so its directory is handed to that user.
 * Starts it again on other ports (up to 3 times) when one of its ports was taken.
 */
export async function startSquid(options: SquidOptions = {}): Promise<Squid> {
  for (let attempt = 1; ; attempt++) {
    const squid = await launchSquid(options, attempt === 3);
    if (squid) return squid;
  }
}

/**
 * One start of squid; undefined (squid stopped) when another process took one of its
 * ports first, or an error when `last`.
 */
async function launchSquid(options: SquidOptions, last: boolean): Promise<Squid | undefined> {
  const squid = findBinary('squid');
  if (!squid) throw new Error('squid is not installed');
  const dir = tempDir('squid');
  const port = options.portSource ?? freePort;
  const openPort = await port();
  const strictPort = await port();
  const authPort = options.users ? await port() : undefined;
  const tlsPort = options.tls ? await port() : undefined;
  const accessLog = join(dir, 'access.log');
  const owner = systemUser('proxy');
  const lines = [
    `http_port 127.0.0.1:${openPort}`,
    `http_port 127.0.0.1:${strictPort}`,
  ];
  if (authPort) {
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '');
    for (const [user, password] of Object.entries(options.users ?? {})) {
      // -m: MD5 (apr1); squid's helper truncates DES crypt passwords to 8 characters.
      execFileSync(findBinary('htpasswd') ?? 'htpasswd', ['-b', '-m', passwd, user, password], { stdio: 'pipe' });
    }
    lines.push(
      `http_port 127.0.0.1:${authPort}`,
      `auth_param basic program ${findBinary('/usr/lib/squid/basic_ncsa_auth') ?? '/usr/lib/squid/basic_ncsa_auth'} ${passwd}`,
      'auth_param basic realm nubes-test-proxy',
      // Spare helpers, so a busy one never delays a test. (A failing helper answers 407, not
      // the 403 two CI runs saw on CONNECT: that was a taken port, see launchSquid.)
      'auth_param basic children 5 startup=2 idle=1',
      'acl authenticated proxy_auth REQUIRED',
    );
  }
  const owned: string[] = [];
  if (options.tls && tlsPort) {
    // Copies squid (running as `proxy`) can read whatever the source directory's mode.
    const cert = join(dir, 'proxy-cert.pem');
    const key = join(dir, 'proxy-key.pem');
    copyFileSync(options.tls.certPath, cert);
    copyFileSync(options.tls.keyPath, key);
    owned.push(cert, key);
    lines.push(`https_port 127.0.0.1:${tlsPort} tls-cert=${cert} tls-key=${key}`);
  }
  lines.push(
    'acl SSL_ports port 443',
    `acl tunnel_ports port 443 ${(options.connectPorts ?? []).join(' ')}`.trimEnd(),
    'acl CONNECT method CONNECT',
    `acl on_strict localport ${strictPort}`,
    // The stock rule, kept on its own port to prove that http targets never use CONNECT.
    'http_access deny CONNECT on_strict !SSL_ports',
    'http_access deny CONNECT !tunnel_ports',
  );
  if (authPort) {
    lines.push(`acl on_auth localport ${authPort}`, 'http_access allow on_auth authenticated', 'http_access deny on_auth');
  }
  lines.push(
    'http_access allow localhost',
    'http_access deny all',
    'dns_nameservers 127.0.0.1',
    'udp_incoming_address 127.0.0.1',
    'udp_outgoing_address 127.0.0.1',
    'icp_port 0',
    'htcp_port 0',
    'snmp_port 0',
    'pinger_enable off',
    // Local port (%>lp) says which of our ports served a request; %un is the proxy user.
    'logformat nubes %ts.%03tu %>a %>lp %Ss/%03>Hs %rm %ru %un %Sh/%<a',
    `access_log stdio:${accessLog} nubes`,
    `cache_log ${join(dir, 'cache.log')}`,
    'cache_store_log none',
    `pid_filename ${join(dir, 'squid.pid')}`,
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'cache deny all',
    'shutdown_lifetime 0 seconds',
    'forwarded_for delete',
    'strip_query_terms off',
  );
  if (IS_ROOT) lines.push('cache_effective_user proxy');
  const conf = join(dir, 'squid.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  writeFileSync(accessLog, '');
  chownTree([dir, accessLog, ...owned, ...(authPort ? [join(dir, 'passwd')] : [])], owner);

  // -n: a service name of our own, so parallel instances never share names.
  const proc = startProcess(squid, ['-N', '-f', conf, '-n', `nubes${openPort}`], { cwd: dir });
  const cacheLog = join(dir, 'cache.log');
  const logs = (): string => `${proc.output()}\n${readText(cacheLog)}`;
  const ports = [openPort, strictPort, authPort, tlsPort].filter((port): port is number => port !== undefined);
  let own: boolean;
  try {
    for (const port of ports) await waitForPort(port, 20_000, proc.child, logs);
    // A port accepting connections is not yet squid's: another process may have taken it
    // between freePort() and squid's bind, and squid then logs the failed bind and goes
    // on without that port (a CONNECT reached another test's proxy and got its 403).
    // squid names each port it listens on in its cache.log.
    own = await until(
      "squid's own listening ports in its cache.log",
      () => {
        const log = readText(cacheLog);
        if (log.includes('Cannot bind socket')) return false;
        return ports.every((port) => log.includes(`local=127.0.0.1:${port} `)) ? true : undefined;
      },
      20_000,
      logs,
    );
    if (!own && last) throw new Error(`squid could not bind its ports three times\n${logs()}`);
  } catch (err) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  if (!own) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    ...peerHandle(dir, proc, () => readText(accessLog), () => proc.stop()),
    openPort,
    authPort,
    strictPort,
    tlsPort,
  };
}

// ---------------------------------------------------------------------------
// tinyproxy

/** Options of {@link startTinyproxy}. */
export interface TinyproxyOptions {
  /** Ports CONNECT may reach (tinyproxy refuses CONNECT to any port not listed). */
  connectPorts?: readonly number[];
}

/** A running tinyproxy. */
export interface Tinyproxy extends ProxyPeer {
  readonly port: number;
}

/**
 * Starts tinyproxy 1.11 in the foreground (`-d`) on 127.0.0.1 with its own config.
 * It closes the client connection after every response without saying
 * `Connection: close`, which is what the stale-socket retry is for.
 */
export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const tinyproxy = findBinary('tinyproxy');
  if (!tinyproxy) throw new Error('tinyproxy is not installed');
  const dir = tempDir('tinyproxy');
  const port = await freePort();
  const logFile = join(dir, 'tinyproxy.log');
  const owner = systemUser('nobody');
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    `LogFile "${logFile}"`,
    'LogLevel Connect',
    `PidFile "${join(dir, 'tinyproxy.pid')}"`,
    'MaxClients 100',
    'Allow 127.0.0.1',
    ...[443, ...(options.connectPorts ?? [])].map((p) => `ConnectPort ${p}`),
  ];
  if (IS_ROOT && owner) lines.push(`User ${owner.uid}`, `Group ${owner.gid}`);
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  writeFileSync(logFile, '');
  chownTree([dir, logFile], owner);
  const proc = startProcess(tinyproxy, ['-d', '-c', conf], { cwd: dir });
  try {
    await waitForPort(port, 10_000, proc.child, () => `${proc.output()}\n${readText(logFile)}`);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { ...peerHandle(dir, proc, () => readText(logFile), () => proc.stop()), port };
}

// ---------------------------------------------------------------------------
// mitmdump

/** Options of {@link startMitmdump}. */
export interface MitmdumpOptions {
  /** CA that signs the https origins mitmdump talks to (it verifies upstream TLS). */
  upstreamCaPath: string;
  /** Extra mitmdump arguments (e.g. `['--proxyauth', 'user:pass']` for an authenticating proxy). */
  args?: readonly string[];
}

/** A running mitmdump: a TLS-intercepting proxy. */
export interface Mitmdump extends ProxyPeer {
  readonly port: number;
  /** The CA mitmdump signs its forged certificates with (trust it to accept its interception). */
  readonly caCertPath: string;
}

/**
 * Starts mitmdump in regular (forward proxy) mode on 127.0.0.1. Every request it
 * forwards gets `Via: 1.1 mitmdump`, so an origin can tell it came through it. Python
 * starts slowly: start one per test file.
 */
export async function startMitmdump(options: MitmdumpOptions): Promise<Mitmdump> {
  const mitmdump = findBinary('mitmdump');
  if (!mitmdump) throw new Error('mitmdump is not installed');
  const dir = tempDir('mitmdump');
  const port = await freePort();
  const caCertPath = join(dir, 'mitmproxy-ca-cert.pem');
  const proc = startProcess(
    mitmdump,
    [
      '--mode',
      'regular',
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      String(port),
      '--set',
      `confdir=${dir}`,
      '--set',
      `ssl_verify_upstream_trusted_ca=${options.upstreamCaPath}`,
      '--modify-headers',
      '/~q/Via/1.1 mitmdump',
      ...(options.args ?? []),
    ],
    { cwd: dir, env: { ...process.env, HOME: dir } },
  );
  try {
    await waitForPort(port, 30_000, proc.child, () => proc.output());
    await until('the mitmproxy CA', () => (existsSync(caCertPath) ? true : undefined), 10_000, () => proc.output());
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { ...peerHandle(dir, proc, () => proc.output(), () => proc.stop()), port, caCertPath };
}

// ---------------------------------------------------------------------------
// An in-process proxy

/** Options of {@link startNodeProxy}. */
export interface NodeProxyOptions {
  /** Require this Basic `user:password`; anything else gets a 407. */
  credentials?: { user: string; password: string };
  /** Loopback address to listen on (default `127.0.0.1`; `::1` for IPv6). */
  host?: '127.0.0.1' | '::1';
}

/** A running in-process proxy. */
export interface NodeProxy {
  readonly port: number;
  readonly url: string;
  /** Request lines seen: `GET http://...` or `CONNECT host:port`. */
  readonly seen: string[];
  /** `Proxy-Authorization` values received. */
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A minimal forward proxy in this process: absolute-form requests are forwarded with
 * node:http, CONNECT opens a TCP tunnel. For tests that need "some proxy" and for the
 * bench's fallback; the real-proxy tests use squid, tinyproxy and mitmdump.
 */
export async function startNodeProxy(options: NodeProxyOptions = {}): Promise<NodeProxy> {
  const seen: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const authorized = (header: string | undefined): boolean => expected === undefined || header === expected;
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    authorizations.push(req.headers['proxy-authorization']);
    if (!authorized(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="nubes"', 'content-length': '0' });
      res.end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: target.hostname, port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const tunnels = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    authorizations.push(req.headers['proxy-authorization']);
    client.on('error', () => undefined);
    if (!authorized(req.headers['proxy-authorization'])) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="nubes"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    seen,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------
// The matrix: every way a user sets a proxy

/** What the origin's `/echo` route answers. */
export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  bytes: number;
  sha256: string;
}

/** A connection that parses JSON, as drivers' connections do. */
export class EchoConnection extends Connection {
  protected override responseCls = JsonResponse;
}

/** A driver defined for the tests: the proxy comes from its `options.proxyUrl`. */
export class ProxyTestDriver extends BaseDriver<EchoConnection> {
  static override readonly connectionCls = EchoConnection;
  readonly type = 'proxy-test';
  readonly name = 'Proxy test driver';
  readonly website = 'https://nubes.invalid';
}

/** The ways a user can give nubes a proxy. */
export const PROXY_WAYS = ['the proxyUrl option', "a driver's proxyUrl option", 'setHttpProxy()', 'the environment'] as const;
/** One of {@link PROXY_WAYS}. */
export type ProxyWay = (typeof PROXY_WAYS)[number];

/**
 * A connection to `target` whose proxy is `proxyUrl`, set the given way. With
 * `the environment`, the proxy goes in `HTTP_PROXY` or `HTTPS_PROXY` (by the target's
 * scheme) of the `env` option.
 */
export function connectionVia(way: ProxyWay, proxyUrl: string, target: string, options: ConnectionOptions = {}): EchoConnection {
  const base: ConnectionOptions = { ...options, url: target };
  switch (way) {
    case 'the proxyUrl option':
      return new EchoConnection({ ...base, proxyUrl });
    case "a driver's proxyUrl option":
      return new ProxyTestDriver('key', undefined, { ...base, proxyUrl }).connection;
    case 'setHttpProxy()': {
      const connection = new EchoConnection(base);
      connection.setHttpProxy(proxyUrl);
      return connection;
    }
    case 'the environment': {
      const variable = target.startsWith('https:') ? 'HTTPS_PROXY' : 'HTTP_PROXY';
      return new EchoConnection({ ...base, env: { ...(options.env ?? {}), [variable]: proxyUrl } });
    }
  }
}

/** Every (way, target scheme) pair of the matrix, for `it.each`. */
export const MATRIX: ReadonlyArray<readonly [ProxyWay, 'http' | 'https']> = PROXY_WAYS.flatMap((way) =>
  (['http', 'https'] as const).map((scheme) => [way, scheme] as const),
);

/** The transports every proxy test runs on. */
export const TRANSPORTS: readonly TransportName[] = ['undici', 'node'];

/** Counts the lines of `text` that match `pattern`. */
export function countLines(text: string, pattern: RegExp): number {
  return text.split('\n').filter((line) => pattern.test(line)).length;
}

/** Temporary directories of one test file, removed together in its `afterAll`. */
export interface Scratch {
  /** A new temp directory. */
  dir(prefix: string): string;
  /** Removes `owner.dir` with the others (e.g. a CA made by makeTestCa); returns `owner`. */
  keep<T extends { dir: string }>(owner: T): T;
  /** Removes every directory. */
  clean(): void;
}

/** Starts a {@link Scratch} list. */
export function scratch(): Scratch {
  const dirs: string[] = [];
  return {
    dir(prefix) {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    },
    keep(owner) {
      dirs.push(owner.dir);
      return owner;
    },
    clean() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
