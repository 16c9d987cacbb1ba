/**
 * One OAuth 2.0 token request to a Google token endpoint (service-account JWT bearer
 * grant, refresh-token grant), sent through the driver's own Connection: same proxy, CA
 * bundle, timeouts, retries and redaction as the API calls (DESIGN.md, credential flows).
 *
 * Reply and errors: https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
import type { Readable } from 'node:stream';
import type { Connection } from '../../connection/connection.js';
import { InvalidCredentialsError, MalformedResponseError, NubesError, ProviderError } from '../errors/index.js';
import type { AccessToken } from '../oauth/token-credential.js';

/** The largest token reply read (they are a few hundred bytes). */
const MAX_TOKEN_REPLY = 64 * 1024;

/** Reads a small raw body as text, up to `limit` bytes. */
export async function readSmallBody(body: Readable, limit: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) {
      body.destroy();
      throw new MalformedResponseError(`${what}: the reply is larger than ${limit} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses `{access_token, expires_in}` (expires_in a number or a numeric string). */
export function parseTokenReply(text: string, what: string, now: number, provider: string | undefined): AccessToken {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(`${what}: the reply is not JSON`, { provider });
  }
  const reply = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const token = reply.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new MalformedResponseError(`${what}: the reply has no access_token`, { provider });
  }
  const seconds = typeof reply.expires_in === 'string' ? Number(reply.expires_in) : reply.expires_in;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new MalformedResponseError(`${what}: the reply's expires_in is not a positive number`, { provider });
  }
  return { token, expiresAt: now + seconds * 1000 };
}

/** Every form a value may take on the wire or in a log: raw, percent-encoded, form-encoded. */
export function secretForms(value: string): string[] {
  return [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
}

const GRANT_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /invalid jwt signature/i,
    'the key was signed with a private key Google does not know: the key was deleted or rotated, or private_key and client_email come from different keys. Create a new key for the service account',
  ],
  [
    /invalid_grant/i,
    'check the machine clock (the JWT iat/exp must be within a minute of Google\'s time: run NTP), that the key or refresh token was not deleted, rotated or revoked, and that the service account is enabled',
  ],
  [/invalid_client|unauthorized_client/i, 'the OAuth client or service account is unknown or disabled: check client_email / client_id'],
];

/**
 * Sends one token request and parses the reply. `form` is sent form-encoded; every value
 * of `secrets` is registered with the connection (in every encoding) before the request,
 * so no assertion, refresh token or client secret reaches an error or the debug log.
 * `invalid_grant` and "Invalid JWT Signature" become an {@link InvalidCredentialsError}
 * that says what to check.
 */
export async function exchangeToken(
  connection: Connection,
  tokenUri: string,
  form: Record<string, string>,
  secrets: readonly string[],
  what: string,
  options: { signal?: AbortSignal | undefined; now?: () => number } = {},
): Promise<AccessToken> {
  for (const secret of secrets) for (const f of secretForms(secret)) connection.addSecret(f);
  const now = options.now ?? Date.now;
  const started = now();
  try {
    const res = await connection.request(tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      data: new URLSearchParams(form).toString(),
      raw: true,
      // A token request changes nothing: retrying it after a 5xx or a reset is safe.
      idempotent: true,
      context: { auth: false },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await readSmallBody(res.body, MAX_TOKEN_REPLY, what);
    return parseTokenReply(text, what, started, connection.provider);
  } catch (err) {
    throw explainGrantError(err, what);
  }
}

/** Turns a token endpoint's refusal into an InvalidCredentialsError with a remedy; other errors pass through. */
export function explainGrantError(err: unknown, what: string): unknown {
  if (!(err instanceof ProviderError) || err.statusCode === undefined || err.statusCode < 400 || err.statusCode >= 500) return err;
  const text = `${err.providerCode ?? ''} ${err.message}`;
  const hint = GRANT_HINTS.find(([pattern]) => pattern.test(text));
  if (hint === undefined && !(err instanceof InvalidCredentialsError)) return err;
  const message = `${what} was refused (${err.message})${hint ? `: ${hint[1]}` : ''}`;
  const options: ConstructorParameters<typeof NubesError>[1] = { cause: err, statusCode: err.statusCode };
  if (err.provider !== undefined) options.provider = err.provider;
  if (err.providerCode !== undefined) options.providerCode = err.providerCode;
  if (err.requestId !== undefined) options.requestId = err.requestId;
  return new InvalidCredentialsError(message, options);
}
