/**
 * Microsoft Entra ID (formerly Azure AD) credentials: client secret, client certificate
 * (an RS256 client assertion), managed identity from the instance metadata service
 * (IMDS), and the chain that picks one — explicit options, then the `AZURE_*`
 * environment variables Azure's own libraries read, then managed identity.
 *
 * Every token exchange is a request of the driver's own Connection (same proxy, CA
 * bundle, timeouts, redaction as the API calls); IMDS is always asked `direct: true`
 * (never through a proxy) with a short timeout. Tokens are cached and refreshed by
 * {@link TokenCache} in the {@link OAuthConnection}: these classes do not cache.
 *
 * References: client credentials flow
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow),
 * certificate credentials / assertion format
 * (https://learn.microsoft.com/entra/identity-platform/certificate-credentials), managed
 * identity over IMDS
 * (https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token).
 */
import type { KeyObject } from 'node:crypto';
import { appendFileSync, createHash, createPrivateKey, nodeCrypto, randomUUID, readFileSync, sign } from '../builtins.js';
import type { Connection } from '../../connection/connection.js';
import { debugTarget } from '../../connection/debug.js';
import { InvalidArgumentError, InvalidCredentialsError, NubesError, ProviderError, type NubesErrorOptions } from '../errors/index.js';
import { SecretSet } from '../redact.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../oauth/token-credential.js';
import { AZURE_CLOUDS, normalizeAuthorityHost } from './clouds.js';

/** The default IMDS address (link-local, reachable only from inside an Azure VM). */
export const AZURE_IMDS_ENDPOINT = 'http://169.254.169.254';
/** The environment variable that overrides {@link AZURE_IMDS_ENDPOINT} (tests, a local IMDS emulator). nubes-specific. */
export const AZURE_IMDS_ENDPOINT_ENV = 'NUBES_AZURE_IMDS_ENDPOINT';
/** The IMDS api-version of the token endpoint (https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service). */
export const AZURE_IMDS_API_VERSION = '2018-02-01';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The environment, as a plain record. */
export type AzureEnvironment = Readonly<Record<string, string | undefined>>;

// ---------------------------------------------------------------------------
// AADSTS errors

/**
 * What to check for the AADSTS codes a service principal meets most
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export const AADSTS_HINTS: Readonly<Record<string, string>> = {
  AADSTS7000215: 'the client secret is wrong: use the secret VALUE (not its id) of the app registration (clientSecret / AZURE_CLIENT_SECRET)',
  AADSTS7000222: 'the client secret has expired: create a new one in the app registration (clientSecret / AZURE_CLIENT_SECRET)',
  AADSTS700027: 'the client assertion was rejected: upload this certificate to the app registration, and check the private key matches it (certificatePath / AZURE_CLIENT_CERTIFICATE_PATH)',
  AADSTS700024: 'the client assertion is outside its validity window: check the machine clock',
  AADSTS700016: 'the application was not found in this tenant: check clientId / AZURE_CLIENT_ID and tenantId / AZURE_TENANT_ID',
  AADSTS90002: 'the tenant was not found: check tenantId / AZURE_TENANT_ID and the cloud (authorityHost / AZURE_AUTHORITY_HOST)',
  AADSTS900023: 'the tenant id is not a valid GUID or domain: check tenantId / AZURE_TENANT_ID',
  AADSTS1002012: 'client-credential scopes must end in /.default (e.g. https://management.azure.com/.default)',
  AADSTS70011: 'the scope is not valid: check the resource and that it ends in /.default',
  AADSTS7000112: 'the application is disabled in this tenant',
  AADSTS53003: 'a Conditional Access policy blocked the sign-in',
  AADSTS500011: 'the resource (scope) is not known in this tenant: check the scope and the cloud',
};

/** The parts of an OAuth 2.0 / Entra ID error body (RFC 6749 §5.2 plus Microsoft's fields). */
interface EntraErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/**
 * Maps an Entra ID token-endpoint error body (`{"error":"invalid_client",
 * "error_description":"AADSTS7000215: Invalid client secret provided. ...","error_codes":[7000215]}`)
 * to an {@link InvalidCredentialsError} whose `providerCode` is the AADSTS code and whose
 * message says what to check. Returns undefined when the body is not that shape, so a
 * Response class can call it first and fall back to its own mapping.
 *
 * @example
 * ```ts
 * import { entraError } from 'nubes/azure';
 *
 * const err = entraError(401, '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}');
 * // err.providerCode === 'AADSTS7000215'
 * ```
 */
