/**
 * The Google token credentials: a service-account key (RS256 JWT bearer grant), gcloud
 * user credentials (refresh-token grant) and the GCE metadata server. None caches:
 * the {@link TokenCache} of the connection does (refresh ahead of expiry, single flight).
 */
import { sign } from '../builtins.js';
import type { Connection } from '../../connection/connection.js';
import { InvalidArgumentError, MalformedResponseError, NetworkError, NubesError, ProviderError } from '../errors/index.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../oauth/token-credential.js';
import { type CheckedAuthorizedUser, type CheckedServiceAccountKey } from './key-file.js';
import { exchangeToken, parseTokenReply, readSmallBody } from './token-exchange.js';

/** The JWT bearer grant type (RFC 7523). */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A JWT's lifetime: Google accepts at most one hour. */
const JWT_LIFETIME_S = 3600;

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Options of {@link ServiceAccountCredential}. */
export interface ServiceAccountCredentialOptions {
  /** Impersonated user for domain-wide delegation (the JWT's `sub`). */
  subject?: string;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

/**
 * A service-account key: signs an RS256 JWT with `node:crypto` and exchanges it at the
 * key's own `token_uri` (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests).
 * The private key lives in a private field: `util.inspect` never shows it.
 */
export class ServiceAccountCredential implements TokenCredential {
  /** `'service-account'`. */
  readonly kind = 'service-account';
  readonly #key: CheckedServiceAccountKey;
  readonly #subject: string | undefined;
  readonly #now: () => number;

  constructor(key: CheckedServiceAccountKey, options: ServiceAccountCredentialOptions = {}) {
    this.#key = key;
    this.#subject = options.subject;
    this.#now = options.now ?? Date.now;
  }

  /** The service account's e-mail. */
  get clientEmail(): string {
    return this.#key.clientEmail;
  }

  /** The key's `project_id`. */
  get projectId(): string | undefined {
    return this.#key.projectId;
  }

  /** The endpoint the JWT is exchanged at. */
  get tokenUri(): string {
    return this.#key.tokenUri;
  }

