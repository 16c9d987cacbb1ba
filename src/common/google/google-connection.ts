/**
 * The connection of every Google Cloud driver: an {@link OAuthConnection} whose token
 * comes from the Google credential chain, with Google's JSON error mapping.
 */
import { appendFileSync } from '../builtins.js';
import type { ConnectionOptions, PreparedRequest } from '../../connection/connection.js';
import { debugTarget } from '../../connection/debug.js';
import { awaitInCall, runOutsideCall } from '../../connection/call-context.js';
import type { ResponseClass } from '../../connection/response.js';
import { InvalidArgumentError, type InvalidCredentialsError } from '../errors/index.js';
import { OAuthConnection } from '../oauth/oauth-connection.js';
import type { TokenCredential } from '../oauth/token-credential.js';
import { resolveGoogleCredential, type GoogleCredentialsOption } from './chain.js';
import { MetadataCredential } from './credentials.js';
import { GoogleResponse } from './google-response.js';

/** The Google options every Google driver accepts (besides the Connection options). */
export interface GoogleOptions {
  /**
   * Where the token comes from: a service-account key file path, a parsed key (or
   * authorized-user) object, `'metadata'` (the GCE metadata server), or any
   * {@link TokenCredential}. Default: the chain (GOOGLE_APPLICATION_CREDENTIALS, the
   * gcloud application-default file, then the metadata server).
   */
  credentials?: GoogleCredentialsOption;
  /**
   * The project. Default: GOOGLE_CLOUD_PROJECT (or GCLOUD_PROJECT), else the key's
   * `project_id` (or `quota_project_id`), else the metadata server's project.
   */
  project?: string;
  /** OAuth scopes (an array or a space-separated string). Default: the driver's (e.g. `compute`). */
  scopes?: readonly string[] | string;
}

/** The names of {@link GoogleOptions}, for a driver's `driverOptionKeys`. */
export const GOOGLE_OPTION_KEYS: readonly (keyof GoogleOptions)[] = ['credentials', 'project', 'scopes'];

/** The `cloud-platform` scope: every Google Cloud API. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** Options of {@link GoogleConnection}. */
export interface GoogleConnectionOptions extends ConnectionOptions, GoogleOptions {
  /**
   * A service-account e-mail the driver was given as its key: checked against the key's
   * `client_email`, or the account asked for on the metadata server.
   */
  clientEmail?: string;
  /** Scopes used when the `scopes` option is not set. Default: `cloud-platform`. */
  defaultScopes?: readonly string[];
}

function normalizeScopes(value: unknown, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.trim() !== '' && !/\s/.test(s))) {
    throw new InvalidArgumentError('scopes must be a non-empty array of scope URLs, or a space-separated string', { option: 'scopes' });
  }
  return list as readonly string[];
}

function checkProject(value: unknown, option: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  // Project ids: 6-30 lowercase letters, digits, hyphens; legacy domain-scoped ids have `domain:`.
  if (typeof value !== 'string' || !/^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(value)) {
    throw new InvalidArgumentError(`${option} must be a Google Cloud project id such as "my-project-123" (got ${JSON.stringify(value)})`, { option });
  }
  return value;
}

/**
 * The connection of the Google drivers. Every token request goes through it (same proxy,
 * CA bundle, timeouts, redaction as the API calls); the metadata server is always reached
 * directly. Secrets of the credential (private key, client secret, refresh token) and
 * every token and assertion are registered for redaction.
 *
 * @example
 * ```ts
 * import { GoogleConnection } from 'nubes/google';
 *
 * const conn = new GoogleConnection({ host: 'compute.googleapis.com', credentials: './key.json' });
 * const project = await conn.projectId();
 * const res = await conn.request(`/compute/v1/projects/${project}/zones`);
 * ```
 */
export class GoogleConnection extends OAuthConnection {
  protected override responseCls: ResponseClass = GoogleResponse;
  /** Where the credential came from (`'GOOGLE_APPLICATION_CREDENTIALS (/path/key.json)'`). */
  readonly credentialSource: string;
  readonly #explicitProject: string | undefined;
  readonly #credentialProject: string | undefined;
  #project: Promise<string> | undefined;

  constructor(options: GoogleConnectionOptions = {}) {
    const { credentials, project, scopes, clientEmail, defaultScopes, ...connectionOptions } = options;
    const env = connectionOptions.env ?? process.env;
    const explicitProject = checkProject(project, 'project');
    const resolved = resolveGoogleCredential({ credentials, clientEmail, env });
    super(resolved.credential, normalizeScopes(scopes, defaultScopes ?? [CLOUD_PLATFORM_SCOPE]), connectionOptions);
    for (const secret of resolved.secrets) this.addSecret(secret);
    this.credentialSource = resolved.source;
    this.#explicitProject = explicitProject ?? checkProject(env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT || undefined, env.GOOGLE_CLOUD_PROJECT ? 'GOOGLE_CLOUD_PROJECT' : 'GCLOUD_PROJECT');
    this.#credentialProject = resolved.projectId;
    for (const step of resolved.steps) this.debugNote(`credential chain: ${step}`);
  }

  /** The credential tokens come from. */
  get credential(): TokenCredential {
    return this.tokens.credential;
  }

  /** The project when known without a request (option, environment, key file); else undefined. */
  get project(): string | undefined {
    return this.#explicitProject ?? this.#credentialProject;
  }

  /**
   * The project: the option, GOOGLE_CLOUD_PROJECT/GCLOUD_PROJECT, the key's, or (with
   * metadata credentials) the metadata server's `project/project-id`.
   *
   * @throws {InvalidArgumentError} naming `project` when no source names one.
   */
  projectId(signal?: AbortSignal): Promise<string> {
    const known = this.project;
    if (known !== undefined) return Promise.resolve(known);
    const credential = this.credential;
    if (!(credential instanceof MetadataCredential)) {
      return Promise.reject(
        new InvalidArgumentError(`No project: set the project option (or GOOGLE_CLOUD_PROJECT); ${this.credentialSource} names none`, { option: 'project' }),
      );
    }
    // One lookup shared by every concurrent caller: it runs outside any caller's call, so
    // one caller's signal or deadline ends that caller's wait, not the lookup.
    this.#project ??= runOutsideCall(() => credential.projectId(this)).then(
      (id) => {
        this.debugNote(`project ${id} from the metadata server`);
        return id;
      },
      (err: unknown) => {
        this.#project = undefined;
        throw err;
      },
    );
    return awaitInCall(this.#project, signal, 'GCE metadata project lookup');
  }

  /**
   * Writes one line to the debug log (NUBES_DEBUG or the `debug` option), redacted
   * like every request line. Used for the credential chain's steps.
   */
  debugNote(message: string): void {
    const target = debugTarget(this.options.debug, this.env);
    if (target === undefined) return;
    const line = `# nubes google: ${this.secrets.redact(message)}\n`;
    if (target === 'stderr') process.stderr.write(line);
    else appendFileSync(target, line);
  }

  /**
   * Only a 401 is worth a new token: a 403 (permission denied, API not enabled) is not
   * fixed by one, so it is not retried.
   */
  protected override shouldReauthenticate(error: InvalidCredentialsError, prepared: PreparedRequest): boolean {
    if (error.statusCode !== 401) return false;
    return super.shouldReauthenticate(error, prepared);
  }
}
