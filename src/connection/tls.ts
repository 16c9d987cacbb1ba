/**
 * Trust store resolution. nubes trusts Node's default CAs plus extra CAs from the first
 * configured of, strongest first: the `caCertsPath` option, `security.CA_CERTS_PATH`,
 * `SSL_CERT_FILE` + `SSL_CERT_DIR`; and `NODE_EXTRA_CA_CERTS` is always added. The
 * `replace` mode trusts the extra CAs alone.
 *
 * Why build the list ourselves: giving Node a `ca` list replaces its whole store,
 * NODE_EXTRA_CA_CERTS included, and on Node 20 `tls.rootCertificates` does not contain
 * NODE_EXTRA_CA_CERTS. Node also ignores SSL_CERT_FILE unless run with --use-openssl-ca.
 * The same list goes to every TLS leg (direct, origin through a tunnel, https proxy).
 */
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { SecureContext } from 'node:tls';
import { nodeTls, readdirSync, readFileSync, statSync } from '../common/builtins.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import type { Environment } from './proxy.js';

/**
 * Process-wide TLS defaults, the equivalent of libcloud's `libcloud.security`.
 * Connection options override them.
 *
 * @example
 * ```ts
 * import { security } from 'nubes';
 * security.CA_CERTS_PATH = '/etc/corp/proxy-ca.pem';
 * ```
 */
export const security: {
  /** Verify TLS certificates (default true). Setting false warns once. */
  VERIFY_SSL_CERT: boolean;
  /** Extra CA file(s) or directory(ies) of PEMs trusted by every connection without `caCertsPath`. */
  CA_CERTS_PATH: string | readonly string[] | undefined;
} = {
  VERIFY_SSL_CERT: true,
  CA_CERTS_PATH: undefined,
};

/** How extra CAs combine with Node's bundled roots. */
export type CaMode = 'append' | 'replace';

/** One place certificates were read from. */
export interface TrustSource {
  /** `caCertsPath`, `security.CA_CERTS_PATH`, `SSL_CERT_FILE`, `SSL_CERT_DIR`, `NODE_EXTRA_CA_CERTS` or `proxyCaCertsPath`. */
  readonly name: string;
  /** The files or directories read. */
  readonly paths: readonly string[];
}

/** A resolved trust store, shared by every TLS leg of a request. */
export interface TrustStore {
  /** The CA list to hand to Node, or undefined to use Node's defaults unchanged. */
  readonly ca: readonly string[] | undefined;
  /** False only when verification was switched off. */
  readonly rejectUnauthorized: boolean;
  /** Where the extra certificates came from. */
  readonly sources: readonly TrustSource[];
  /** Human description: `Node's bundled root CAs + /etc/corp/ca.pem (caCertsPath)`. */
  readonly description: string;
  /** Identity of this store, for caching dispatchers. */
  readonly key: string;
}

/** Inputs of {@link resolveTrust}. */
export interface TrustSettings {
  /** Extra CA file(s) or directory(ies), from the `caCertsPath` option. */
  readonly caCertsPath: string | readonly string[] | undefined;
  /** `append` to Node's roots or `replace` them, from the `caMode` option. */
  readonly caMode: CaMode;
  /** The `verifySslCert` option; undefined falls back to `security.VERIFY_SSL_CERT`. */
  readonly verifySslCert: boolean | undefined;
  /** Whether `SSL_CERT_FILE`, `SSL_CERT_DIR` and `NODE_EXTRA_CA_CERTS` are read from `env`. */
  readonly trustEnv: boolean;
  /** The environment to read them from. */
  readonly env: Environment;
}

const fileCache = new Map<string, string[]>();
let warnedInsecure = false;

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function toList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((p) => p !== '');
}

const PEM_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads the PEM certificates of a file, or of every file in a directory (`*.pem`,
 * `*.crt`, `*.cer` and OpenSSL hash links such as `a1b2c3d4.0`). Cached per path.
 *
 * @throws {InvalidArgumentError} naming the path and its source when it is missing,
 *   unreadable or holds no certificate.
 */