export function entraError(status: number, body: string, options: Omit<NubesErrorOptions, 'statusCode' | 'providerCode'> = {}): InvalidCredentialsError | undefined {
  let value: EntraErrorBody;
  try {
    value = JSON.parse(body) as EntraErrorBody;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || typeof value.error !== 'string') return undefined;
  const description = typeof value.error_description === 'string' ? value.error_description : '';
  const fromText = /\bAADSTS(\d+)\b/.exec(description)?.[1];
  const fromList = Array.isArray(value.error_codes) && typeof value.error_codes[0] === 'number' ? String(value.error_codes[0]) : undefined;
  const code = fromText ?? fromList;
  const providerCode = code !== undefined ? `AADSTS${code}` : value.error;
  // The description's first line; the rest is trace and correlation ids, kept out of the message.
  const summary = description.split(/\r?\n/)[0]?.trim() || value.error;
  const hint = AADSTS_HINTS[providerCode];
  const message = `Microsoft Entra ID refused the token request: ${summary}${hint ? ` — ${hint}` : ''} (HTTP ${status})`;
  return new InvalidCredentialsError(message, { ...options, statusCode: status, providerCode });
}

// ---------------------------------------------------------------------------
// Debug notes

/** Writes a `# nubes azure: ...` line to the connection's NUBES_DEBUG target, redacted. */
export function debugNote(connection: Connection, secrets: SecretSet, text: string): void {
  const options = connection.options;
  const target = debugTarget(options.debug, options.env ?? process.env);
  if (target === undefined) return;
  const line = `# nubes azure: ${secrets.redact(text)}\n`;
  if (target === 'stderr') process.stderr.write(line);
  else appendFileSync(target, line);
}

// ---------------------------------------------------------------------------
// Token endpoint

interface TokenReply {
  access_token?: unknown;
  expires_in?: unknown;
  expires_on?: unknown;
  token_type?: unknown;
}

function seconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Reads a token reply: v2.0 gives `expires_in` (a number), IMDS strings and `expires_on` (epoch s). */
function readToken(reply: unknown, what: string, now: number): AccessToken {
  const r = (reply ?? {}) as TokenReply;
  if (typeof r.access_token !== 'string' || r.access_token === '') {
    throw new InvalidCredentialsError(`${what}: the reply has no access_token`, { provider: 'azure' });
  }
  const expiresOn = seconds(r.expires_on);
  const expiresIn = seconds(r.expires_in);
  const expiresAt = expiresOn !== undefined ? expiresOn * 1000 : now + (expiresIn ?? 3600) * 1000;
  return { token: r.access_token, expiresAt };
}

/** Turns a failed token request into the Entra error, whatever Response class the connection has. */
function tokenFailure(err: unknown, what: string): unknown {
  if (err instanceof InvalidCredentialsError && err.providerCode?.startsWith('AADSTS')) return err;
  if (err instanceof ProviderError && err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 429) {
    return new InvalidCredentialsError(`${what} failed: ${err.message}`, {
      statusCode: err.statusCode,
      requestId: err.requestId,
      providerCode: err.providerCode,
      cause: err,
      provider: 'azure',
    });
  }
  return err;
}

/** Options shared by the client credentials. */
export interface EntraClientOptions {
  /** The directory (tenant) id or domain. */
  tenantId: string;
  /** The application (client) id of the app registration. */
  clientId: string;
  /** The Entra authority: default `https://login.microsoftonline.com` (see {@link AZURE_CLOUDS}). */
  authorityHost?: string | undefined;
}

/** The option (or environment variable) names used in error messages. */
export interface OptionNames {
  /** Name of the tenant id. */
  tenantId: string;
  /** Name of the client id. */
  clientId: string;
  /** Name of the client secret. */
  clientSecret: string;
  /** Name of the certificate path. */
  certificatePath: string;
  /** Name of the authority host. */
  authorityHost: string;
}

