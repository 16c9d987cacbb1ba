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
