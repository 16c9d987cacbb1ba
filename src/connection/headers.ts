/**
 * Request header checks: names and values as the caller and the hooks give them, before
 * anything is sent.
 */
import { InvalidArgumentError } from '../common/errors/index.js';

/** The caller's `headers` option with lowercase names and undefined values dropped. */
export function lowercaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`Header "${name}" must be a string (got ${typeof value})`, { option: 'headers' });
    }
    out[name.toLowerCase()] = value;
  }
  return out;
}

/** RFC 9110 §5.6.2 `token`: what a field name is made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * What a field value must not contain (RFC 9110 §5.5): CR, LF, NUL and the other
 * control characters except HTAB. Both transports refuse these too (node:http and
 * undici use the same set), but only once on the wire path, as a network failure.
 */
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Names already found to be valid tokens: most requests send the same few headers. */
const validNames = new Set<string>();
const MAX_VALID_NAMES = 512;

/**
 * Refuses a header that cannot be sent, before anything is sent: a name that is not an
 * RFC 9110 token (a space, a colon) or a value with CR, LF or another control character
 * (a credential pasted with its line end). The error names the header and never shows
 * the value, which is often a secret.
 *
 * @throws {InvalidArgumentError} with option `headers`.
 */
export function checkHeaders(headers: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(headers)) {
    if (!validNames.has(name)) {
      if (!TOKEN.test(name)) {
        throw new InvalidArgumentError(`Header name ${JSON.stringify(name)} is not a valid HTTP field name (RFC 9110 token: no spaces, colons or separators)`, {
          option: 'headers',
        });
      }
      if (validNames.size >= MAX_VALID_NAMES) validNames.clear();
      validNames.add(name);
    }
    if (INVALID_VALUE.test(headers[name]!)) {
      throw new InvalidArgumentError(
        `Header "${name}" has a value with a CR, LF or other control character, which cannot be sent (value not shown); check the credential or header for a trailing line end`,
        { option: 'headers' },
      );
    }
  }
}

/** True when `headers` has a Proxy-Authorization header, in any letter case. */
export function hasProxyAuthorization(headers: Readonly<Record<string, string>>): boolean {
  if ('proxy-authorization' in headers) return true;
  for (const name of Object.keys(headers)) {
    if (name.length === 19 && name.toLowerCase() === 'proxy-authorization') return true;
  }
  return false;
}