/** The names of the constructor options. */
export const OPTION_NAMES: OptionNames = {
  tenantId: 'tenantId',
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  certificatePath: 'certificatePath',
  authorityHost: 'authorityHost',
};

/** The names of the `AZURE_*` variables. */
export const ENV_NAMES: OptionNames = {
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  authorityHost: 'AZURE_AUTHORITY_HOST',
};

abstract class EntraClientCredential implements TokenCredential {
  /** A short name of the credential kind. */
  abstract readonly kind: string;
  /** The directory (tenant) id or domain. */
  readonly tenantId: string;
  /** The application (client) id. */
  readonly clientId: string;
  /** The Entra authority origin. */
  readonly authorityHost: string;
  /** Values to redact, handed to each connection the credential is used with. */
  protected readonly secretValues = new SecretSet();

  constructor(options: EntraClientOptions, names: OptionNames) {
    this.tenantId = requireText(options.tenantId, names.tenantId);
    if (!/^[A-Za-z0-9.-]+$/.test(this.tenantId)) {
      throw new InvalidArgumentError(`${names.tenantId} must be a tenant GUID or domain name (got ${JSON.stringify(this.tenantId)})`, { option: names.tenantId });
    }
    this.clientId = requireText(options.clientId, names.clientId);
    this.authorityHost = normalizeAuthorityHost(options.authorityHost ?? AZURE_CLOUDS.public.authorityHost, names.authorityHost);
  }

  /** `{authority}/{tenant}/oauth2/v2.0/token`. */
  get tokenUrl(): string {
    return `${this.authorityHost}/${encodeURIComponent(this.tenantId)}/oauth2/v2.0/token`;
  }

  /** The form fields that prove who the client is. */
  protected abstract clientAuthentication(): Record<string, string>;

