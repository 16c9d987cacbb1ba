/**
 * AWS credentials: an access key id, a secret access key and, for temporary
 * credentials (STS, SSO, instance roles), a session token.
 */
import { inspect } from '../builtins.js';
import { InvalidArgumentError } from '../errors/index.js';
import { REDACTED } from '../redact.js';

/** What {@link AwsCredentials} is built from. */
export interface AwsCredentialsInit {
  /** Access key id (`AKIA...` or `ASIA...`); not a secret, it appears in every signature. */
  readonly accessKeyId: string;
  /** Secret access key. Never sent, logged or shown. */
  readonly secretAccessKey: string;
  /** Session token of temporary credentials. Sent as `x-amz-security-token`; never logged. */
  readonly sessionToken?: string | undefined;
}

function required(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${option} is required and must be a non-empty string`, { option });
  }
  if (/[\s]/.test(value)) {
    throw new InvalidArgumentError(`${option} must not contain whitespace (check for a stray newline)`, { option });
  }
  return value;
}

/**
 * A validated, immutable set of AWS credentials. The secret and the token do not show
 * in `JSON.stringify`, `console.log` or `util.inspect` output.
 *
 * @example
 * ```ts
 * import { AwsCredentials } from 'nubes/aws';
 *
 * const creds = new AwsCredentials({ accessKeyId: 'AKIA...', secretAccessKey: '...', sessionToken: '...' });
 * console.log(creds); // AwsCredentials { accessKeyId: 'AKIA...', secretAccessKey: '[REDACTED]', sessionToken: '[REDACTED]' }
 * ```
 */
export class AwsCredentials {
  /** Access key id. */
  readonly accessKeyId: string;
  readonly #secretAccessKey: string;
  readonly #sessionToken: string | undefined;

  constructor(init: AwsCredentialsInit) {
    if (typeof init !== 'object' || init === null) {
      throw new InvalidArgumentError('AWS credentials must be an object', { option: 'credentials' });
    }
    this.accessKeyId = required(init.accessKeyId, 'accessKeyId');
    this.#secretAccessKey = required(init.secretAccessKey, 'secretAccessKey');
    this.#sessionToken = init.sessionToken === undefined || init.sessionToken === '' ? undefined : required(init.sessionToken, 'sessionToken');
    Object.freeze(this);
  }

  /** The secret access key. */
  get secretAccessKey(): string {
    return this.#secretAccessKey;
  }

  /** The session token, for temporary credentials. */
  get sessionToken(): string | undefined {
    return this.#sessionToken;
  }

  /** The values that must never be shown (secret and token). */
  get secrets(): string[] {
    return this.#sessionToken === undefined ? [this.#secretAccessKey] : [this.#secretAccessKey, this.#sessionToken];
  }

  /** A redacted view, for JSON and logs. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = { accessKeyId: this.accessKeyId, secretAccessKey: REDACTED };
    if (this.#sessionToken !== undefined) out.sessionToken = REDACTED;
    return out;
  }

  /** @internal Redacted `util.inspect` / `console.log` output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `AwsCredentials ${inspect(this.toJSON())}`;
  }
}