export function readCertificates(rawPath: string, sourceName: string): string[] {
  const path = expandHome(rawPath);
  const cached = fileCache.get(path);
  if (cached) return cached;
  const fail = (why: string, cause?: unknown): never => {
    throw new InvalidArgumentError(`CA certificates path ${JSON.stringify(path)} from ${sourceName} ${why}`, {
      option: sourceName,
      cause,
    });
  };
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    fail('does not exist or cannot be read', err);
  }
  const certs: string[] = [];
  const files = isDir
    ? readdirSync(path)
        .filter((f) => /\.(pem|crt|cer)$/i.test(f) || /^[0-9a-f]{8}\.\d+$/i.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  for (const file of files) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (!isDir) fail('cannot be read', err);
      continue;
    }
    for (const match of text.matchAll(PEM_RE)) certs.push(match[0]);
  }
  if (certs.length === 0) fail(isDir ? 'holds no PEM certificate files' : 'holds no PEM certificate');
  if (fileCache.size > 32) fileCache.clear();
  fileCache.set(path, certs);
  return certs;
}

/** Forgets cached certificate files (for tests and long-running processes that rotate CAs). */
export function clearCertificateCache(): void {
  fileCache.clear();
  contextCache.clear();
}

const contextCache = new Map<string, SecureContext>();

/**
 * The TLS context holding a store's CAs, built once per store and shared by every
 * connection that uses it. Building one parses every CA (about 35 ms for Node's
 * roots); handed a `ca` list instead, Node would do that again for each new TLS
 * connection. Undefined when the store is Node's default (nothing to build).
 */
export function secureContextFor(trust: TrustStore): SecureContext | undefined {
  if (!trust.ca) return undefined;
  let context = contextCache.get(trust.key);
  if (!context) {
    if (contextCache.size > 32) contextCache.clear();
    context = nodeTls().createSecureContext({ ca: [...trust.ca] });
    contextCache.set(trust.key, context);
  }
  return context;
}

function describe(sources: readonly TrustSource[], defaults: boolean): string {
  const parts = defaults ? ["Node's default CA store"] : [];
  for (const s of sources) parts.push(`${s.paths.join(', ')} (${s.name})`);
  return parts.length ? parts.join(' + ') : 'no CA at all';
}

/**
 * The CAs Node trusts by default. Node 22.15+ and 23.10+ say so themselves
 * (`tls.getCACertificates('default')`: bundled roots, NODE_EXTRA_CA_CERTS read at
 * start-up, and system CAs with --use-system-ca); older Nodes only expose the bundled
 * roots, to which NODE_EXTRA_CA_CERTS is added by {@link resolveTrust}.
 */
function defaultCertificates(): readonly string[] {
  const tls = nodeTls();
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof get === 'function') {
    try {
      return get('default');
    } catch {
      // fall back to the bundled roots
    }
  }
  return tls.rootCertificates;
}

/** `SSL_CERT_DIR` holds one directory or several, separated like PATH (OpenSSL's rule). */
function envSources(env: Environment): TrustSource[] {
  const sources: TrustSource[] = [];
  const file = env.SSL_CERT_FILE?.trim();
  if (file) sources.push({ name: 'SSL_CERT_FILE', paths: [file] });
  const dirs = (env.SSL_CERT_DIR ?? '').split(delimiter).map((d) => d.trim()).filter((d) => d !== '');
  if (dirs.length) sources.push({ name: 'SSL_CERT_DIR', paths: dirs });
  return sources;
}

/**
 * Resolves the trust store for a connection's requests.
 *
 * Extra CAs come from the first configured of: the `caCertsPath` option,
 * `security.CA_CERTS_PATH`, then (with `trustEnv`) `SSL_CERT_FILE` and `SSL_CERT_DIR`
 * (both, as OpenSSL reads both). A stronger source replaces the weaker ones: a
 * connection given `caCertsPath` does not also read `SSL_CERT_FILE`.
 *
 * - `append` mode (default): Node's default CAs + those extra CAs + the
 *   `NODE_EXTRA_CA_CERTS` file of `settings.env` (Node reads that variable only at
 *   start-up, and forgets it as soon as a `ca` list is given, so nubes adds it itself).
 * - `replace` mode: only the extra CAs; Node's roots and `NODE_EXTRA_CA_CERTS` are not
 *   trusted. With no extra CA configured, Node's defaults apply unchanged.
 *
 * @throws {InvalidArgumentError} naming the path and its source when an extra CA path
 *   is missing, unreadable or holds no certificate. A bad `NODE_EXTRA_CA_CERTS` is
 *   ignored, as Node ignores it.
 */
