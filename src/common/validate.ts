/**
 * Small argument checks shared by drivers: each throws an InvalidArgumentError naming
 * the option, before any request is sent.
 */
import { InvalidArgumentError } from './errors/index.js';

/**
 * Returns `value` when it is a non-empty string.
 *
 * @throws {InvalidArgumentError} naming `option` otherwise.
 * @example
 * ```ts
 * const region = requireString(options.region, 'region');
 * ```
 */
export function requireString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${option} is required and must be a non-empty string`, { option });
  }
  return value;
}

/**
 * Checks that the options argument of `method` is an object (plain JavaScript callers
 * may pass anything).
 *
 * @throws {InvalidArgumentError} (option `options`) otherwise: `<method> needs an options object`.
 * @example
 * ```ts
 * requireOptionsObject(options, 'createVolume');
 * ```
 */
export function requireOptionsObject(options: unknown, method: string): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(`${method} needs an options object`, { option: 'options' });
}

/**
 * Returns `value` when it is an integer from `min` to `max` (both included).
 *
 * @throws {InvalidArgumentError} naming `option` and the range otherwise.
 * @example
 * ```ts
 * const concurrency = requireInteger(options.concurrency, 'concurrency', 1, 64);
 * ```
 */
export function requireInteger(value: unknown, option: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${option} must be an integer from ${min} to ${max} (got ${String(value)})`, { option });
  }
  return value;
}
