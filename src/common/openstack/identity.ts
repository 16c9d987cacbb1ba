/**
 * What every OpenStack identity method (Keystone v3, TempAuth) has in common: it turns
 * credentials into a token — and a catalog or a storage URL — through a sender the
 * OpenStack connection provides, so token calls take the same proxy and TLS path as
 * every other request.
 */
import { errorContext, MalformedResponseError, NotFoundError, ProviderError, type NubesErrorOptions } from '../errors/index.js';
import type { RequestOptions } from '../../connection/connection.js';
import type { Response } from '../../connection/response.js';
import type { ServiceCatalog } from './service-catalog.js';

/** The result of one authentication. */
export interface OpenStackAuthResult {
  /** The token to send as `X-Auth-Token`. Secret: never log it. */
  readonly token: string;
  /** When the token was obtained, by the connection's clock (ms since the epoch). */
  readonly obtainedAt: number;
  /** When the token expires, by the connection's clock (ms since the epoch); undefined when unknown. */
  readonly expiresAt: number | undefined;
  /** The service catalog (Keystone, scoped tokens only). */
  readonly catalog: ServiceCatalog | undefined;
  /** The storage URL (TempAuth's `X-Storage-Url`). */
  readonly storageUrl: string | undefined;
  /** The project the token is scoped to, when Keystone says. */
  readonly projectId: string | undefined;
  /** The authenticated user's id, when Keystone says. */
  readonly userId: string | undefined;
}

/**
 * Sends a token request through the OpenStack connection (absolute URL, `context: {
 * auth: false }` so the auth hook skips it). Returns the buffered response or throws
 * the connection's mapped error.
 */
export type AuthSender = (url: string, options: RequestOptions) => Promise<Response>;

/** An identity method. */
export interface OpenStackIdentity {
  /** Human-readable method name for messages, e.g. `'Keystone v3 password'`. */
  readonly method: string;
  /** The URL tokens are requested from. */
  readonly tokenUrl: string;
  /** Requests a new token. `now` is the connection's clock, in ms. */
  authenticate(send: AuthSender, now: () => number): Promise<OpenStackAuthResult>;
}

/** Copies status, request id and provider from a provider error, for a rewrapped one. */
export function contextOf(err: ProviderError): NubesErrorOptions {
  return { ...errorContext(err), cause: err };
}

/** The error for a 404 from the identity service: the auth URL is wrong. */
export function wrongAuthUrl(method: string, url: string, err: ProviderError): NotFoundError {
  return new NotFoundError(
    `${method}: no token endpoint at ${url} (HTTP 404). Check authUrl: it should be the identity ` +
      "service's root (e.g. https://keystone.example.com:5000, or http://host:8080 for Swift TempAuth)",
    contextOf(err),
  );
}

/** The error for a token response nubes cannot use. */
export function malformedAuth(method: string, url: string, what: string, response: Response): MalformedResponseError {
  return new MalformedResponseError(`${method}: the token response of ${url} ${what}`, {
    statusCode: response.status,
    ...(response.requestId !== undefined ? { requestId: response.requestId } : {}),
    ...(response.provider !== undefined ? { provider: response.provider } : {}),
  });
}
