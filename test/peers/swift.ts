/**
 * A real OpenStack Swift for tests: memcached, the account, container and object
 * servers and a proxy (TempAuth, s3api, SLO, DLO, proxy-logging, memcache), all on
 * 127.0.0.1 and free ports, with single-replica rings on a plain temp directory.
 *
 * Things Swift does that this helper works around (Swift 2.30, Debian 12):
 *
 * - Swift always reads `swift_hash_path_suffix/prefix` from /etc/swift/swift.conf (not
 *   from `swift_dir`). Debian's `swift` package installs one; when it is absent and the
 *   tests run as root (as here and in CI), a minimal one is written, else startup fails
 *   with a message saying what to create.
 * - Swift's loggers log to /dev/log, and without it fall back to a UDP socket bound on
 *   0.0.0.0. Every server gets `log_address` = a unix socket this helper serves (Python's
 *   SysLogHandler falls back from datagram to stream sockets, which Node can serve), and
 *   because proxy-logging's access logger and a few `get_logger({})` calls do not pass
 *   `log_address` on, each server runs through a small launcher that defaults
 *   `log_address` for every logger. Result: no UDP socket at all.
 * - Servers run with `workers = 0` (one process each) so they stop by PID.
 * - Rings are built with the library `swift-ring-builder` uses, inside the proxy's
 *   launcher, instead of nine CLI calls (create, add, rebalance per ring): the storage
 *   servers start meanwhile, since they do not read rings at startup.
 * - memcached refuses to run as root without `-u root`; `-U 0` turns its UDP off.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { findBinary, freePort, startProcess, tempDir, waitForPort, type PeerProcess } from './process.js';

/** Binaries the Swift peer needs (Debian: swift-proxy swift-account swift-container swift-object memcached). */
export const SWIFT_BINARIES: readonly string[] = [
  'swift-proxy-server',
  'swift-account-server',
  'swift-container-server',
  'swift-object-server',
  'memcached',
];

/** A running Swift. */
export interface SwiftPeer {
  /** TempAuth URL, e.g. `http://127.0.0.1:PORT/auth/v1.0`. */
  readonly authUrl: string;
  /** The proxy's root, `http://127.0.0.1:PORT`. */
  readonly proxyUrl: string;
  /** Storage URL of the test account (`.../v1/AUTH_test`), as TempAuth returns it. */
  readonly storageUrl: string;
  /** TempAuth user (`account:user`), an admin of its account. */
  readonly user: string;
  /** TempAuth key of `user`. */
  readonly key: string;
  /** The same account through s3api. */
  readonly s3: { readonly endpoint: string; readonly accessKeyId: string; readonly secret: string; readonly region: string };
  /** How long startup took, in ms. */
  readonly startupMs: number;
  /** PIDs of memcached and the four Swift servers. */
  readonly pids: readonly number[];
  /** Everything the servers logged so far (process output and syslog lines), for failure messages. */
  logs(): string;
  /** Stops every process by PID and removes the temp directory. */
  stop(): Promise<void>;
}

const USER = 'test:tester';
const KEY = 'testing';

/**
 * Runs one Swift WSGI server like /usr/bin/swift-*-server does, but first makes every
 * logger default to our unix log socket. The proxy's launcher first builds the rings
 * (part power 6, one replica, one device), with the library `swift-ring-builder` uses:
 * the storage servers do not read rings at startup, so they start meanwhile.
 *
 * argv: conf path, server name, log socket[, swift_dir, account port, container port, object port]
 */
const LAUNCHER = `
import sys
import swift.common.utils as utils
conf_path, server, log_address = sys.argv[1:4]
if server == 'proxy-server':
    from swift.common.ring import RingBuilder
    swift_dir = sys.argv[4]
    for name, port in zip(('account', 'container', 'object'), sys.argv[5:8]):
        builder = RingBuilder(6, 1, 1)
        builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port),
                         'device': 'd1', 'weight': 100, 'meta': ''})
        builder.rebalance()
        builder.get_ring().save('%s/%s.ring.gz' % (swift_dir, name))
_get_logger = utils.get_logger
def get_logger(conf, *args, **kwargs):
    conf = dict(conf or {})
    if not conf.get('log_udp_host'):
        conf['log_address'] = log_address
    return _get_logger(conf, *args, **kwargs)
utils.get_logger = get_logger
from swift.common.wsgi import run_wsgi
kwargs = {}
if server == 'object-server':
    from swift.obj import server as object_server
    kwargs['global_conf_callback'] = object_server.global_conf_callback
sys.exit(run_wsgi(conf_path, server, **kwargs))
`;

