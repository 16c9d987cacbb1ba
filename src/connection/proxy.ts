/**
 * Proxy URL parsing, environment resolution and NO_PROXY matching. One resolver
 * ({@link resolveProxy}) decides the proxy of every request nubes sends.
 *
 * Precedence, strongest first: `setHttpProxy(url)` > the `proxyUrl` option > the
 * environment. NO_PROXY (and the `noProxy` option) apply to environment proxies;
 * the `noProxy` option also applies to explicit ones — see docs/proxies.md.
 */
import type { BlockList } from 'node:net';
import { isIP, nodeNet } from '../common/builtins.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import { REDACTED } from '../common/redact.js';

/** Where a proxy setting came from. Errors name it so users know what to fix. */
export type ProxySource =
  | {
      /** Set with `connection.setHttpProxy()`. */
      readonly kind: 'setHttpProxy';
    }
  | {
      /** The `proxyUrl` option. */
      readonly kind: 'option';
    }
  | {
      /** An environment variable. */
      readonly kind: 'env';
      /** Its name, e.g. `HTTPS_PROXY`. */
      readonly variable: string;
    };

/** A parsed, validated proxy. */
export interface ProxyConfig {
  /** `http:` (plain to the proxy) or `https:` (TLS to the proxy). */
  readonly protocol: 'http:' | 'https:';
  /** Host name or IP, IPv6 without brackets. */
  readonly hostname: string;
  /** Port, defaulted from the scheme (80 / 443) when absent. */
  readonly port: number;
  /** `protocol//host:port`, IPv6 bracketed, no credentials. */
  readonly origin: string;
  /** Decoded user name, when the URL had userinfo. */
  readonly username: string | undefined;
  /** Decoded password, when the URL had one. Never printed. */
  readonly password: string | undefined;
  /** `Basic ...` value for `Proxy-Authorization`, when credentials were given. */
  readonly authorization: string | undefined;
  /** The proxy URL with its password replaced, safe to print. */
  readonly redacted: string;
  /** Where this setting came from. */
  readonly source: ProxySource;
}

/** Human name of a proxy source, as used in messages: `the HTTPS_PROXY environment variable`. */
export function describeProxySource(source: ProxySource): string {
  switch (source.kind) {
    case 'setHttpProxy':
      return 'connection.setHttpProxy()';
    case 'option':
      return 'the proxyUrl option';
    case 'env':
      return `the ${source.variable} environment variable`;
  }
}

function sourceOption(source: ProxySource): string {
  return source.kind === 'env' ? source.variable : source.kind === 'option' ? 'proxyUrl' : 'setHttpProxy';
}

/** Redacts the password of a proxy URL as typed, with or without a scheme, even if it does not parse. */
export function redactProxyInput(raw: string): string {
  const schemeMatch = /^([a-z][a-z0-9+.-]*:\/\/)/i.exec(raw);
  const scheme = schemeMatch ? schemeMatch[1]! : '';
  const rest = raw.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at === -1) return raw;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
  return `${scheme}${user}${colon === -1 ? '' : `:${REDACTED}`}@${rest.slice(at + 1)}`;
}

function decodeUserinfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // A literal '%' that is not an escape: the user typed it raw.
    return part;
  }
}

/**
 * Parses a proxy URL as users write it: `http://host:port`, `https://host:port`,
 * `host:port` (no scheme: treated as http, as curl does), `[::1]:3128`, with optional
 * `user:password@` userinfo. The password may be percent-encoded or typed raw, with
 * `@`, `:` or `/` in it: the last `@` ends the userinfo.
 *
 * @throws {InvalidArgumentError} naming the source (option, setHttpProxy or variable)
 *   with the password redacted, for unsupported schemes, empty hosts, bad ports, paths.
 */
