/**
 * Swift TempAuth (v1.0): `GET <auth_url>/auth/v1.0` with `X-Auth-User: account:user`
 * and `X-Auth-Key`, answered by `X-Storage-Url` and `X-Auth-Token` (and
 * `X-Auth-Token-Expires`, seconds left).
 *
 * Reference: https://docs.openstack.org/swift/latest/overview_auth.html
 */
import { InvalidCredentialsError, ProviderError } from '../errors/index.js';
import { contextOf, malformedAuth, wrongAuthUrl, type AuthSender, type OpenStackAuthResult, type OpenStackIdentity } from './identity.js';

/**
 * The TempAuth URL for an auth URL: one that already ends in `/v1.0` or `/v1` (as in
 * `http://swift:8080/auth/v1.0`) is used as is, else `/auth/v1.0` is appended.
 */
export function tempAuthUrl(authUrl: string): string {
  const url = authUrl.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return /\/v1(\.0)?$/.test(url) ? url : `${url}/auth/v1.0`;
}

/**
 * TempAuth identity.
 *
 * @example
 * ```ts
 * import { TempAuthIdentity } from 'nubes/openstack';
 *
 * const identity = new TempAuthIdentity('http://127.0.0.1:8080', 'test:tester', 'testing');
 * ```
 */
export class TempAuthIdentity implements OpenStackIdentity {
  readonly method = 'Swift TempAuth';
  readonly tokenUrl: string;
  readonly #user: string;
  readonly #key: string;

  /** `user` is `account:user`; `key` is the user's key (secret). */
  constructor(authUrl: string, user: string, key: string) {
    this.tokenUrl = tempAuthUrl(authUrl);
    this.#user = user;
    this.#key = key;
  }

  async authenticate(send: AuthSender, now: () => number): Promise<OpenStackAuthResult> {
    let response;
    try {
      response = await send(this.tokenUrl, { method: 'GET', headers: { 'x-auth-user': this.#user, 'x-auth-key': this.#key } });
    } catch (err) {
      if (err instanceof ProviderError && (err.statusCode === 401 || err.statusCode === 403)) {
        throw new InvalidCredentialsError(`${this.method} rejected user "${this.#user}" at ${this.tokenUrl}: ${err.message}`, contextOf(err));
      }
      if (err instanceof ProviderError && err.statusCode === 404) throw wrongAuthUrl(this.method, this.tokenUrl, err);
      throw err;
    }
    const obtainedAt = now();
    const token = response.headers['x-auth-token'] ?? response.headers['x-storage-token'];
    const storageUrl = response.headers['x-storage-url'];
    if (!token) throw malformedAuth(this.method, this.tokenUrl, 'has no X-Auth-Token header', response);
    if (!storageUrl) throw malformedAuth(this.method, this.tokenUrl, 'has no X-Storage-Url header', response);
    const seconds = Number(response.headers['x-auth-token-expires']);
    return {
      token,
      obtainedAt,
      expiresAt: Number.isFinite(seconds) && seconds > 0 ? obtainedAt + seconds * 1000 : undefined,
      catalog: undefined,
      storageUrl: storageUrl.replace(/\/+$/, ''),
      projectId: undefined,
      userId: undefined,
    };
  }
}