/** The interpreter the Swift scripts run with (their shebang), e.g. /usr/bin/python3. */
function swiftPython(): string {
  const script = findBinary('swift-proxy-server');
  if (!script) throw new Error('swift-proxy-server is not installed');
  const shebang = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(shebang);
  if (!match) throw new Error(`cannot read the interpreter of ${script}`);
  // `#!/usr/bin/env python3` → python3 on PATH; `#! /usr/bin/python3` → that file.
  return match[1]!.endsWith('/env') && match[2] ? match[2] : match[1]!;
}

/** Makes sure /etc/swift/swift.conf has the hash path settings every Swift server reads. */
function ensureSwiftConf(): void {
  const path = '/etc/swift/swift.conf';
  if (existsSync(path)) {
    if (/^\s*swift_hash_path_(suffix|prefix)\s*=\s*\S+/m.test(readFileSync(path, 'utf8'))) return;
    throw new Error(`${path} has no swift_hash_path_suffix or swift_hash_path_prefix; Swift cannot start`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`${path} is missing and the tests are not root: create it with a [swift-hash] section (swift_hash_path_suffix = anything)`);
  }
  mkdirSync('/etc/swift', { recursive: true });
  writeFileSync(path, '[swift-hash]\nswift_hash_path_suffix = nubes-test-suffix\nswift_hash_path_prefix = nubes-test-prefix\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n');
}

function storageConf(kind: 'account' | 'container' | 'object', port: number, dir: string, logSocket: string, user: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
devices = ${dir}/srv
mount_check = false
swift_dir = ${dir}
user = ${user}
workers = 0
log_address = ${logSocket}
log_name = ${kind}-server
disable_fallocate = true

[pipeline:main]
pipeline = ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}
`;
}

function proxyConf(port: number, memcachedPort: number, dir: string, logSocket: string, user: string): string {
  // [filter:<name>] → egg entry point and settings.
  const filters: [string, string, string[]][] = [
    ['catch_errors', 'catch_errors', []],
    ['gatekeeper', 'gatekeeper', []],
    ['healthcheck', 'healthcheck', []],
    ['proxy-logging', 'proxy_logging', []],
    ['cache', 'memcache', [`memcache_servers = 127.0.0.1:${memcachedPort}`]],
    ['listing_formats', 'listing_formats', []],
    ['bulk', 'bulk', []],
    ['tempurl', 'tempurl', []],
    ['s3api', 's3api', ['location = us-east-1']],
    ['tempauth', 'tempauth', [`user_test_tester = ${KEY} .admin`, 'user_test_tester2 = testing2']],
    ['copy', 'copy', []],
    ['slo', 'slo', []],
    ['dlo', 'dlo', []],
    ['versioned_writes', 'versioned_writes', []],
  ];
  const sections = filters.map(([name, egg, settings]) => [`[filter:${name}]`, `use = egg:swift#${egg}`, ...settings].join('\n')).join('\n\n');
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
swift_dir = ${dir}
user = ${user}
workers = 0
log_address = ${logSocket}
log_name = proxy-server

[pipeline:main]
# s3api before tempauth (TempAuth checks S3 signatures for it); proxy-logging twice as Swift recommends.
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

${sections}
`;
}

/** Serves the syslog unix socket; keeps the last 64 KiB of what was logged. */
async function startLogSink(path: string): Promise<{ text(): string; close(): Promise<void> }> {
  let text = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d: Buffer) => {
      // Syslog frames are "<PRI>message\0" or newline-separated; keep them readable.
      text = (text + d.toString('utf8').replace(/\0/g, '\n')).slice(-65_536);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    text: () => text,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** GET /healthcheck (answered by the middleware once the proxy's pipeline is loaded). */
function healthStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthcheck`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
  });
}

