/**
 * Google credential files: a service-account key (`"type": "service_account"`, what the
 * console's "Create key" downloads) and the user credentials `gcloud auth
 * application-default login` writes (`"type": "authorized_user"`). Both are read and
 * checked before any request, so a wrong file fails with an error naming the file and
 * the field, not with a 400 from the token endpoint.
 *
 * Fields: https://cloud.google.com/iam/docs/keys-create-delete (key file format) and
 * https://google.aip.dev/auth/4110 (application default credentials).
 */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, readFileSync } from '../builtins.js';
import { InvalidArgumentError } from '../errors/index.js';

/**
 * The token endpoint Google documents, used only when a credential file carries no
 * `token_uri` of its own (keys issued before 2016, `gcloud` user credentials). A key's own
 * `token_uri` always wins.
 */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** A service-account key file, as downloaded from the console or `gcloud iam service-accounts keys create`. */
export interface ServiceAccountKeyFile {
  /** Always `'service_account'`. */
  type: 'service_account';
  /** The project the service account belongs to: the default `project` of Google drivers. */
  project_id?: string;
  /** Id of the key, sent as the JWT header's `kid`. */
  private_key_id?: string;
  /** The PKCS#8 PEM private key. A secret. */
  private_key: string;
  /** The service account's e-mail: the JWT's `iss`. */
  client_email: string;
  /** The numeric client id. */
  client_id?: string;
  /** Where the signed JWT is exchanged for an access token (the JWT's `aud`). */
  token_uri?: string;
  /** `googleapis.com` for the public cloud. */
  universe_domain?: string;
  /** Other fields of the file (`auth_uri`, certificate URLs) are ignored. */
  [field: string]: unknown;
}

/** User credentials from `gcloud auth application-default login`. */
export interface AuthorizedUserFile {
  /** Always `'authorized_user'`. */
  type: 'authorized_user';
  /** The OAuth client id gcloud signed in with. */
  client_id: string;
  /** The OAuth client secret. A secret. */
  client_secret: string;
  /** The long-lived refresh token. A secret. */
  refresh_token: string;
  /** The project billed for quota, a default `project` when nothing else names one. */
  quota_project_id?: string;
  /** The token endpoint, when the file names one. */
  token_uri?: string;
  /** Other fields are ignored. */
  [field: string]: unknown;
}

/** A parsed Google credential file of a type nubes can use. */
export type GoogleCredentialFile = ServiceAccountKeyFile | AuthorizedUserFile;

/** A checked service-account key: the parsed private key and the fields the JWT needs. */
export interface CheckedServiceAccountKey {
  /** The service account's e-mail. */
  clientEmail: string;
  /** The parsed private key (a KeyObject: `util.inspect` does not print its material). */
  privateKey: KeyObject;
  /** The PEM text, only so that connections can register it for redaction. */
  privateKeyPem: string;
  /** `private_key_id`, when present. */
  keyId: string | undefined;
  /** The token endpoint (`token_uri`, else {@link GOOGLE_TOKEN_URI}). */
  tokenUri: string;
  /** `project_id`, when present. */
  projectId: string | undefined;
}

/** A checked authorized-user file. */
export interface CheckedAuthorizedUser {
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret. */
  clientSecret: string;
  /** The refresh token. */
  refreshToken: string;
  /** The token endpoint. */
  tokenUri: string;
  /** `quota_project_id`, when present. */
  projectId: string | undefined;
}

/** Where a credential came from, for messages: `'the key file /path/key.json'`, `'GOOGLE_APPLICATION_CREDENTIALS (/path)'`. */
export interface CredentialSource {
  /** Human description used in every error message. */
  what: string;
  /** The option or environment variable errors name. */
  option: string;
}

function fail(source: CredentialSource, message: string): never {
  throw new InvalidArgumentError(`${source.what}: ${message}`, { option: source.option });
}

/** Reads and parses a credential file; every failure names the file. */
export function readCredentialFile(path: string, source: CredentialSource): Record<string, unknown> {
  if (typeof path !== 'string' || path.trim() === '') fail(source, 'the path is empty');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    fail(source, `cannot read ${path} (${why})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message may quote the file (a private key): never repeat it.
    fail(source, `${path} is not JSON (expected a Google service-account key or application-default credentials file)`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(source, `${path} is not a JSON object`);
  return value as Record<string, unknown>;
}

function field(file: Record<string, unknown>, name: string, source: CredentialSource, required: true): string;
function field(file: Record<string, unknown>, name: string, source: CredentialSource, required: false): string | undefined;
function field(file: Record<string, unknown>, name: string, source: CredentialSource, required: boolean): string | undefined {
  const value = file[name];
  if (value === undefined || value === null || value === '') {
    if (required) fail(source, `the "${name}" field is missing`);
    return undefined;
  }
  if (typeof value !== 'string') fail(source, `the "${name}" field must be a string (got ${typeof value})`);
  return value;
}

function tokenUri(file: Record<string, unknown>, source: CredentialSource): string {
  const uri = field(file, 'token_uri', source, false) ?? GOOGLE_TOKEN_URI;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    fail(source, `the "token_uri" field is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  // The assertion is a bearer credential for an hour: never send it in clear text, except
  // to a loopback emulator.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    fail(source, `the "token_uri" field must be an https URL (got ${url.protocol}//${url.host})`);
  }
  return url.href;
}

/** The `type` of a credential file, checked: `service_account` or `authorized_user`. */
export function credentialType(file: Record<string, unknown>, source: CredentialSource): 'service_account' | 'authorized_user' {
  const type = file.type;
  if (type === 'service_account' || type === 'authorized_user') return type;
  if (type === undefined) fail(source, 'the "type" field is missing (expected "service_account" or "authorized_user")');
  fail(
    source,
    `the "type" field is ${JSON.stringify(type)}; nubes supports "service_account" keys and "authorized_user" (gcloud application-default) files`,
  );
}

/** Checks a service-account key and parses its private key. */
export function checkServiceAccountKey(file: Record<string, unknown>, source: CredentialSource): CheckedServiceAccountKey {
  if (credentialType(file, source) !== 'service_account') fail(source, 'the "type" field must be "service_account" here');
  const clientEmail = field(file, 'client_email', source, true);
  const pem = field(file, 'private_key', source, true);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // Never quote the key or the parser's message about it.
    fail(source, 'the "private_key" field is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'rsa') fail(source, `the "private_key" field must be an RSA key (got ${privateKey.asymmetricKeyType ?? 'unknown'})`);
  return {
    clientEmail,
    privateKey,
    privateKeyPem: pem,
    keyId: field(file, 'private_key_id', source, false),
    tokenUri: tokenUri(file, source),
    projectId: field(file, 'project_id', source, false),
  };
}

/** Checks an authorized-user (gcloud application-default) file. */
export function checkAuthorizedUser(file: Record<string, unknown>, source: CredentialSource): CheckedAuthorizedUser {
  if (credentialType(file, source) !== 'authorized_user') fail(source, 'the "type" field must be "authorized_user" here');
  return {
    clientId: field(file, 'client_id', source, true),
    clientSecret: field(file, 'client_secret', source, true),
    refreshToken: field(file, 'refresh_token', source, true),
    tokenUri: tokenUri(file, source),
    projectId: field(file, 'quota_project_id', source, false),
  };
}
