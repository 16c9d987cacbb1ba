import { InvalidArgumentError } from '../common/errors/index.js';
import { Connection, type ConnectionOptions } from './connection.js';

function requireCredential(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${name} is required and must be a non-empty string`, { option: name });
  }
  return value;
}

/**
 * A connection that holds one credential: an API key or token. The key is
 * registered as a secret, so it is redacted from every error and debug line.
 *
 * @example
 * ```ts
 * import { ConnectionKey } from 'nubes';
 *
 * class MyConnection extends ConnectionKey {
 *   protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
 *     return { ...headers, authorization: `Bearer ${this.key}` };
 *   }
 * }
 * ```
 */
export class ConnectionKey extends Connection {
  // A private field behind a getter, not a public field: `util.inspect`, `console.log`
  // and `JSON.stringify` of a connection (or of the driver holding it) show own
  // enumerable properties, and printing a driver must never print its token.
  readonly #key: string;

  constructor(key: string, options: ConnectionOptions = {}) {
    super(options);
    this.#key = requireCredential(key, 'key');
    this.secrets.add(this.#key);
  }

  /** The API key or token (an accessor, so it never shows in `util.inspect` or `JSON.stringify`). */
  get key(): string {
    return this.#key;
  }
}

/**
 * A connection that holds a user id (or access key id) and a secret key. The key is
 * redacted everywhere; the user id is not a secret.
 *
 * @example
 * ```ts
 * import { ConnectionUserAndKey } from 'nubes';
 *
 * class BasicAuthConnection extends ConnectionUserAndKey {
 *   protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
 *     const basic = Buffer.from(`${this.userId}:${this.key}`).toString('base64');
 *     return { ...headers, authorization: `Basic ${basic}` };
 *   }
 * }
 * ```
 */
export class ConnectionUserAndKey extends ConnectionKey {
  /** The user name, account or access key id. */
  readonly userId: string;

  constructor(userId: string, key: string, options: ConnectionOptions = {}) {
    super(key, options);
    this.userId = requireCredential(userId, 'userId');
    // `user:key` is what an HTTP Basic credential encodes: its base64 form is a secret too.
    this.secrets.addPair(this.userId, key);
  }
}