async function waitHealthy(url: string, deadline: number, logs: () => string): Promise<void> {
  for (;;) {
    if ((await healthStatus(url)) === 200) return;
    if (Date.now() > deadline) throw new Error(`Swift proxy at ${url} did not become healthy\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts Swift. Call `stop()` in `afterAll`.
 *
 * @example
 * ```ts
 * const reason = missingPeer('swift', SWIFT_BINARIES);
 * describe.skipIf(reason)('swift', () => {
 *   let swift: SwiftPeer;
 *   beforeAll(async () => { swift = await startSwift(); });
 *   afterAll(() => swift?.stop());
 * });
 * ```
 */
export async function startSwift(options: { timeoutMs?: number } = {}): Promise<SwiftPeer> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  ensureSwiftConf();
  const python = swiftPython();
  const dir = tempDir('swift');
  const logSocket = join(dir, 'log.sock');
  mkdirSync(join(dir, 'srv', 'd1'), { recursive: true });
  const user = userInfo().username;
  const processes: PeerProcess[] = [];
  const names = new Map<PeerProcess, string>();
  let sink: Awaited<ReturnType<typeof startLogSink>> | undefined;
  const logs = (): string =>
    [...processes.map((p) => `--- ${names.get(p) ?? '?'} (pid ${p.pid})\n${p.output()}`), `--- syslog\n${sink?.text() ?? ''}`].join('\n');

  const stop = async (): Promise<void> => {
    await Promise.all(processes.map((p) => p.stop()));
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    sink = await startLogSink(logSocket);
    const [proxyPort, accountPort, containerPort, objectPort, memcachedPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const ports = { account: accountPort!, container: containerPort!, object: objectPort! };

    const memcachedArgs = ['-l', '127.0.0.1', '-U', '0', '-p', String(memcachedPort), '-t', '1', '-m', '16'];
    if (process.getuid?.() === 0) memcachedArgs.push('-u', 'root');
    const memcached = startProcess(findBinary('memcached')!, memcachedArgs);
    processes.push(memcached);
    names.set(memcached, 'memcached');

    for (const kind of ['account', 'container', 'object'] as const) {
      writeFileSync(join(dir, `${kind}-server.conf`), storageConf(kind, ports[kind], dir, logSocket, user));
    }
    writeFileSync(join(dir, 'proxy-server.conf'), proxyConf(proxyPort!, memcachedPort!, dir, logSocket, user));
    // Every address is an IP: eventlet's green DNS resolver (slow to import) is not needed.
    const env = { ...process.env, EVENTLET_NO_GREENDNS: 'yes' };
    const launch = (server: string, extra: string[] = []): PeerProcess => {
      const p = startProcess(python, ['-c', LAUNCHER, join(dir, `${server}.conf`), server, logSocket, ...extra], { cwd: dir, env });
      processes.push(p);
      names.set(p, server);
      return p;
    };
    const account = launch('account-server');
    const container = launch('container-server');
    const object = launch('object-server');
    const proxy = launch('proxy-server', [dir, String(ports.account), String(ports.container), String(ports.object)]);

    const remaining = (): number => Math.max(1000, deadline - Date.now());
    await waitForPort(memcachedPort!, remaining(), memcached.child, logs);
    await waitForPort(ports.account, remaining(), account.child, logs);
    await waitForPort(ports.container, remaining(), container.child, logs);
    await waitForPort(ports.object, remaining(), object.child, logs);
    await waitForPort(proxyPort!, remaining(), proxy.child, logs);
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    await waitHealthy(proxyUrl, deadline, logs);
    const exited = processes.find((p) => p.child.exitCode !== null);
    if (exited) throw new Error(`${names.get(exited) ?? 'a Swift process'} exited during startup\n${logs()}`);

    return {
      authUrl: `${proxyUrl}/auth/v1.0`,
      proxyUrl,
      storageUrl: `${proxyUrl}/v1/AUTH_test`,
      user: USER,
      key: KEY,
      s3: { endpoint: proxyUrl, accessKeyId: USER, secret: KEY, region: 'us-east-1' },
      startupMs: Date.now() - started,
      pids: processes.map((p) => p.pid),
      logs,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