export function resolveTrust(settings: TrustSettings): TrustStore {
  const verify = settings.verifySslCert ?? security.VERIFY_SSL_CERT;
  if (!verify && !warnedInsecure) {
    warnedInsecure = true;
    process.emitWarning(
      'nubes: TLS certificate verification is disabled (verifySslCert: false). Connections can be intercepted; trust the proxy CA with caCertsPath instead.',
      { code: 'NUBES_TLS_VERIFY_DISABLED' },
    );
  }
  const replace = settings.caMode === 'replace';
  const configured: Array<[string, string[]]> = [
    ['caCertsPath', toList(settings.caCertsPath)],
    ['security.CA_CERTS_PATH', toList(security.CA_CERTS_PATH)],
  ];
  const chosen = configured.find(([, paths]) => paths.length > 0);
  const extra: TrustSource[] = chosen ? [{ name: chosen[0], paths: chosen[1] }] : settings.trustEnv ? envSources(settings.env) : [];
  const nodeExtra = replace ? undefined : settings.env.NODE_EXTRA_CA_CERTS?.trim() || undefined;

  if (extra.length === 0 && nodeExtra === undefined) {
    // Nothing to add: Node's own store is exactly right, and cheapest.
    return { ca: undefined, rejectUnauthorized: verify, sources: [], description: describe([], true), key: `default|${verify}` };
  }
  const ca: string[] = replace ? [] : [...defaultCertificates()];
  const sources: TrustSource[] = [];
  for (const source of extra) {
    for (const path of source.paths) ca.push(...readCertificates(path, source.name));
    sources.push(source);
  }
  if (nodeExtra !== undefined) {
    try {
      ca.push(...readCertificates(nodeExtra, 'NODE_EXTRA_CA_CERTS'));
      sources.push({ name: 'NODE_EXTRA_CA_CERTS', paths: [nodeExtra] });
    } catch {
      // Node only warns about an unusable NODE_EXTRA_CA_CERTS and starts anyway.
    }
  }
  const key = `${replace ? 'replace' : 'append'}|${verify}|${sources.map((s) => `${s.name}=${s.paths.join(delimiter)}`).join('|')}`;
  return { ca, rejectUnauthorized: verify, sources, description: describe(sources, !replace), key };
}

/** Trust for the TLS leg to an https proxy: `proxyCaCertsPath` when given, else the connection's store. */
export function resolveProxyTrust(base: TrustStore, proxyCaCertsPath: string | readonly string[] | undefined): TrustStore {
  const paths = toList(proxyCaCertsPath);
  if (paths.length === 0) return base;
  const ca = [...defaultCertificates()];
  for (const path of paths) ca.push(...readCertificates(path, 'proxyCaCertsPath'));
  const sources = [{ name: 'proxyCaCertsPath', paths }];
  return {
    ca,
    rejectUnauthorized: base.rejectUnauthorized,
    sources,
    description: describe(sources, true),
    key: `proxy|${base.rejectUnauthorized}|${paths.join(':')}`,
  };
}

/**
 * What {@link resolveTrust} reads outside the options (the `security` globals and the CA
 * variables), as read for one request.
 */
export interface TrustInputs {
  /** `verifySslCert`, or `security.VERIFY_SSL_CERT`. */
  readonly verify: boolean;
  /** `security.CA_CERTS_PATH`, arrays joined. */
  readonly ca: string | undefined;
  /** `SSL_CERT_FILE` ('' when the environment is not trusted). */
  readonly file: string | undefined;
  /** `SSL_CERT_DIR` ('' when the environment is not trusted). */
  readonly dir: string | undefined;
  /** `NODE_EXTRA_CA_CERTS`. */
  readonly extra: string | undefined;
}

/** Reads the {@link TrustInputs} now. */
export function trustInputs(verifySslCert: boolean | undefined, trustEnv: boolean, env: Environment): TrustInputs {
  const ca = security.CA_CERTS_PATH;
  return {
    verify: verifySslCert ?? security.VERIFY_SSL_CERT,
    ca: typeof ca === 'string' ? ca : ca?.join('\u0001'),
    file: trustEnv ? env.SSL_CERT_FILE : '',
    dir: trustEnv ? env.SSL_CERT_DIR : '',
    extra: env.NODE_EXTRA_CA_CERTS,
  };
}

/** True when two reads of the {@link TrustInputs} would give the same trust store. */
export function sameTrustInputs(a: TrustInputs, b: TrustInputs): boolean {
  return a.verify === b.verify && a.ca === b.ca && a.file === b.file && a.dir === b.dir && a.extra === b.extra;
}
