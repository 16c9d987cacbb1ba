/**
 * Small helpers shared by the driver's files: id checks, response field checks.
 */
import { InvalidArgumentError, MalformedResponseError } from '../../../common/errors/index.js';
import type { Response } from '../../../connection/response.js';
import { idOf } from '../base.js';

/** The id of a value object or string, checked non-empty. */
export function idRef(value: { id: string } | string | undefined, option: string): string {
  const id = value === undefined || value === null ? undefined : idOf(value, option);
  if (typeof id !== 'string' || id.trim() === '') {
    throw new InvalidArgumentError(`${option} must be a non-empty id or an object with one`, { option });
  }
  return id;
}

/** {@link idRef}, percent-encoded for a URL path segment. */
export function ref(value: { id: string } | string | undefined, option: string): string {
  return encodeURIComponent(idRef(value, option));
}

/** Reads a field of a response body, or fails with MalformedResponseError naming it. */
export function field<T>(res: Response, key: string, kind: 'array' | 'object'): T {
  const body = res.object as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[key] : undefined;
  const ok = kind === 'array' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!ok) {
    throw new MalformedResponseError(`${res.method} ${res.url}: expected "${key}" (${kind}) in the response`, {
      statusCode: res.status,
      ...(res.provider !== undefined ? { provider: res.provider } : {}),
      ...(res.requestId !== undefined ? { requestId: res.requestId } : {}),
    });
  }
  return value as T;
}

/** Checks a name: a non-empty string. */
export function checkName(name: unknown, option: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new InvalidArgumentError(`${option} must be a non-empty string`, { option });
  return name;
}

/** Checks a page size: a positive integer. */
export function pageSize(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`pageSize must be a positive integer (got ${String(value)})`, { option: 'pageSize' });
  return value;
}