export function parseProxyUrl(raw: string, source: ProxySource): ProxyConfig {
  const option = sourceOption(source);
  const where = describeProxySource(source);
  if (typeof raw !== 'string') {
    // Checked before anything below treats it as text (a number is not a URL, and must
    // not become a TypeError).
    throw new InvalidArgumentError(`Invalid proxy URL from ${where}: expected a string (got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw})`, {
      option,
    });
  }
  const fail = (why: string): never => {
    throw new InvalidArgumentError(`Invalid proxy URL ${JSON.stringify(redactProxyInput(raw))} from ${where}: ${why}`, {
      option,
    });
  };
  const text = raw.trim();
  if (text === '') fail('it is empty');

  let protocol: 'http:' | 'https:' = 'http:';
  let rest = text;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (schemeMatch) {
    const scheme = schemeMatch[1]!.toLowerCase();
    if (scheme === 'http' || scheme === 'https') {
      protocol = `${scheme}:`;
    } else if (scheme.startsWith('socks')) {
      fail(`${scheme} proxies are not supported by the built-in transports; pass a SOCKS-capable http.Agent to the node transport (docs/proxies.md)`);
    } else {
      fail(`unsupported scheme "${scheme}" (use http:// or https://)`);
    }
    rest = text.slice(schemeMatch[0].length);
  } else if (/^[a-z][a-z0-9+.-]*:\/(?!\/)/i.test(text)) {
    fail('malformed scheme separator (expected "://")');
  }

  // Userinfo ends at the last '@' (raw passwords may contain '@', ':' and '/').
  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    username = decodeUserinfo(colon === -1 ? userinfo : userinfo.slice(0, colon));
    password = colon === -1 ? undefined : decodeUserinfo(userinfo.slice(colon + 1));
    if (username === '' && password === undefined) username = undefined;
  }

  // Only an empty path (or '/') is meaningful for a proxy.
  const slash = rest.search(/[/?#]/);
  if (slash !== -1) {
    const tail = rest.slice(slash);
    if (tail !== '/') fail(`a proxy URL has no path, query or fragment (got "${tail}")`);
    rest = rest.slice(0, slash);
  }

  let hostname: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) fail('unterminated IPv6 address (missing "]")');
    hostname = rest.slice(1, close);
    if (isIP(hostname) !== 6) fail(`"${hostname}" is not an IPv6 address`);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) fail(`unexpected "${after}" after the IPv6 address`);
      portText = after.slice(1);
    }
  } else {
    const colon = rest.indexOf(':');
    if (colon !== -1 && rest.indexOf(':', colon + 1) !== -1) {
      fail('an IPv6 address must be in brackets, e.g. http://[::1]:3128');
    }
    hostname = colon === -1 ? rest : rest.slice(0, colon);
    portText = colon === -1 ? undefined : rest.slice(colon + 1);
  }
  if (hostname === '') fail('the host is empty');
  if (!/^[a-z0-9._~%!$&'()*+,;=:-]+$/i.test(hostname)) fail(`"${hostname}" is not a valid host`);

  let port = protocol === 'https:' ? 443 : 80;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      fail(`port must be a number from 1 to 65535 (got "${portText}")`);
    }
    port = Number(portText);
  }

  const hostPart = hostname.includes(':') ? `[${hostname}]` : hostname.toLowerCase();
  const origin = `${protocol}//${hostPart}:${port}`;
  const authorization =
    username !== undefined ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
  const redacted =
    username !== undefined
      ? `${protocol}//${encodeURIComponent(username)}${password !== undefined ? `:${REDACTED}` : ''}@${hostPart}:${port}`
      : origin;
  const config = {
    protocol,
    hostname: hostname.includes(':') ? hostname : hostname.toLowerCase(),
    port,
    origin,
    username,
    redacted,
    source,
  };
  // Non-enumerable: a config is printed in diagnostics (`console.log(connection.resolveProxyFor(url))`)
  // and JSON-encoded in logs; neither may show the password or its Basic encoding.
  return Object.freeze(
    Object.defineProperties(config, {
      password: { value: password, enumerable: false },
      authorization: { value: authorization, enumerable: false },
    }),
  ) as ProxyConfig;
}

// ---------------------------------------------------------------------------
// NO_PROXY

