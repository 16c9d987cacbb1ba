/**
 * How a Google driver's constructor arguments become {@link GoogleConnectionOptions}:
 * `new Driver(keyFileOrClientEmail, undefined, { project, credentials, scopes, ... })`.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { GoogleConnectionOptions, GoogleOptions } from './google-connection.js';

/**
 * The first argument of a Google driver is one of:
 * - `''` (or undefined): nothing; the `credentials` option or the chain decides;
 * - a service-account e-mail (`name@project.iam.gserviceaccount.com`): checked against
 *   the key's `client_email` (or the metadata server's account to use);
 * - anything else: the path of a key file (like `credentials: path`).
 *
 * @throws {InvalidArgumentError} when both a key file argument and the `credentials` option are given.
 */
export function googleDriverConnectionOptions(
  key: string | undefined,
  options: GoogleOptions,
  connectionOptions: GoogleConnectionOptions,
): GoogleConnectionOptions {
  if (key !== undefined && typeof key !== 'string') throw new InvalidArgumentError('The first argument must be a key file path, a service-account e-mail, or ""', { option: 'key' });
  const out: GoogleConnectionOptions = { ...connectionOptions };
  if (options.project !== undefined) out.project = options.project;
  if (options.scopes !== undefined) out.scopes = options.scopes;
  if (options.credentials !== undefined) out.credentials = options.credentials;
  const trimmed = (key ?? '').trim();
  if (trimmed === '') return out;
  if (/^[^@/\\\s]+@[^@/\\\s]+$/.test(trimmed)) {
    out.clientEmail = trimmed;
    return out;
  }
  if (options.credentials !== undefined) {
    throw new InvalidArgumentError('Give the key file either as the first argument or as the credentials option, not both', { option: 'credentials' });
  }
  out.credentials = trimmed;
  return out;
}
