/**
 * Which Google credential a driver uses, in the order Google's own libraries follow
 * (https://google.aip.dev/auth/4110, application default credentials):
 *
 * 1. the explicit `credentials` option (a key file path, a parsed key, `'metadata'`, or
 *    any {@link TokenCredential}), or a key file path given as the driver's first argument;
 * 2. the file named by `GOOGLE_APPLICATION_CREDENTIALS`;
 * 3. the user's gcloud application-default file
 *    (`$CLOUDSDK_CONFIG` or `~/.config/gcloud`, `%APPDATA%\gcloud` on Windows,
 *    `/application_default_credentials.json`);
 * 4. the GCE metadata server (only asked when a token is first needed).
 *
 * Files are read and checked here, synchronously, so a bad file fails in the driver's
 * constructor, before any request. Each step is reported in the debug log.
 */
import { existsSync } from '../builtins.js';
import { join } from 'node:path';
import { InvalidArgumentError } from '../errors/index.js';
import type { TokenCredential } from '../oauth/token-credential.js';
import { AuthorizedUserCredential, MetadataCredential, ServiceAccountCredential } from './credentials.js';
import { checkAuthorizedUser, checkServiceAccountKey, credentialType, readCredentialFile, type CredentialSource } from './key-file.js';

/** What the `credentials` option accepts. */
export type GoogleCredentialsOption = string | Readonly<Record<string, unknown>> | 'metadata' | TokenCredential;

/** Input of {@link resolveGoogleCredential}. */
export interface ResolveGoogleCredentialInput {
  /** The `credentials` option. */
  credentials?: GoogleCredentialsOption | undefined;
  /** A service account e-mail given as the driver's key: checked against the key, or the metadata account to ask for. */
  clientEmail?: string | undefined;
  /** The environment (GOOGLE_APPLICATION_CREDENTIALS, CLOUDSDK_CONFIG, HOME, APPDATA). */
  env: Readonly<Record<string, string | undefined>>;
  /** The platform, for the gcloud directory (tests). Default `process.platform`. */
  platform?: NodeJS.Platform;
}

/** The credential chosen, and how. */
export interface ResolvedGoogleCredential {
  /** The credential. */
  credential: TokenCredential;
  /** Where it came from, for messages (`'GOOGLE_APPLICATION_CREDENTIALS (/path/key.json)'`). */
  source: string;
  /** The project the credential names (`project_id`, `quota_project_id`), if any. */
  projectId: string | undefined;
  /** Values to register as connection secrets (private key, client secret, refresh token). */
  secrets: string[];
  /** One line per chain step, for the debug log. */
  steps: string[];
}

function isTokenCredential(value: unknown): value is TokenCredential {
  return typeof value === 'object' && value !== null && typeof (value as { getToken?: unknown }).getToken === 'function';
}

function fromFile(file: Record<string, unknown>, source: CredentialSource, clientEmail: string | undefined): Omit<ResolvedGoogleCredential, 'steps'> {
  if (credentialType(file, source) === 'service_account') {
    const key = checkServiceAccountKey(file, source);
    if (clientEmail !== undefined && clientEmail !== key.clientEmail) {
      throw new InvalidArgumentError(
        `${source.what}: its client_email ${key.clientEmail} is not the service account ${clientEmail} given as the driver's key`,
        { option: source.option },
      );
    }
    return { credential: new ServiceAccountCredential(key), source: source.what, projectId: key.projectId, secrets: [key.privateKeyPem] };
  }
  const user = checkAuthorizedUser(file, source);
  return {
    credential: new AuthorizedUserCredential(user),
    source: source.what,
    projectId: user.projectId,
    secrets: [user.clientSecret, user.refreshToken],
  };
}

/** The gcloud configuration directory: CLOUDSDK_CONFIG, else ~/.config/gcloud (APPDATA\gcloud on Windows). */
export function gcloudConfigDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.CLOUDSDK_CONFIG) return env.CLOUDSDK_CONFIG;
  if (platform === 'win32') return env.APPDATA ? join(env.APPDATA, 'gcloud') : undefined;
  return env.HOME ? join(env.HOME, '.config', 'gcloud') : undefined;
}

/**
 * Picks the credential (see the module comment for the order). Throws an
 * {@link InvalidArgumentError} naming the file and field for a file that is missing,
 * unreadable, not JSON or of an unsupported `type`.
 */
export function resolveGoogleCredential(input: ResolveGoogleCredentialInput): ResolvedGoogleCredential {
  const { credentials, clientEmail, env } = input;
  const steps: string[] = [];
  const done = (r: Omit<ResolvedGoogleCredential, 'steps'>): ResolvedGoogleCredential => {
    steps.push(`using ${r.credential.kind} credentials from ${r.source}`);
    return { ...r, steps };
  };

  if (credentials !== undefined) {
    if (credentials === 'metadata') {
      return done({ credential: new MetadataCredential(clientEmail ? { account: clientEmail } : {}), source: "the credentials option ('metadata')", projectId: undefined, secrets: [] });
    }
    if (isTokenCredential(credentials)) {
      return done({ credential: credentials, source: `the credentials option (a ${credentials.kind} TokenCredential)`, projectId: undefined, secrets: [] });
    }
    if (typeof credentials === 'string') {
      const source = { what: `The key file ${credentials} (credentials option)`, option: 'credentials' };
      return done(fromFile(readCredentialFile(credentials, source), source, clientEmail));
    }
    if (typeof credentials === 'object' && credentials !== null && !Array.isArray(credentials)) {
      const source = { what: 'The key object of the credentials option', option: 'credentials' };
      return done(fromFile({ ...credentials }, source, clientEmail));
    }
    throw new InvalidArgumentError(
      `credentials must be a key file path, a parsed key object, 'metadata' or a TokenCredential (got ${Array.isArray(credentials) ? 'an array' : typeof credentials})`,
      { option: 'credentials' },
    );
  }
  steps.push('credentials option: not set');

  const envFile = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (envFile !== undefined && envFile.trim() !== '') {
    const source = { what: `GOOGLE_APPLICATION_CREDENTIALS (${envFile})`, option: 'GOOGLE_APPLICATION_CREDENTIALS' };
    return done(fromFile(readCredentialFile(envFile, source), source, clientEmail));
  }
  steps.push('GOOGLE_APPLICATION_CREDENTIALS: not set');

  const dir = gcloudConfigDir(env, input.platform);
  if (dir !== undefined) {
    const path = join(dir, 'application_default_credentials.json');
    if (existsSync(path)) {
      const source = { what: `The gcloud application-default credentials ${path}`, option: 'credentials' };
      return done(fromFile(readCredentialFile(path, source), source, clientEmail));
    }
    steps.push(`gcloud application-default credentials: ${path} not found`);
  } else {
    steps.push('gcloud application-default credentials: no HOME or CLOUDSDK_CONFIG');
  }

  return done({
    credential: new MetadataCredential(clientEmail ? { account: clientEmail } : {}),
    source: 'the GCE metadata server (nothing else found; asked when the first token is needed)',
    projectId: undefined,
    secrets: [],
  });
}
