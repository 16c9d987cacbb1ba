/**
 * The AWS credential chain, in the order the official tools use: environment variables →
 * the shared `credentials`/`config` files (a profile with static keys, `role_arn` +
 * `source_profile` through STS AssumeRole, `credential_process`, or a web identity token)
 * → a web identity token file (EKS: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`) → ECS
 * container credentials → EC2 instance metadata (IMDSv2).
 *
 * Every request goes through the driver's own Connection (DESIGN.md, credential flows):
 * STS calls obey the proxy, CA bundle, timeouts and redaction of the API calls; the
 * container and instance metadata endpoints are asked with `direct: true`, never through
 * a proxy, with a short timeout. Credentials are cached in memory and refreshed five
 * minutes before they expire, one refresh shared by concurrent requests.
 *
 * References: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html,
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html.
 */
import { awaitInCall, runOutsideCall } from '../../connection/call-context.js';
import { execFile, readFileSync } from '../builtins.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Connection, HttpMethod } from '../../connection/connection.js';
import { InvalidArgumentError, InvalidCredentialsError, NubesError } from '../errors/index.js';
import { parseXml, xmlFind, xmlText } from '../xml.js';
import { AwsCredentials } from './credentials.js';
import { EMPTY_PAYLOAD_HASH, SigV4Signer, sha256Hex } from './sigv4.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Credentials with the time they stop being valid (epoch ms), when they are temporary. */
export interface ResolvedAwsCredentials {
  /** The credentials. */
  readonly credentials: AwsCredentials;
  /** When they expire; undefined for long-term keys. */
  readonly expiresAt: number | undefined;
  /** Where they came from, for debug output (`env`, `profile work (role_arn)`, `imds`, ...). */
  readonly source: string;
}

/** Options of {@link AwsCredentialChain}. */
export interface AwsCredentialChainOptions {
  /** The environment to read (default `process.env`). */
  env?: Env | undefined;
  /** The profile of the shared files (default `AWS_PROFILE`, else `default`). */
  profile?: string | undefined;
  /** The region STS is called in (default: the connection's region). */
  region?: string | undefined;
  /** Time source, epoch ms (tests). */
  clock?: (() => number) | undefined;
  /** Called with each step tried, for NUBES_DEBUG. */
  log?: ((line: string) => void) | undefined;
}

/** The Connection surface the chain sends through (an AwsConnection). */
export interface AwsChainConnection extends Connection {
  /** The connection's region, used for regional STS endpoints. */
  readonly region: string;
}

const REFRESH_MARGIN_MS = 5 * 60_000;
const METADATA_TIMEOUT = { connect: 1_000, idle: 2_000, total: 3_000 };

/** Parses an INI file of the shared config/credentials kind into sections. */
export function parseAwsIni(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]!) ?? {};
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0 && current !== undefined) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

function readIni(path: string): Map<string, Record<string, string>> {
  try {
    return parseAwsIni(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new InvalidArgumentError(`Cannot read the AWS shared file ${path}: ${(err as Error).message}`, { option: 'AWS_CONFIG_FILE' });
  }
}

/** The shared config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws). */
export function sharedFiles(env: Env): { config: string; credentials: string } {
  const home = env.HOME?.trim() || homedir();
  return {
    config: env.AWS_CONFIG_FILE?.trim() || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE?.trim() || join(home, '.aws', 'credentials'),
  };
}

/**
 * The settings of `profile`: `[profile NAME]` (or `[default]`) of the config file, under
 * `[NAME]` of the credentials file (which wins for the keys it has). Undefined when
 * neither file has it.
 */
export function profileSettings(env: Env, profile: string): Record<string, string> | undefined {
  const files = sharedFiles(env);
  const config = readIni(files.config);
  const creds = readIni(files.credentials);
  const fromConfig = config.get(profile === 'default' ? 'default' : `profile ${profile}`) ?? (profile === 'default' ? undefined : config.get(profile));
  const fromCreds = creds.get(profile);
  if (fromConfig === undefined && fromCreds === undefined) return undefined;
  return { ...fromConfig, ...fromCreds };
}

/** The profile in force: the option, else `AWS_PROFILE`, else `default`. */
export function profileName(env: Env, option?: string): string {
  return option ?? (env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim() || 'default');
}

/**
 * The region: the option, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's
 * `region`. Undefined when none says.
 */
export function resolveRegion(env: Env, option: string | undefined, profile?: string): { region: string; source: string } | undefined {
  if (option !== undefined) return { region: option, source: 'the region option' };
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name]?.trim();
    if (value) return { region: value, source: name };
  }
  const name = profileName(env, profile);
  const fromProfile = profileSettings(env, name)?.region;
  if (fromProfile) return { region: fromProfile, source: `profile ${name} in ${sharedFiles(env).config}` };
  return undefined;
}

