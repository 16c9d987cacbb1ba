/**
 * Named profiles: what the CLI would otherwise need on every command line — provider,
 * credentials, region, endpoint, proxy, CA — kept in one INI file under the XDG config
 * directory (`$XDG_CONFIG_HOME/nubes/config`, default `~/.config/nubes/config`), written by
 * `nubes configure` with mode 0600. Credentials never have to be typed as flags, where
 * they would land in `ps` output and shell history.
 *
 * ```ini
 * [default]
 * provider = digitalocean
 * key = dop_v1_...
 *
 * [work]
 * compute.provider = ec2
 * storage.provider = s3
 * key = AKIA...
 * secret = ...
 * region = eu-west-1
 * proxy = http://proxy.corp:3128
 * option.sessionToken = ...
 * ```
 *
 * The state of the embedded default lives under the XDG data directory
 * (`$XDG_DATA_HOME/nubes`, default `~/.local/share/nubes`), not in the current directory.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { UsageError } from './usage-error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The keys a profile may hold (besides `option.NAME` and `<area>.provider`). */
export const PROFILE_KEYS = ['provider', 'key', 'secret', 'region', 'endpoint', 'proxy', 'ca', 'timeout'] as const;

/** One profile: key → value, as written in the file. */
export type Profile = Readonly<Record<string, string>>;

/** Keys whose values are credentials: never printed by `nubes configure`. */
export const SECRET_PROFILE_KEYS: ReadonlySet<string> = new Set(['secret', 'key']);

function home(env: Env): string {
  return env.HOME?.trim() || homedir();
}

/** `$XDG_CONFIG_HOME/nubes/config` (default `~/.config/nubes/config`); `NUBES_CONFIG_FILE` overrides it. */
export function configFile(env: Env): string {
  const override = env.NUBES_CONFIG_FILE?.trim();
  if (override) return override;
  const base = env.XDG_CONFIG_HOME?.trim();
  return join(base && isAbsolute(base) ? base : join(home(env), '.config'), 'nubes', 'config');
}

/** `$XDG_DATA_HOME/nubes` (default `~/.local/share/nubes`): the embedded default's state. */
export function defaultDataDir(env: Env): string {
  const base = env.XDG_DATA_HOME?.trim();
  return join(base && isAbsolute(base) ? base : join(home(env), '.local', 'share'), 'nubes');
}

/** Parses the INI text of a config file into profiles by name. */
export function parseProfiles(text: string, file: string): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[\s*(?:profile\s+)?([^\]\s]+)\s*\]$/.exec(line);
    if (section) {
      current = profiles.get(section[1]!) ?? {};
      profiles.set(section[1]!, current);
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || current === undefined) {
      throw new UsageError(`${file}:${index + 1}: expected [profile] or key = value`, 'configure');
    }
    current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return profiles;
}

/** Renders profiles as INI text. */
export function renderProfiles(profiles: ReadonlyMap<string, Readonly<Record<string, string>>>): string {
  const sections = [...profiles].map(([name, values]) => [`[${name}]`, ...Object.entries(values).map(([k, v]) => `${k} = ${v}`)].join('\n'));
  return `# nubes profiles (written by 'nubes configure'; holds credentials: keep it private)\n${sections.join('\n\n')}\n`;
}

function readProfiles(file: string): Map<string, Record<string, string>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new UsageError(`cannot read the nubes config file ${file}: ${(err as Error).message}`, 'configure');
  }
  return parseProfiles(text, file);
}

/** The profile chosen: `--profile`, else `NUBES_PROFILE`, else `default`; and whether it was asked for. */
export function profileName(flag: string | undefined, env: Env): { name: string; explicit: boolean } {
  if (flag !== undefined) return { name: flag, explicit: true };
  const fromEnv = env.NUBES_PROFILE?.trim();
  if (fromEnv) return { name: fromEnv, explicit: true };
  return { name: 'default', explicit: false };
}

/**
 * Loads the chosen profile. A profile named on the command line or in NUBES_PROFILE must
 * exist; the implicit `default` may be absent (then it is empty).
 *
 * @throws {UsageError} naming the file and the profiles it has.
 */
export function loadProfile(flag: string | undefined, env: Env): { name: string; explicit: boolean; values: Profile; file: string } {
  const { name, explicit } = profileName(flag, env);
  const file = configFile(env);
  const profiles = readProfiles(file);
  const values = profiles.get(name);
  if (values === undefined && explicit) {
    const known = [...profiles.keys()];
    throw new UsageError(
      `there is no profile ${JSON.stringify(name)} in ${file}${known.length ? ` (profiles: ${known.join(', ')})` : ''}`,
      'configure',
      `Create it with 'nubes configure --profile ${name}'.`,
    );
  }
  return { name, explicit, values: values ?? {}, file };
}

/** Merges `values` into profile `name` of the config file (created 0600, its directory 0700). */
export function saveProfile(env: Env, name: string, values: Readonly<Record<string, string>>): string {
  const file = configFile(env);
  const profiles = readProfiles(file);
  profiles.set(name, { ...(profiles.get(name) ?? {}), ...values });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, renderProfiles(profiles), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return file;
}