  /** The signed JWT assertion for `scopes` (exposed for tests and self-signed uses). */
  assertion(scopes: readonly string[]): string {
    const iat = Math.floor(this.#now() / 1000);
    const header: Record<string, string> = { alg: 'RS256', typ: 'JWT' };
    if (this.#key.keyId !== undefined) header.kid = this.#key.keyId;
    const claims: Record<string, string | number> = {
      iss: this.#key.clientEmail,
      scope: scopes.join(' '),
      aud: this.#key.tokenUri,
      iat,
      exp: iat + JWT_LIFETIME_S,
    };
    if (this.#subject !== undefined) claims.sub = this.#subject;
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.#key.privateKey);
    return `${signingInput}.${b64url(signature)}`;
  }

  /** Exchanges a fresh JWT for an access token through `connection`. */
  async getToken(scopes: readonly string[], connection: Connection, options: GetTokenOptions = {}): Promise<AccessToken> {
    connection.addSecret(this.#key.privateKeyPem);
    const assertion = this.assertion(scopes);
    return exchangeToken(
      connection,
      this.#key.tokenUri,
      { grant_type: JWT_BEARER_GRANT, assertion },
      [assertion],
      `The token exchange for service account ${this.#key.clientEmail} at ${this.#key.tokenUri}`,
      { signal: options.signal, now: this.#now },
    );
  }
}

/**
 * gcloud user credentials (`gcloud auth application-default login`): a refresh-token
 * grant at the file's token endpoint. Scopes are those the user consented to; the
 * requested ones are not sent (Google rejects a refresh asking for more).
 */
export class AuthorizedUserCredential implements TokenCredential {
  /** `'authorized-user'`. */
  readonly kind = 'authorized-user';
  readonly #user: CheckedAuthorizedUser;
  readonly #now: () => number;

  constructor(user: CheckedAuthorizedUser, options: { now?: () => number } = {}) {
    this.#user = user;
    this.#now = options.now ?? Date.now;
  }

  /** The file's `quota_project_id`. */
  get projectId(): string | undefined {
    return this.#user.projectId;
  }

  /** Refreshes an access token through `connection`. */
  async getToken(_scopes: readonly string[], connection: Connection, options: GetTokenOptions = {}): Promise<AccessToken> {
    const u = this.#user;
    return exchangeToken(
      connection,
      u.tokenUri,
      { grant_type: 'refresh_token', client_id: u.clientId, client_secret: u.clientSecret, refresh_token: u.refreshToken },
      [u.clientSecret, u.refreshToken],
      `The refresh of the gcloud application-default credentials at ${u.tokenUri}`,
      { signal: options.signal, now: this.#now },
    );
  }
}

/** The metadata server's address when GCE_METADATA_HOST is not set (link-local: no DNS lookup). */
export const METADATA_DEFAULT_HOST = '169.254.169.254';

/** Options of {@link MetadataCredential} and {@link metadataRequest}. */
export interface MetadataOptions {
  /** `host[:port]` of the metadata server. Default: GCE_METADATA_HOST, else GCE_METADATA_IP, else 169.254.169.254. */
  host?: string;
  /** The service account whose token is asked for. Default `'default'`. */
  account?: string;
  /** Connect and idle timeout of each metadata call, in ms. Default 3000. */
  timeout?: number;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

/**
 * The metadata host: the option, else GCE_METADATA_HOST, else GCE_METADATA_IP (the
 * variables Google's libraries read), else 169.254.169.254.
 */
export function metadataHost(env: Readonly<Record<string, string | undefined>>, option?: string): string {
  const variable = option !== undefined ? 'metadata host' : env.GCE_METADATA_HOST?.trim() ? 'GCE_METADATA_HOST' : 'GCE_METADATA_IP';
  const host = (option ?? (env.GCE_METADATA_HOST?.trim() || env.GCE_METADATA_IP) ?? '').trim() || METADATA_DEFAULT_HOST;
  if (/[/?#@\s]/.test(host)) {
    throw new InvalidArgumentError(`${variable} must be host[:port] (got ${JSON.stringify(host)})`, { option: variable });
  }
  return host;
}

/**
 * GETs a metadata path (`instance/service-accounts/default/token`) and returns the reply
 * text. Always direct (`direct: true`: never through a proxy, whatever HTTP_PROXY or
 * NO_PROXY say), with a short timeout and no retry, sending `Metadata-Flavor: Google` and
 * refusing a reply without it (something other than the metadata server answered: a
 * captive portal, a proxy). https://cloud.google.com/compute/docs/metadata/querying-metadata
 */
export async function metadataRequest(
  connection: Connection,
  path: string,
  options: { host: string; timeout: number; params?: Record<string, string>; signal?: AbortSignal | undefined },
): Promise<string> {
  const url = new URL(`http://${options.host}/computeMetadata/v1/${path}`);
  for (const [k, v] of Object.entries(options.params ?? {})) url.searchParams.set(k, v);
  const what = `The GCE metadata server at ${options.host}`;
  let res;
  try {
    res = await connection.request(url.href, {
      headers: { 'metadata-flavor': 'Google' },
      raw: true,
      direct: true,
      retry: false,
      timeout: { connect: options.timeout, idle: options.timeout },
      context: { auth: false },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new NetworkError(
        `${what} did not answer (${err.message}). Outside Google Cloud, give the driver a service-account key (credentials option or GOOGLE_APPLICATION_CREDENTIALS)`,
        { cause: err },
      );
    }
    throw err;
  }
  if ((res.headers['metadata-flavor'] ?? '').toLowerCase() !== 'google') {
    res.body.resume();
    throw new ProviderError(`${what} answered without "Metadata-Flavor: Google": it is not the metadata server (a proxy or captive portal?)`, {
      statusCode: res.status,
    });
  }
  return readSmallBody(res.body, 64 * 1024, what);
}

/**
 * The GCE metadata server's token for the VM's service account
 * (https://cloud.google.com/compute/docs/access/authenticate-workloads#applications).
 * Never probed unless asked for (`credentials: 'metadata'`) or nothing else was found.
 */
export class MetadataCredential implements TokenCredential {
  /** `'metadata'`. */
  readonly kind = 'metadata';
  readonly #host: string | undefined;
  readonly #account: string;
  readonly #timeout: number;
  readonly #now: () => number;

  constructor(options: MetadataOptions = {}) {
    this.#host = options.host;
    this.#account = options.account ?? 'default';
    this.#timeout = options.timeout ?? 3000;
    this.#now = options.now ?? Date.now;
  }

  /** Fetches the VM's token for `scopes`. */
  async getToken(scopes: readonly string[], connection: Connection, options: GetTokenOptions = {}): Promise<AccessToken> {
    const host = metadataHost(envOf(connection), this.#host);
    const started = this.#now();
    const text = await metadataRequest(connection, `instance/service-accounts/${encodeURIComponent(this.#account)}/token`, {
      host,
      timeout: this.#timeout,
      params: scopes.length > 0 ? { scopes: scopes.join(',') } : {},
      signal: options.signal,
    });
    try {
      return parseTokenReply(text, `The GCE metadata server at ${host}`, started, connection.provider);
    } catch (err) {
      throw err instanceof NubesError ? err : new MalformedResponseError(String(err));
    }
  }

  /** The project of the VM (`project/project-id`). */
  async projectId(connection: Connection, signal?: AbortSignal): Promise<string> {
    const host = metadataHost(envOf(connection), this.#host);
    const text = (await metadataRequest(connection, 'project/project-id', { host, timeout: this.#timeout, signal })).trim();
    if (text === '') throw new MalformedResponseError(`The GCE metadata server at ${host} returned an empty project id`);
    return text;
  }
}

/** The environment a connection reads (its `env` option, else process.env). */
export function envOf(connection: Connection): Readonly<Record<string, string | undefined>> {
  return connection.options.env ?? process.env;
}