interface NoProxyEntry {
  /** Domain suffix (no leading dot), for host names. */
  readonly domain?: string;
  /** IP literal or CIDR, matched through a BlockList. */
  readonly ips?: BlockList;
  readonly port?: number;
}

/**
 * A parsed NO_PROXY list. Entries are separated by commas or white space; empty entries
 * are ignored. Supported forms: `*` (everything), exact hosts, domain suffixes with or
 * without a leading dot (`example.com` and `.example.com` both match `a.example.com`;
 * `*.example.com` too), `host:port`, IPv4 and IPv6 literals (bare or bracketed, with an
 * optional port when bracketed), and CIDR ranges (`10.0.0.0/8`, `fd00::/8`).
 */
export class NoProxyList {
  readonly #all: boolean;
  readonly #entries: NoProxyEntry[];

  constructor(value: string) {
    let all = false;
    const entries: NoProxyEntry[] = [];
    for (const rawEntry of value.split(/[\s,]+/)) {
      const entry = rawEntry.trim().toLowerCase();
      if (entry === '') continue;
      if (entry === '*') {
        all = true;
        continue;
      }
      const parsed = parseNoProxyEntry(entry);
      if (parsed) entries.push(parsed);
    }
    this.#all = all;
    this.#entries = entries;
  }

  /** True when requests to `hostname:port` must not use a proxy. */
  matches(hostname: string, port: number): boolean {
    if (this.#all) return true;
    let host = hostname.toLowerCase();
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
    if (host.endsWith('.')) host = host.slice(0, -1);
    const family = isIP(host);
    for (const entry of this.#entries) {
      if (entry.port !== undefined && entry.port !== port) continue;
      if (entry.ips) {
        if (family !== 0 && entry.ips.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
      } else if (entry.domain !== undefined && family === 0) {
        // Names match names only: "0.1" must not match the address 10.0.0.1.
        if (host === entry.domain || host.endsWith(`.${entry.domain}`)) return true;
      }
    }
    return false;
  }
}

function ipEntry(address: string, prefix: number | undefined, port: number | undefined): NoProxyEntry | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new (nodeNet().BlockList)();
  if (prefix === undefined) {
    list.addAddress(address, type);
  } else {
    if (prefix < 0 || prefix > (family === 6 ? 128 : 32)) return undefined;
    list.addSubnet(address, prefix, type);
  }
  return port === undefined ? { ips: list } : { ips: list, port };
}

function parseNoProxyEntry(entry: string): NoProxyEntry | undefined {
  // [v6] or [v6]:port
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close === -1) return undefined;
    const address = entry.slice(1, close);
    const after = entry.slice(close + 1);
    const port = after.startsWith(':') && /^\d+$/.test(after.slice(1)) ? Number(after.slice(1)) : undefined;
    return ipEntry(address, undefined, port);
  }
  // CIDR
  const slash = entry.indexOf('/');
  if (slash !== -1) {
    const prefix = entry.slice(slash + 1);
    if (!/^\d+$/.test(prefix)) return undefined;
    return ipEntry(entry.slice(0, slash), Number(prefix), undefined);
  }
  // Bare IPv6 (several colons)
  if (entry.indexOf(':') !== entry.lastIndexOf(':')) return ipEntry(entry, undefined, undefined);
  let host = entry;
  let port: number | undefined;
  const colon = entry.indexOf(':');
  if (colon !== -1) {
    const portText = entry.slice(colon + 1);
    if (!/^\d+$/.test(portText)) return undefined;
    port = Number(portText);
    host = entry.slice(0, colon);
  }
  if (isIP(host) !== 0) return ipEntry(host, undefined, port);
  if (host.startsWith('*.')) host = host.slice(2);
  else if (host.startsWith('.')) host = host.slice(1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') return undefined;
  return port === undefined ? { domain: host } : { domain: host, port };
}

// ---------------------------------------------------------------------------
// Resolution