  async getToken(scopes: readonly string[], connection: Connection, options: GetTokenOptions = {}): Promise<AccessToken> {
    const auth = this.clientAuthentication();
    for (const value of [...Object.values(auth), ...this.secretValues]) {
      connection.addSecret(value);
      // The form encoding (spaces as '+') differs from encodeURIComponent's, and base64
      // is how a secret leaks through a Basic header or an echo: register both too.
      connection.addSecret(new URLSearchParams({ v: value }).toString().slice(2));
      connection.addSecret(Buffer.from(value).toString('base64'));
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.clientId, scope: scopes.join(' '), ...auth });
    const what = `Entra ID token request (${this.kind}) to ${this.authorityHost}`;
    const started = Date.now();
    try {
      const res = await connection.request<unknown>(this.tokenUrl, {
        method: 'POST',
        data: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        context: { auth: false },
        // A client-credentials exchange has no side effect: safe to send again after a
        // network failure or a 429.
        idempotent: true,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return readToken(res.object, what, started);
    } catch (err) {
      throw tokenFailure(err, what);
    }
  }
}

function requireText(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${option} must be a non-empty string`, { option });
  }
  return value.trim();
}

/** Options of {@link ClientSecretCredential}. */
export interface ClientSecretCredentialOptions extends EntraClientOptions {
  /** The client secret's value. A secret: redacted everywhere. */
  clientSecret: string;
}

/**
 * A service principal signing in with a client secret (`client_secret` form field).
 *
 * @example
 * ```ts
 * import { ClientSecretCredential } from 'nubes/azure';
 *
 * const credential = new ClientSecretCredential({
 *   tenantId: process.env.AZURE_TENANT_ID ?? '',
 *   clientId: process.env.AZURE_CLIENT_ID ?? '',
 *   clientSecret: process.env.AZURE_CLIENT_SECRET ?? '',
 * });
 * ```
 */
export class ClientSecretCredential extends EntraClientCredential {
  /** `'client-secret'`. */
  readonly kind = 'client-secret';
  readonly #secret: string;

  constructor(options: ClientSecretCredentialOptions, names: OptionNames = OPTION_NAMES) {
    super(options, names);
    this.#secret = requireText(options.clientSecret, names.clientSecret);
    this.secretValues.add(this.#secret);
  }

  protected clientAuthentication(): Record<string, string> {
    return { client_secret: this.#secret };
  }

  /** Hides the secret from `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ClientSecretCredential { tenantId: '${this.tenantId}', clientId: '${this.clientId}', clientSecret: [REDACTED] }`;
  }
}

/** Options of {@link ClientCertificateCredential}: the certificate from a file or as PEM text. */
export interface ClientCertificateCredentialOptions extends EntraClientOptions {
  /** A PEM file holding the private key and the certificate (what `AZURE_CLIENT_CERTIFICATE_PATH` names). */
  certificatePath?: string | undefined;
  /** The same PEM text, instead of a file. */
  certificate?: string | undefined;
  /** The passphrase of an encrypted private key. */
  certificatePassword?: string | undefined;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * A service principal signing in with a certificate: each token request carries a fresh
 * client assertion, a JWT signed RS256 with the private key, whose header names the
 * certificate by its SHA-1 thumbprint (`x5t`) and SHA-256 thumbprint (`x5t#S256`), and
 * whose claims are `aud` = the token URL, `iss` = `sub` = the client id, a random `jti`,
 * `nbf`/`iat` = now and `exp` = now + 10 minutes.
 *
 * @example
 * ```ts
 * import { ClientCertificateCredential } from 'nubes/azure';
 *
 * const credential = new ClientCertificateCredential({
 *   tenantId: 'contoso.onmicrosoft.com',
 *   clientId: '00000000-0000-0000-0000-000000000000',
 *   certificatePath: '/etc/nubes/sp.pem', // private key + certificate, PEM
 * });
 * ```
 */
export class ClientCertificateCredential extends EntraClientCredential {
  /** `'client-certificate'`. */
  readonly kind = 'client-certificate';
  readonly #key: KeyObject;
  /** The certificate's SHA-1 thumbprint, base64url (the `x5t` header). */
  readonly x5t: string;
  /** The certificate's SHA-256 thumbprint, base64url (the `x5t#S256` header). */
  readonly x5tS256: string;
  readonly #clock: () => number;

  constructor(options: ClientCertificateCredentialOptions, names: OptionNames = OPTION_NAMES, clock: () => number = Date.now) {
    super(options, names);
    this.#clock = clock;
    const option = options.certificate !== undefined ? 'certificate' : names.certificatePath;
    let pem: string;
    if (options.certificate !== undefined) {
      pem = requireText(options.certificate, option);
    } else {
      const path = requireText(options.certificatePath, option);
      try {
        pem = readFileSync(path, 'utf8');
      } catch (err) {
        throw new InvalidArgumentError(`${option}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { option, cause: err });
      }
    }
    const keyBlock = /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/.exec(pem)?.[0];
    const certBlocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (keyBlock === undefined || certBlocks.length === 0) {
      throw new InvalidArgumentError(
        `${option} must be PEM text holding the private key and the certificate (convert a PFX with: openssl pkcs12 -in cert.pfx -out cert.pem -nodes)`,
        { option },
      );
    }
    try {
      this.#key = createPrivateKey(options.certificatePassword !== undefined ? { key: keyBlock, passphrase: options.certificatePassword } : keyBlock);
    } catch (err) {
      throw new InvalidArgumentError(`${option}: the private key cannot be read (encrypted without certificatePassword, or not RSA PEM)`, { option, cause: err });
    }
    if (this.#key.asymmetricKeyType !== 'rsa') {
      throw new InvalidArgumentError(`${option}: Entra ID client assertions are signed RS256, which needs an RSA key (got ${String(this.#key.asymmetricKeyType)})`, { option });
    }
    // The leaf is the certificate of this key; a chain may follow it in the file.
    const certs = certBlocks.map((block) => new (nodeCrypto().X509Certificate)(block));
    const leaf = certs.find((c) => c.checkPrivateKey(this.#key));
    if (leaf === undefined) throw new InvalidArgumentError(`${option}: no certificate in the file matches the private key`, { option });
    this.x5t = base64url(createHash('sha1').update(leaf.raw).digest());
    this.x5tS256 = base64url(createHash('sha256').update(leaf.raw).digest());
  }

  /** A fresh signed client assertion for the token URL. */
  assertion(): string {
    const now = Math.floor(this.#clock() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5t: this.x5t, 'x5t#S256': this.x5tS256 };
    const claims = { aud: this.tokenUrl, iss: this.clientId, sub: this.clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), this.#key);
    return `${input}.${base64url(signature)}`;
  }

  protected clientAuthentication(): Record<string, string> {
    const assertion = this.assertion();
    return { client_assertion_type: ASSERTION_TYPE, client_assertion: assertion };
  }

  /** Hides the key from `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ClientCertificateCredential { tenantId: '${this.tenantId}', clientId: '${this.clientId}', x5t: '${this.x5t}', key: [REDACTED] }`;
  }
}

/** Options of {@link ManagedIdentityCredential}. */
export interface ManagedIdentityCredentialOptions {
  /** The client id of a user-assigned identity; omit for the system-assigned one. */
  clientId?: string | undefined;
  /**
   * The IMDS origin (default `http://169.254.169.254`, or the `NUBES_AZURE_IMDS_ENDPOINT`
   * variable): an override for tests and local emulators. Always asked directly.
   */
  imdsEndpoint?: string | undefined;
  /** Timeout of the IMDS call in ms (default 3000: IMDS answers in milliseconds or not at all). */
  timeout?: number | undefined;
}

/**
 * Managed identity from the Azure instance metadata service:
 * `GET {imds}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=<resource>`
 * with `Metadata: true`. Always sent `direct: true` — IMDS is link-local, a proxy can
 * neither reach it nor must see its tokens — with a short timeout and one retry.
 *
 * @example
 * ```ts
 * import { ManagedIdentityCredential } from 'nubes/azure';
 *
 * const credential = new ManagedIdentityCredential(); // system-assigned
 * ```
 */
export class ManagedIdentityCredential implements TokenCredential {
  /** `'managed-identity'`. */
  readonly kind = 'managed-identity';
  /** The user-assigned identity's client id; undefined for the system-assigned one. */
  readonly clientId: string | undefined;
  /** The IMDS origin asked. */
  readonly imdsEndpoint: string;
  readonly #timeout: number;

  constructor(options: ManagedIdentityCredentialOptions = {}, env: AzureEnvironment = process.env) {
    this.clientId = options.clientId === undefined || options.clientId === '' ? undefined : requireText(options.clientId, 'managedIdentityClientId');
    const endpoint = options.imdsEndpoint ?? env[AZURE_IMDS_ENDPOINT_ENV] ?? AZURE_IMDS_ENDPOINT;
    const option = options.imdsEndpoint !== undefined ? 'imdsEndpoint' : env[AZURE_IMDS_ENDPOINT_ENV] !== undefined ? AZURE_IMDS_ENDPOINT_ENV : 'imdsEndpoint';
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new InvalidArgumentError(`${option} must be an http URL such as http://169.254.169.254 (got ${JSON.stringify(endpoint)})`, { option });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidArgumentError(`${option} must be an http URL such as http://169.254.169.254`, { option });
    }
    this.imdsEndpoint = url.origin;
    const timeout = options.timeout ?? 3000;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
      throw new InvalidArgumentError(`managedIdentityTimeout must be a positive number of ms (got ${String(timeout)})`, { option: 'managedIdentityTimeout' });
    }
    this.#timeout = timeout;
  }

  async getToken(scopes: readonly string[], connection: Connection, options: GetTokenOptions = {}): Promise<AccessToken> {
    // IMDS takes a resource, not scopes: the scope without its /.default.
    const resource = (scopes[0] ?? '').replace(/\/\.default$/, '/');
    const what = `Azure managed identity (IMDS ${this.imdsEndpoint})`;
    const started = Date.now();
    let res;
    try {
      res = await connection.request<unknown>(`${this.imdsEndpoint}/metadata/identity/oauth2/token`, {
        params: { 'api-version': AZURE_IMDS_API_VERSION, resource, client_id: this.clientId },
        headers: { metadata: 'true', accept: 'application/json' },
        context: { auth: false },
        direct: true,
        timeout: { connect: Math.min(this.#timeout, 2000), idle: this.#timeout },
        retry: 1,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if (err instanceof ProviderError) {
        throw new InvalidCredentialsError(`${what} refused the token request: ${err.message}`, {
          statusCode: err.statusCode,
          providerCode: err.providerCode,
          cause: err,
          provider: 'azure',
        });
      }
      if (err instanceof NubesError && err.code !== 'NUBES_ERR_ABORTED') {
        throw new InvalidCredentialsError(
          `${what} is unreachable: managed identity works only on an Azure VM or service with an identity assigned; elsewhere set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH). ${err.message}`,
          { cause: err, provider: 'azure' },
        );
      }
      throw err;
    }
    return readToken(res.object, what, started);
  }
}

// ---------------------------------------------------------------------------
// The chain

/** How a driver is told which Entra credential to use. */
export interface AzureCredentialOptions {
  /** The directory (tenant) id or domain. Default: `AZURE_TENANT_ID`. */
  tenantId?: string | undefined;
  /** The application (client) id. Default: `AZURE_CLIENT_ID`. */
  clientId?: string | undefined;
  /** A client secret (with tenantId and clientId). Default: `AZURE_CLIENT_SECRET`. */
  clientSecret?: string | undefined;
  /** A PEM file with the private key and certificate. Default: `AZURE_CLIENT_CERTIFICATE_PATH`. */
  certificatePath?: string | undefined;
  /** The passphrase of an encrypted key in `certificatePath`. Default: `AZURE_CLIENT_CERTIFICATE_PASSWORD`. */
  certificatePassword?: string | undefined;
  /**
   * `'managed-identity'` to use IMDS only, `'environment'` to use the `AZURE_*` variables
   * only, a {@link TokenCredential} of your own, or `'chain'` (default): explicit options,
   * then the environment, then managed identity.
   */
  credentials?: 'chain' | 'environment' | 'managed-identity' | TokenCredential | undefined;
  /** The client id of a user-assigned managed identity. Default: `AZURE_CLIENT_ID` when the chain reaches managed identity. */
  managedIdentityClientId?: string | undefined;
  /** IMDS origin override (tests). Default: `NUBES_AZURE_IMDS_ENDPOINT`, else `http://169.254.169.254`. */
  imdsEndpoint?: string | undefined;
  /** The Entra authority origin. Default: `AZURE_AUTHORITY_HOST`, else the cloud's. */
  authorityHost?: string | undefined;
}

/** A credential with the story of how it was chosen (written to the debug log on first use). */
export class ChosenCredential implements TokenCredential {
  /** The chosen credential's kind. */
  readonly kind: string;
  readonly #secrets = new SecretSet();
  #reported = false;

  constructor(
    /** The credential the chain settled on. */
    readonly credential: TokenCredential,
    /** One line per step of the chain: what was tried and why it was (not) used. */
    readonly steps: readonly string[],
    secrets: readonly (string | undefined)[] = [],
  ) {
    this.kind = credential.kind;
    for (const s of secrets) this.#secrets.add(s);
  }

  async getToken(scopes: readonly string[], connection: Connection, options?: GetTokenOptions): Promise<AccessToken> {
    for (const s of this.#secrets) {
      connection.addSecret(s);
      connection.addSecret(Buffer.from(s).toString('base64'));
    }
    if (!this.#reported) {
      this.#reported = true;
      for (const step of this.steps) debugNote(connection, this.#secrets, `credential chain: ${step}`);
    }
    return this.credential.getToken(scopes, connection, options);
  }

  /** Hides the inner credential's secrets from `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ChosenCredential { kind: '${this.kind}', steps: ${JSON.stringify(this.steps)} }`;
  }
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** The string options of {@link AzureCredentialOptions}. */
const STRING_CREDENTIAL_OPTIONS = ['tenantId', 'clientId', 'clientSecret', 'certificatePath', 'certificatePassword', 'managedIdentityClientId', 'imdsEndpoint', 'authorityHost'] as const;

/**
 * Refuses a wrong-typed option at construction, whichever step of the chain would (or
 * would not) read it: a number given as `clientSecret` must not become a TypeError, nor a
 * malformed `imdsEndpoint` be ignored because explicit credentials win. The messages
 * never echo a value (some are secrets).
 */
function checkCredentialOptionTypes(options: AzureCredentialOptions): void {
  for (const option of STRING_CREDENTIAL_OPTIONS) {
    const value: unknown = options[option];
    if (value !== undefined && typeof value !== 'string') {
      throw new InvalidArgumentError(`${option} must be a string (got a ${value === null ? 'null' : typeof value})`, { option });
    }
  }
  const imds = options.imdsEndpoint;
  if (imds !== undefined && imds !== '') {
    let url: URL | undefined;
    try {
      url = new URL(imds);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new InvalidArgumentError(`imdsEndpoint must be an http URL such as http://169.254.169.254 (got ${JSON.stringify(imds)})`, { option: 'imdsEndpoint' });
    }
  }
}

/**
 * Picks the Entra credential for a driver, without sending anything:
 *
 * 1. `credentials` given as a {@link TokenCredential}, or `'managed-identity'`: that.
 * 2. explicit `clientSecret` or `certificatePath` (with `tenantId` and `clientId`);
 * 3. the environment: `AZURE_TENANT_ID` + `AZURE_CLIENT_ID` + `AZURE_CLIENT_SECRET` or
 *    `AZURE_CLIENT_CERTIFICATE_PATH` (`AZURE_AUTHORITY_HOST` for the authority);
 * 4. managed identity (IMDS), when nothing above is configured.
 *
 * Each step is written to the NUBES_DEBUG log (redacted) when the first token is asked
 * for. A half-configured step (a secret without a tenant) is an {@link InvalidArgumentError}
 * naming what is missing, never a silent fall-through to managed identity.
 *
 * @param defaultAuthority the cloud's authority, when neither `authorityHost` nor `AZURE_AUTHORITY_HOST` is set.
 * @example
 * ```ts
 * import { resolveAzureCredential } from 'nubes/azure';
 *
 * const credential = resolveAzureCredential({ credentials: 'managed-identity' });
 * ```
 */
export function resolveAzureCredential(
  options: AzureCredentialOptions = {},
  env: AzureEnvironment = process.env,
  defaultAuthority: string = AZURE_CLOUDS.public.authorityHost,
): TokenCredential {
  checkCredentialOptionTypes(options);
  const steps: string[] = [];
  const mode = options.credentials ?? 'chain';
  if (typeof mode === 'object' && mode !== null) {
    if (typeof (mode as TokenCredential).getToken !== 'function') {
      throw new InvalidArgumentError('credentials must be a TokenCredential (an object with getToken), or one of chain, environment, managed-identity', { option: 'credentials' });
    }
    return mode;
  }
  if (!['chain', 'environment', 'managed-identity'].includes(mode)) {
    throw new InvalidArgumentError(`credentials must be 'chain', 'environment', 'managed-identity' or a TokenCredential (got ${JSON.stringify(mode)})`, { option: 'credentials' });
  }
  const managed = (why: string): ChosenCredential => {
    const clientId = options.managedIdentityClientId ?? (mode === 'chain' ? env.AZURE_CLIENT_ID : undefined);
    const mi = new ManagedIdentityCredential({ clientId, imdsEndpoint: options.imdsEndpoint }, env);
    steps.push(`managed identity: ${why}; IMDS ${mi.imdsEndpoint} (always direct, never through a proxy)${clientId ? `, user-assigned client id ${clientId}` : ', system-assigned'}`);
    return new ChosenCredential(mi, steps);
  };
  if (mode === 'managed-identity') return managed('asked for (credentials: managed-identity)');

  if (mode === 'chain') {
    const explicit = present(options.clientSecret) || present(options.certificatePath);
    if (explicit) {
      const tenantId = options.tenantId ?? env.AZURE_TENANT_ID;
      const clientId = options.clientId ?? env.AZURE_CLIENT_ID;
      if (!present(tenantId)) throw new InvalidArgumentError('tenantId is required with clientSecret or certificatePath (or set AZURE_TENANT_ID)', { option: 'tenantId' });
      if (!present(clientId)) throw new InvalidArgumentError('clientId is required with clientSecret or certificatePath (or set AZURE_CLIENT_ID)', { option: 'clientId' });
      const authorityHost = options.authorityHost ?? env.AZURE_AUTHORITY_HOST ?? defaultAuthority;
      if (present(options.clientSecret) && present(options.certificatePath)) {
        throw new InvalidArgumentError('give clientSecret or certificatePath, not both', { option: 'clientSecret' });
      }
      const credential = present(options.clientSecret)
        ? new ClientSecretCredential({ tenantId, clientId, clientSecret: options.clientSecret, authorityHost })
        : new ClientCertificateCredential({ tenantId, clientId, certificatePath: options.certificatePath, certificatePassword: options.certificatePassword, authorityHost });
      steps.push(`explicit options: ${credential.kind} for client ${clientId} in tenant ${tenantId} at ${credential.authorityHost}`);
      return new ChosenCredential(credential, steps, [options.clientSecret]);
    }
    steps.push('explicit options: no clientSecret or certificatePath given');
  }

  const secret = env.AZURE_CLIENT_SECRET;
  const certPath = env.AZURE_CLIENT_CERTIFICATE_PATH;
  if (present(secret) || present(certPath)) {
    if (!present(env.AZURE_TENANT_ID)) throw new InvalidArgumentError('AZURE_TENANT_ID is not set (needed with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)', { option: 'AZURE_TENANT_ID' });
    if (!present(env.AZURE_CLIENT_ID)) throw new InvalidArgumentError('AZURE_CLIENT_ID is not set (needed with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)', { option: 'AZURE_CLIENT_ID' });
    const tenantId = options.tenantId ?? env.AZURE_TENANT_ID;
    const authorityHost = options.authorityHost ?? env.AZURE_AUTHORITY_HOST ?? defaultAuthority;
    const credential = present(secret)
      ? new ClientSecretCredential({ tenantId, clientId: env.AZURE_CLIENT_ID, clientSecret: secret, authorityHost }, ENV_NAMES)
      : new ClientCertificateCredential(
          { tenantId, clientId: env.AZURE_CLIENT_ID, certificatePath: certPath, certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD, authorityHost },
          ENV_NAMES,
        );
    steps.push(`environment: ${credential.kind} from AZURE_TENANT_ID/AZURE_CLIENT_ID/${present(secret) ? 'AZURE_CLIENT_SECRET' : 'AZURE_CLIENT_CERTIFICATE_PATH'} at ${credential.authorityHost}`);
    return new ChosenCredential(credential, steps, [secret]);
  }
  if (mode === 'environment') {
    throw new InvalidArgumentError('credentials: environment, but neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH is set', { option: 'AZURE_CLIENT_SECRET' });
  }
  steps.push('environment: neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH is set');
  return managed('nothing else configured');
}

/**
 * The driver options of Microsoft Entra ID sign-in, shared by every Azure driver (ARM
 * compute, DNS, and Blob Storage without an account key).
 */
export const ENTRA_OPTION_KEYS = ['clientId', 'clientSecret', 'certificatePath', 'certificatePassword', 'credentials', 'managedIdentityClientId', 'imdsEndpoint', 'authorityHost'] as const;

/**
 * The subscription an ARM driver works in: the driver's second argument, else
 * `AZURE_SUBSCRIPTION_ID`.
 *
 * @throws {InvalidArgumentError} (option `subscriptionId`) when neither is a subscription GUID.
 */
export function armSubscriptionId(given: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const sub = given || env.AZURE_SUBSCRIPTION_ID;
  if (typeof sub !== 'string' || !/^[0-9a-fA-F-]{8,}$/.test(sub)) {
    throw new InvalidArgumentError(`subscriptionId must be the subscription GUID (second argument, or AZURE_SUBSCRIPTION_ID); got ${JSON.stringify(sub ?? '')}`, {
      option: 'subscriptionId',
    });
  }
  return sub;
}

/**
 * The Entra sign-in options out of a driver's options bag (the keys of
 * {@link ENTRA_OPTION_KEYS}), with the tenant: what {@link resolveAzureCredential} takes.
 */
export function entraCredentialOptions(tenantId: string | undefined, options: Readonly<Partial<Record<(typeof ENTRA_OPTION_KEYS)[number], unknown>>>): AzureCredentialOptions {
  const out: Record<string, unknown> = { tenantId };
  for (const key of ENTRA_OPTION_KEYS) out[key] = options[key];
  return out as AzureCredentialOptions;
}