/**
 * The region a driver works in: {@link resolveRegion}, else — for a global service or a
 * custom endpoint (an S3-compatible store, a mock) — `us-east-1`, the region the official
 * SDKs sign for there.
 *
 * @throws {InvalidArgumentError} (option `region`) naming every place a region can be set.
 */
export function requireRegion(env: Env, option: string | undefined, profile: string | undefined, fallback: { global: boolean; custom: boolean; driver: string }): string {
  const found = resolveRegion(env, option, profile);
  if (found) return found.region;
  if (fallback.global || fallback.custom) return 'us-east-1';
  throw new InvalidArgumentError(
    `${fallback.driver}: no AWS region: pass the region option, set AWS_REGION (or AWS_DEFAULT_REGION), or set region in the profile of ~/.aws/config`,
    { option: 'region' },
  );
}

function staticCreds(id: string | undefined, secret: string | undefined, token: string | undefined, source: string): ResolvedAwsCredentials | undefined {
  if (!id || !secret) return undefined;
  return { credentials: new AwsCredentials({ accessKeyId: id, secretAccessKey: secret, sessionToken: token || undefined }), expiresAt: undefined, source };
}

async function readBody(stream: Readable, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new NubesError('AWS credential response larger than 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON credentials document (ECS, IMDS, credential_process) → credentials. */
function fromJsonDocument(text: string, source: string, keys: { token: string }): ResolvedAwsCredentials {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new InvalidCredentialsError(`${source}: the credentials document is not JSON`);
  }
  const id = doc.AccessKeyId;
  const secret = doc.SecretAccessKey;
  const token = doc[keys.token];
  if (typeof id !== 'string' || typeof secret !== 'string') {
    throw new InvalidCredentialsError(`${source}: the credentials document has no AccessKeyId/SecretAccessKey`);
  }
  const expiration = typeof doc.Expiration === 'string' ? Date.parse(doc.Expiration) : NaN;
  return {
    credentials: new AwsCredentials({ accessKeyId: id, secretAccessKey: secret, sessionToken: typeof token === 'string' && token !== '' ? token : undefined }),
    expiresAt: Number.isFinite(expiration) ? expiration : undefined,
    source,
  };
}

/**
 * The AWS credential chain, one per connection. {@link AwsCredentialChain.get} returns
 * cached credentials until five minutes before they expire; concurrent callers share one
 * refresh.
 */
export class AwsCredentialChain {
  readonly #env: Env;
  readonly #profile: string | undefined;
  readonly #clock: () => number;
  readonly #log: ((line: string) => void) | undefined;
  readonly #region: string | undefined;
  #current: ResolvedAwsCredentials | undefined;
  #pending: Promise<ResolvedAwsCredentials> | undefined;

  constructor(options: AwsCredentialChainOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#profile = options.profile;
    this.#clock = options.clock ?? Date.now;
    this.#log = options.log;
    this.#region = options.region;
  }

  /** Valid credentials, from the cache or the chain. */
  async get(connection: AwsChainConnection, signal?: AbortSignal): Promise<ResolvedAwsCredentials> {
    const current = this.#current;
    if (current !== undefined && (current.expiresAt === undefined || this.#clock() < current.expiresAt - REFRESH_MARGIN_MS)) return current;
    // One resolution shared by every concurrent caller: it runs outside any caller's call,
    // so one caller's signal or deadline does not end it for the others; each caller
    // stops waiting on its own signal.
    this.#pending ??= runOutsideCall(() => this.#resolve(connection, undefined)).finally(() => (this.#pending = undefined));
    this.#current = await awaitInCall(this.#pending, signal, 'AWS credential resolution');
    return this.#current;
  }

  /** Drops `rejected` (credentials the service refused) so the next call resolves again. */
  invalidate(rejected: AwsCredentials | undefined): void {
    if (rejected === undefined || this.#current?.credentials === rejected) this.#current = undefined;
  }

  async #resolve(connection: AwsChainConnection, signal: AbortSignal | undefined): Promise<ResolvedAwsCredentials> {
    const env = this.#env;
    const tried: string[] = [];
    const step = (name: string, found: boolean): void => {
      tried.push(name);
      this.#log?.(`aws credentials: ${name}: ${found ? 'found' : 'not set'}`);
    };
    const fromEnv = staticCreds(env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, 'environment (AWS_ACCESS_KEY_ID)');
    step('environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY', fromEnv !== undefined);
    if (fromEnv) return fromEnv;

    const profile = profileName(env, this.#profile);
    const settings = profileSettings(env, profile);
    const explicitProfile = this.#profile !== undefined || Boolean(env.AWS_PROFILE?.trim());
    step(`shared files, profile ${profile}`, settings !== undefined);
    if (settings) return this.#fromProfile(connection, profile, settings, new Set(), signal);
    if (explicitProfile) {
      throw new InvalidArgumentError(`AWS profile ${JSON.stringify(profile)} is not in ${sharedFiles(env).config} or ${sharedFiles(env).credentials}`, { option: 'AWS_PROFILE' });
    }

    const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim();
    const roleArn = env.AWS_ROLE_ARN?.trim();
    step('web identity AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN', Boolean(tokenFile && roleArn));
    if (tokenFile && roleArn) return this.#webIdentity(connection, roleArn, tokenFile, env.AWS_ROLE_SESSION_NAME?.trim() || undefined, signal);

    const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI?.trim();
    const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI?.trim();
    step('container credentials AWS_CONTAINER_CREDENTIALS_*_URI', Boolean(relative || full));
    if (relative || full) return this.#container(connection, relative ? `http://169.254.170.2${relative}` : full!, signal);

    const disabled = env.AWS_EC2_METADATA_DISABLED?.trim().toLowerCase() === 'true';
    step('EC2 instance metadata (IMDSv2)', !disabled);
    if (!disabled) {
      try {
        return await this.#imds(connection, signal);
      } catch (err) {
        if (err instanceof InvalidCredentialsError) throw err;
        this.#log?.(`aws credentials: instance metadata: ${(err as Error).message}`);
      }
    }
    throw new InvalidCredentialsError(
      `No AWS credentials found. Tried: ${tried.join('; ')}. Pass the access key and secret to the driver, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a profile in ${sharedFiles(env).credentials} (AWS_PROFILE)`,
    );
  }

  async #fromProfile(
    connection: AwsChainConnection,
    name: string,
    settings: Record<string, string>,
    seen: Set<string>,
    signal: AbortSignal | undefined,
  ): Promise<ResolvedAwsCredentials> {
    if (seen.has(name)) throw new InvalidArgumentError(`AWS profile ${name}: source_profile loops back to itself`, { option: 'source_profile' });
    seen.add(name);
    if (settings.role_arn) {
      if (settings.web_identity_token_file) {
        return this.#webIdentity(connection, settings.role_arn, settings.web_identity_token_file, settings.role_session_name, signal);
      }
      const sourceName = settings.source_profile;
      if (!sourceName) {
        throw new InvalidArgumentError(`AWS profile ${name} has role_arn but no source_profile (credential_source is not supported)`, { option: 'source_profile' });
      }
      const sourceSettings = profileSettings(this.#env, sourceName);
      if (!sourceSettings) throw new InvalidArgumentError(`AWS profile ${name}: source_profile ${sourceName} does not exist`, { option: 'source_profile' });
      // A source profile's own static keys are used as they are, even if it also has a role (as the AWS CLI does).
      const source =
        sourceName === name
          ? staticCreds(sourceSettings.aws_access_key_id, sourceSettings.aws_secret_access_key, sourceSettings.aws_session_token, `profile ${sourceName}`)
          : await this.#fromProfile(connection, sourceName, sourceSettings, seen, signal);
      if (!source) throw new InvalidArgumentError(`AWS profile ${sourceName} has no keys to assume ${settings.role_arn} with`, { option: 'source_profile' });
      return this.#assumeRole(connection, source, settings, name, signal);
    }
    if (settings.credential_process) return this.#process(settings.credential_process, name);
    const keys = staticCreds(settings.aws_access_key_id, settings.aws_secret_access_key, settings.aws_session_token, `profile ${name}`);
    if (keys) return keys;
    throw new InvalidArgumentError(
      `AWS profile ${name} has no credentials: set aws_access_key_id and aws_secret_access_key, role_arn with source_profile, or credential_process`,
      { option: 'AWS_PROFILE' },
    );
  }

  #stsUrl(connection: AwsChainConnection): string {
    const override = this.#env.AWS_ENDPOINT_URL_STS?.trim();
    if (override) return override.endsWith('/') ? override : `${override}/`;
    const region = this.#region ?? connection.region;
    return region.startsWith('cn-') ? `https://sts.${region}.amazonaws.com.cn/` : `https://sts.${region}.amazonaws.com/`;
  }

  async #sts(connection: AwsChainConnection, form: Record<string, string>, signer: SigV4Signer | undefined, what: string, signal: AbortSignal | undefined): Promise<ResolvedAwsCredentials> {
    const url = new URL(this.#stsUrl(connection));
    const body = new URLSearchParams({ ...form, Version: '2011-06-15' }).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', host: url.host };
    if (signer) signer.signHttp('POST', url, headers, body === '' ? EMPTY_PAYLOAD_HASH : sha256Hex(body), false);
    delete headers.host;
    const res = await connection.request(url.href, { method: 'POST' as HttpMethod, data: body, headers, raw: true, context: { auth: false }, ...(signal ? { signal } : {}) });
    const doc = await parseXml(await readBody(res.body));
    const creds = xmlFind(doc, 'Credentials');
    const id = xmlText(creds, 'AccessKeyId');
    const secret = xmlText(creds, 'SecretAccessKey');
    const token = xmlText(creds, 'SessionToken');
    if (!id || !secret || !token) throw new InvalidCredentialsError(`${what}: STS answered without credentials`);
    connection.addSecret(secret);
    connection.addSecret(token);
    const expiration = Date.parse(xmlText(creds, 'Expiration') ?? '');
    return {
      credentials: new AwsCredentials({ accessKeyId: id, secretAccessKey: secret, sessionToken: token }),
      expiresAt: Number.isFinite(expiration) ? expiration : undefined,
      source: what,
    };
  }

  async #assumeRole(connection: AwsChainConnection, source: ResolvedAwsCredentials, settings: Record<string, string>, profile: string, signal: AbortSignal | undefined): Promise<ResolvedAwsCredentials> {
    const region = this.#region ?? settings.region ?? connection.region;
    const signer = new SigV4Signer({ credentials: source.credentials, region, service: 'sts', clock: () => new Date(this.#clock()) });
    for (const secret of source.credentials.secrets) connection.addSecret(secret);
    const form: Record<string, string> = {
      Action: 'AssumeRole',
      RoleArn: settings.role_arn!,
      RoleSessionName: settings.role_session_name || `nubes-${this.#clock()}`,
    };
    if (settings.external_id) form.ExternalId = settings.external_id;
    if (settings.duration_seconds) form.DurationSeconds = settings.duration_seconds;
    return this.#sts(connection, form, signer, `profile ${profile} (role_arn ${settings.role_arn})`, signal);
  }

  async #webIdentity(connection: AwsChainConnection, roleArn: string, tokenFile: string, sessionName: string | undefined, signal: AbortSignal | undefined): Promise<ResolvedAwsCredentials> {
    let token: string;
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      throw new InvalidArgumentError(`Cannot read the web identity token file ${tokenFile}: ${(err as Error).message}`, { option: 'AWS_WEB_IDENTITY_TOKEN_FILE' });
    }
    connection.addSecret(token);
    const form = { Action: 'AssumeRoleWithWebIdentity', RoleArn: roleArn, RoleSessionName: sessionName || `nubes-${this.#clock()}`, WebIdentityToken: token };
    return this.#sts(connection, form, undefined, `web identity (${roleArn})`, signal);
  }

  async #container(connection: AwsChainConnection, uri: string, signal: AbortSignal | undefined): Promise<ResolvedAwsCredentials> {
    const headers: Record<string, string> = {};
    const tokenFile = this.#env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE?.trim();
    const token = tokenFile ? readFileSync(tokenFile, 'utf8').trim() : this.#env.AWS_CONTAINER_AUTHORIZATION_TOKEN?.trim();
    if (token) {
      connection.addSecret(token);
      headers.authorization = token;
    }
    const res = await connection.request(uri, { direct: true, timeout: METADATA_TIMEOUT, retry: { retries: 1 }, raw: true, headers, context: { auth: false }, ...(signal ? { signal } : {}) });
    const resolved = fromJsonDocument(await readBody(res.body), 'container credentials', { token: 'Token' });
    for (const secret of resolved.credentials.secrets) connection.addSecret(secret);
    return resolved;
  }

  async #imds(connection: AwsChainConnection, signal: AbortSignal | undefined): Promise<ResolvedAwsCredentials> {
    const base = (this.#env.AWS_EC2_METADATA_SERVICE_ENDPOINT?.trim() || 'http://169.254.169.254').replace(/\/+$/, '');
    const common = { direct: true, timeout: METADATA_TIMEOUT, retry: { retries: 1 }, raw: true as const, context: { auth: false }, ...(signal ? { signal } : {}) };
    // IMDSv2: a session token first (PUT), then every read carries it.
    const tokenRes = await connection.request(`${base}/latest/api/token`, { ...common, method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } });
    const token = (await readBody(tokenRes.body)).trim();
    connection.addSecret(token);
    const headers = { 'x-aws-ec2-metadata-token': token };
    const roleRes = await connection.request(`${base}/latest/meta-data/iam/security-credentials/`, { ...common, headers });
    const role = (await readBody(roleRes.body)).split('\n')[0]!.trim();
    if (role === '') throw new InvalidCredentialsError('EC2 instance metadata: the instance has no IAM role');
    const credsRes = await connection.request(`${base}/latest/meta-data/iam/security-credentials/${encodeURIComponent(role)}`, { ...common, headers });
    const resolved = fromJsonDocument(await readBody(credsRes.body), `EC2 instance metadata (role ${role})`, { token: 'Token' });
    for (const secret of resolved.credentials.secrets) connection.addSecret(secret);
    return resolved;
  }

  #process(command: string, profile: string): Promise<ResolvedAwsCredentials> {
    return new Promise((resolve, reject) => {
      // The shared config's command line, run by the shell as the AWS CLI does.
      execFile('/bin/sh', ['-c', command], { timeout: 60_000, maxBuffer: 1024 * 1024 }, (err, stdout) => {
        if (err) {
          reject(new InvalidCredentialsError(`profile ${profile}: credential_process failed (${(err as NodeJS.ErrnoException).code ?? 'exit'}): check the command in the config file`));
          return;
        }
        try {
          const resolved = fromJsonDocument(stdout, `profile ${profile} (credential_process)`, { token: 'SessionToken' });
          resolve(resolved);
        } catch (e) {
          reject(e as Error);
        }
      });
    });
  }
}