/** The environment nubes reads proxy settings from (defaults to `process.env`). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Inputs of {@link resolveProxy}. */
export interface ProxyResolverSettings {
  /** The explicit proxy (from `setHttpProxy` or the `proxyUrl` option), already parsed. */
  readonly explicit: ProxyConfig | null;
  /** Read proxy variables from the environment (default true). */
  readonly trustEnv: boolean;
  /** The environment to read. */
  readonly env: Environment;
  /** The connection's own `noProxy` list, which applies to explicit proxies too. */
  readonly noProxy: NoProxyList | undefined;
}

/** The resolver's answer for one request. */
export interface ProxyDecision {
  /** The proxy to use, or null for a direct connection. */
  readonly proxy: ProxyConfig | null;
  /** Why no proxy is used, when none is: `'none configured'`, `'NO_PROXY'`, ... */
  readonly reason?: string;
}

const noProxyCache = new Map<string, NoProxyList>();
const envProxyCache = new Map<string, ProxyConfig>();

function cachedNoProxy(value: string): NoProxyList {
  let list = noProxyCache.get(value);
  if (!list) {
    if (noProxyCache.size > 64) noProxyCache.clear();
    list = new NoProxyList(value);
    noProxyCache.set(value, list);
  }
  return list;
}

function nonEmpty(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

const HTTPS_PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'] as const;
const HTTP_PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'] as const;

/**
 * The proxy variable that applies to a target, lowercase before uppercase:
 * https targets read `https_proxy`, `HTTPS_PROXY`, then `all_proxy`, `ALL_PROXY`;
 * http targets read `http_proxy`, `HTTP_PROXY`, then `all_proxy`, `ALL_PROXY`.
 * An empty variable counts as unset. Under CGI (`REQUEST_METHOD` set) `HTTP_PROXY` is
 * ignored, because a client can set it with a `Proxy:` header (httpoxy, CVE-2016-5385).
 */
export function envProxyVariable(
  protocol: string,
  env: Environment,
):
  | {
      /** The variable's name as it appears in the environment, e.g. `https_proxy`. */
      variable: string;
      /** Its value (a proxy URL, not yet parsed). */
      value: string;
    }
  | undefined {
  for (const variable of protocol === 'https:' ? HTTPS_PROXY_VARIABLES : HTTP_PROXY_VARIABLES) {
    if (variable === 'HTTP_PROXY' && env.REQUEST_METHOD !== undefined) continue;
    const value = nonEmpty(env, variable);
    if (value !== undefined) return { variable, value };
  }
  return undefined;
}

/** The NO_PROXY list of the environment (`no_proxy` before `NO_PROXY`), if any. */
export function envNoProxy(env: Environment): NoProxyList | undefined {
  const value = nonEmpty(env, 'no_proxy') ?? nonEmpty(env, 'NO_PROXY');
  return value === undefined ? undefined : cachedNoProxy(value);
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Decides the proxy for one request. Cheap enough to run per request: parsed
 * environment values and NO_PROXY lists are cached by their text.
 *
 * @throws {InvalidArgumentError} when the environment variable that would route this
 *   request holds an invalid proxy URL — only requests it routes fail.
 */
export function resolveProxy(target: URL, settings: ProxyResolverSettings): ProxyDecision {
  const port = effectivePort(target);
  if (settings.explicit) {
    if (settings.noProxy?.matches(target.hostname, port)) return { proxy: null, reason: 'noProxy option' };
    return { proxy: settings.explicit };
  }
  if (!settings.trustEnv) return { proxy: null, reason: 'trustEnv is false' };
  const found = envProxyVariable(target.protocol, settings.env);
  if (!found) return { proxy: null, reason: 'no proxy configured' };
  if (settings.noProxy?.matches(target.hostname, port)) return { proxy: null, reason: 'noProxy option' };
  if (envNoProxy(settings.env)?.matches(target.hostname, port)) return { proxy: null, reason: 'NO_PROXY' };
  const key = `${found.variable}\u0000${found.value}`;
  let proxy = envProxyCache.get(key);
  if (!proxy) {
    proxy = parseProxyUrl(found.value, { kind: 'env', variable: found.variable });
    if (envProxyCache.size > 64) envProxyCache.clear();
    envProxyCache.set(key, proxy);
  }
  return { proxy };
}
