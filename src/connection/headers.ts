/**
 * Request header checks: names and values as the caller and the hooks give them, before
 * anything is sent.
 */
import { InvalidArgumentError } from '../common/errors/index.js';

/** The caller's `headers` option with lowercase names and undefined values dropped. */
export function lowercaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`Header "${name}" must be a string (got ${typeof value})`, { option: 'headers' });
    }
    out[name.toLowerCase()] = value;
  }
  return out;
}
