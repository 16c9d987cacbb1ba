/**
 * NUBES_DEBUG logging: `NUBES_DEBUG=1` writes to stderr, `NUBES_DEBUG=/path/file`
 * appends to that file. Each request is logged as a copy-pasteable curl command and
 * each response as its status, headers and body (truncated; binary skipped), with every
 * secret redacted. Logging only reads what the Connection already has: it changes
 * nothing on the wire.
 */
import { appendFileSync } from 'node:fs';
import { redactHeaders, redactUrl, type SecretSet } from '../common/redact.js';
import type { TransportBody } from './transport/transport.js';
import type { ProxyConfig } from './proxy.js';

const MAX_BODY = 4096;

/** Where debug output goes, from the `debug` option or NUBES_DEBUG; undefined when off. */
export function debugTarget(option: boolean | string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (option === false) return undefined;
  if (typeof option === 'string' && option !== '') return option;
  const value = env.NUBES_DEBUG?.trim();
  if (option === true) return value && value !== '1' && value !== 'true' ? value : 'stderr';
  if (!value || value === '0' || value === 'false') return undefined;
  return value === '1' || value === 'true' ? 'stderr' : value;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function isText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 512);
  for (const byte of sample) if (byte === 0) return false;
  return true;
}

/**
 * JSON member names whose string values are secrets a provider may put in a body the
 * connection cannot know in advance: a root password generated for a new server
 * (Vultr `default_password`, OpenStack `adminPass`), an OAuth token in a token
 * response. Compared lowercase with `_`/`-` removed.
 */
const SECRET_JSON_NAME = /(?:^token$|pass(?:word|wd)?$|secret$|secretkey$|secretaccesskey$|privatekey$|(?:access|refresh|id|auth|session|security|api)token$|apikey$)/;
const JSON_STRING_MEMBER = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Replaces the string value of every secret-named JSON member (see above) with `[REDACTED]`. */
export function redactJsonSecrets(text: string): string {
  return text.replace(JSON_STRING_MEMBER, (member, name: string, colon: string) =>
    SECRET_JSON_NAME.test(name.toLowerCase().replace(/[_-]/g, '')) ? `"${name}"${colon}"[REDACTED]"` : member,
  );
}

/** A body as it may be shown: text truncated, secret-named JSON values redacted, binary and streams described. */
export function describeBody(body: TransportBody | Buffer | undefined): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return '<stream body: not logged>';
  const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.length === 0) return undefined;
  if (!isText(buf)) return `<${buf.length} bytes of binary data>`;
  // Redact before truncating, so a value cut at the limit is not shown half.
  const text = redactJsonSecrets(buf.subarray(0, MAX_BODY * 2).toString('utf8')).slice(0, MAX_BODY);
  return buf.length > MAX_BODY ? `${text}... <${buf.length - MAX_BODY} more bytes>` : text;
}

/** Writes debug records for one connection. */
export class DebugLog {
  constructor(
    private readonly target: string,
    private readonly secrets: SecretSet,
  ) {}

  #write(text: string): void {
    const clean = this.secrets.redact(text);
    if (this.target === 'stderr') process.stderr.write(`${clean}\n`);
    else appendFileSync(this.target, `${clean}\n`);
  }

  /** Logs a request as a curl command. */
  request(method: string, url: URL, headers: Readonly<Record<string, string>>, body: TransportBody | undefined, proxy: ProxyConfig | null, transport: string): void {
    const parts = ['curl', '-i', '-X', method];
    if (proxy) {
      parts.push('--proxy', shellQuote(proxy.origin));
      if (proxy.authorization) parts.push('--proxy-user', shellQuote(`${proxy.username ?? ''}:[REDACTED]`));
    }
    for (const [name, value] of Object.entries(redactHeaders(headers))) parts.push('-H', shellQuote(`${name}: ${value}`));
    const shown = describeBody(body);
    if (shown !== undefined) parts.push('--data-binary', shellQuote(shown));
    parts.push(shellQuote(redactUrl(url)));
    this.#write(`# nubes ${transport} request${proxy ? ` via ${proxy.redacted}` : ''}\n${parts.join(' ')}`);
  }

  /** Logs a response's status, headers and body. */
  response(status: number, headers: Readonly<Record<string, string>>, body: Buffer | undefined, elapsedMs: number): void {
    const lines = [`# nubes response: HTTP ${status} (${elapsedMs} ms)`];
    for (const [name, value] of Object.entries(redactHeaders(headers))) lines.push(`# ${name}: ${value}`);
    const shown = body === undefined ? '<streamed body: not logged>' : describeBody(body);
    if (shown !== undefined) lines.push(shown);
    this.#write(lines.join('\n'));
  }

  /** Logs a failure. */
  error(message: string): void {
    this.#write(`# nubes error: ${message}`);
  }
}
