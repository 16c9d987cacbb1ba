/**
 * Checks of the fields storage listings and headers must carry: a malformed item is a
 * MalformedResponseError naming the provider and the field, never a value with an empty
 * name or a `NaN` size passed on to the caller. Internal: not re-exported.
 */
import { MalformedResponseError } from '../../common/errors/index.js';

/** `value` as a non-empty string. */
export function requiredText(value: unknown, provider: string, field: string, where: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResponseError(`${where}: ${field} is missing or empty (got ${JSON.stringify(value) ?? 'nothing'})`, { provider });
  }
  return value;
}

/** `value` (a decimal string or a number) as a byte count: a non-negative safe integer. */
export function byteCount(value: unknown, provider: string, field: string, where: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new MalformedResponseError(`${where}: ${field} is not a byte count (got ${JSON.stringify(value) ?? 'nothing'})`, { provider });
  }
  return n;
}

/** `value` as a byte count when present, undefined when absent. */
export function optionalByteCount(value: unknown, provider: string, field: string, where: string): number | undefined {
  return value === undefined || value === null || value === '' ? undefined : byteCount(value, provider, field, where);
}
