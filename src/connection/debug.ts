/**
 * NUBES_DEBUG logging: `NUBES_DEBUG=1` writes to stderr, `NUBES_DEBUG=/path/file`
 * appends to that file. Each request is logged as a copy-pasteable curl command and
 * each response as its status, headers and body (truncated; binary skipped), with every
 * secret redacted. Logging only reads what the Connection already has: it changes
 * nothing on the wire.
 */
import { appendFileSync } from '../common/builtins.js';
import { redactHeaders, redactJsonSecrets, redactUrl, type SecretSet } from '../common/redact.js';

export { redactJsonSecrets };
import type { TransportBody } from './transport/transport.js';
import type { ProxyConfig } from './proxy.js';

const MAX_BODY = 4096;
/** How much of a body is scanned for secret JSON fields before truncation. */
const REDACT_SCAN = 1024 * 1024;

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

/** A body as it may be shown: text truncated, secret-named JSON values redacted, binary and streams described. */
export function describeBody(body: TransportBody | Buffer | undefined): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return '<stream body: not logged>';
  const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.length === 0) return undefined;
  if (!isText(buf)) return `<${buf.length} bytes of binary data>`;
  // Redact before truncating, so a secret value cut by the limit cannot show half of itself.
  const redacted = redactJsonSecrets(buf.subarray(0, REDACT_SCAN).toString('utf8'));
  const text = Buffer.from(redacted).subarray(0, MAX_BODY).toString('utf8');
  return buf.length > MAX_BODY ? `${text}... <${Math.max(0, buf.length - MAX_BODY)} more bytes>` : text;
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

  /** Labels a retry: `# nubes retry 1/3 after 250 ms: ServiceUnavailableError (HTTP 503)`. */
  retry(retry: number, max: number, delayMs: number, reason: string): void {
    this.#write(`# nubes retry ${retry}/${max} after ${delayMs} ms: ${reason}`);
  }

  /** Logs a failure. */
  error(message: string): void {
    this.#write(`# nubes error: ${message}`);
  }
}
