/**
 * Turns flags and environment into a driver: which provider, which credentials, which
 * options. Precedence, strongest first: flags, `NUBES_<AREA>_PROVIDER` / `NUBES_*`,
 * then the provider's own variables (provider-env.ts). With no provider at all the
 * embedded default runs (Dummy compute, Local storage, Dummy DNS) — no credentials, no
 * network.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { CONNECTION_OPTION_KEYS } from '../connection/connection.js';
import { DriverType, type DriverConstructor } from '../common/registry.js';
import { getDriver, getRegistry } from '../drivers/index.js';
import { firstEnv, PROVIDER_ENV } from './provider-env.js';
import { defaultDataDir, loadProfile, type Profile } from './profiles.js';
import { UsageError } from './usage-error.js';

/** The areas the CLI covers, as typed on the command line. */
export type Area = 'compute' | 'storage' | 'dns' | 'lb';

/** Area name → registry. */
export const AREA_TYPES: Readonly<Record<Area, DriverType>> = {
  compute: DriverType.COMPUTE,
  storage: DriverType.STORAGE,
  dns: DriverType.DNS,
  lb: DriverType.LOADBALANCER,
};

/** The embedded default provider of each area (persisted in the data directory). */
export const EMBEDDED_PROVIDERS: Readonly<Record<Area, string>> = {
  compute: 'dummy',
  storage: 'local',
  dns: 'dummy',
  lb: 'dummy',
};

/** Flags every command accepts. */
export interface GlobalFlags {
  /** `--provider NAME`: the provider of the area (else `NUBES_<AREA>_PROVIDER`, `NUBES_PROVIDER`, the embedded default). */
  provider?: string;
  /** `--key KEY`: the driver's key argument (else `NUBES_KEY` or the provider's own variable). */
  key?: string;
  /** `--secret SECRET`: the driver's secret argument (else `NUBES_SECRET` or the provider's own variable). */
  secret?: string;
  /** `--region REGION` (else `NUBES_REGION` or the provider's own variable). */
  region?: string;
  /** `--endpoint URL`: another endpoint, such as a mock or an emulator (else `NUBES_ENDPOINT`). */
  endpoint?: string;
  /** `--proxy URL`: the proxy for every request. */
  proxy?: string;
  /** `--ca PATH`: an extra CA file or directory to trust. */
  ca?: string;
  /** `--insecure`: do not verify TLS certificates. */
  insecure?: boolean;
  /** `--timeout MS`: connect and idle timeout in milliseconds, as typed. */
  timeout?: string;
  /** `--debug`: log every request, redacted, to stderr. */
  debug?: boolean;
  /** `--driver-option K=V`: driver options, one per occurrence. */
  'driver-option'?: string[];
  /** `--option K=V`: the former spelling of `--driver-option`. */
  option?: string[];
  /** `--data-dir DIR`: where the embedded default keeps its state (else `NUBES_DATA_DIR`, `$XDG_DATA_HOME/nubes`). */
  'data-dir'?: string;
  /** `--plugin MODULE`: modules that register third-party drivers, one per occurrence. */
  plugin?: string[];
  /** `--profile NAME`: the profile of the config file to use (else `NUBES_PROFILE`, else `default`). */
  profile?: string;
  /** `--secret-stdin`: read the secret from the first line of standard input. */
  'secret-stdin'?: boolean;
}

/** Where a setting came from, for messages: `--key`, `DIGITALOCEAN_TOKEN`, ... */
export type Source = string;

/** Everything needed to build the driver of one area. */
export interface DriverSetup {
  /** The area the driver is for. */
  readonly area: Area;
  /** The provider name, as registered. */
  readonly provider: string;
  /** Where the provider name came from (`--provider`, `NUBES_PROVIDER`, or `default`). */
  readonly providerSource: Source;
  /** True for the embedded default providers (state in the data directory). */
  readonly embedded: boolean;
  /** The driver's key argument, if any. */
  readonly key: string | undefined;
  /** Where the key came from (`--key`, a variable's name, `default`). */
  readonly keySource: Source | undefined;
  /** The driver's secret argument, if any. */
  readonly secret: string | undefined;
  /** The driver options: region, endpoint, proxy and TLS settings, `-o` options. */
  readonly options: Record<string, unknown>;
  /** The data directory of the embedded default. */
  readonly dataDir: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The profile a setup reads (see profiles.ts). */
export interface ProfileInput {
  /** Its name. */
  readonly name: string;
  /** True when named by `--profile` or `NUBES_PROFILE`: it then beats the environment. */
  readonly explicit: boolean;
  /** Its settings. */
  readonly values: Profile;
}

const NO_PROFILE: ProfileInput = { name: 'default', explicit: false, values: {} };

/** The data directory: `--data-dir`, `NUBES_DATA_DIR`, else `$XDG_DATA_HOME/nubes` (`~/.local/share/nubes`). */
export function dataDirOf(flags: GlobalFlags, env: Env, cwd: string): string {
  const dir = flags['data-dir'] ?? (env.NUBES_DATA_DIR?.trim() || undefined) ?? defaultDataDir(env);
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}

/** `key=value` of `-o` into a typed value: booleans, numbers, JSON objects/arrays, else the text. */
export function parseOptionValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function acceptedOptions(Cls: DriverConstructor): Set<string> {
  const statics = Cls as unknown as { driverOptionKeys?: readonly string[] };
  return new Set([...(statics.driverOptionKeys ?? []), ...CONNECTION_OPTION_KEYS]);
}

/** Which provider an area uses, and where that came from. */
export function providerOf(
  area: Area,
  flags: GlobalFlags,
  env: Env,
  profile: ProfileInput = NO_PROFILE,
): {
  /** The provider name. */
  provider: string;
  /** Where it came from: `--provider`, the variable's name, or `default`. */
  source: Source;
} {
  if (flags.provider !== undefined) return { provider: flags.provider, source: '--provider' };
  const fromProfile = (): { provider: string; source: Source } | undefined => {
    for (const key of [`${area}.provider`, 'provider']) {
      const value = profile.values[key];
      if (value) return { provider: value, source: `profile ${profile.name} (${key})` };
    }
    return undefined;
  };
  // A profile asked for by name beats the environment; the implicit default one does not.
  const chosen = profile.explicit ? fromProfile() : undefined;
  if (chosen) return chosen;
  const areaVar = `NUBES_${area === 'lb' ? 'LB' : area.toUpperCase()}_PROVIDER`;
  const fromArea = firstEnv(env, [areaVar, 'NUBES_PROVIDER']);
  if (fromArea) return { provider: fromArea.value, source: fromArea.name };
  return fromProfile() ?? { provider: EMBEDDED_PROVIDERS[area], source: 'default' };
}

/** The driver class of the area's provider; an unknown name is a usage error naming its source. */
export function driverClassOf(area: Area, provider: string, source: Source): DriverConstructor {
  const registry = getRegistry(AREA_TYPES[area]);
  if (!registry.has(provider) && source === 'default') {
    const areaVar = `NUBES_${area === 'lb' ? 'LB' : area.toUpperCase()}_PROVIDER`;
    throw new UsageError(
      `There is no embedded ${area} provider: choose one with --provider NAME or ${areaVar} (known: ${registry.providers().join(', ') || '(none registered)'})`,
      'providers',
      "Run 'nubes providers' to list the providers of each area.",
    );
  }
  if (!registry.has(provider)) {
    const known = registry.providers();
    const where = source === 'default' ? 'the embedded default' : `${source}=${provider}`;
    throw new UsageError(
      `${JSON.stringify(provider)} (from ${where}) is not a ${area} provider. Known: ${known.join(', ') || '(none registered)'}.` +
        (source === 'NUBES_PROVIDER' ? ` Set NUBES_${area === 'lb' ? 'LB' : area.toUpperCase()}_PROVIDER to choose one for ${area} only.` : ''),
      'providers',
      "Run 'nubes providers' to list the providers of each area.",
    );
  }
  return getDriver(AREA_TYPES[area], provider) as DriverConstructor;
}

/**
 * Resolves provider, credentials and options for `area`.
 *
 * @throws {UsageError} for an unknown provider or a malformed `-o` option.
 */
export function resolveSetup(area: Area, flags: GlobalFlags, env: Env, cwd: string): DriverSetup {
  const profile: ProfileInput = loadProfile(flags.profile, env);
  const { provider, source } = providerOf(area, flags, env, profile);
  const Cls = driverClassOf(area, provider, source);
  const accepted = acceptedOptions(Cls);
  const penv = PROVIDER_ENV[provider] ?? {};
  const dataDir = dataDirOf(flags, env, cwd);
  const embedded = provider === EMBEDDED_PROVIDERS[area];

  const pick = (flag: string | undefined, flagName: string, generic: string, specific: readonly string[] | undefined): { value: string; source: Source } | undefined => {
    if (flag !== undefined) return { value: flag, source: flagName };
    // The embedded default reads no credentials, region or endpoint from the environment:
    // NUBES_KEY meant for a real provider must not become Local storage's root directory.
    if (embedded) return undefined;
    const profileKey = flagName.slice(2);
    const inProfile = profile.values[profileKey];
    const fromProfile = inProfile ? { value: inProfile, source: `profile ${profile.name} (${profileKey})` } : undefined;
    if (profile.explicit && fromProfile) return fromProfile;
    const found = firstEnv(env, [generic, ...(specific ?? [])]);
    return found ? { value: found.value, source: found.name } : fromProfile;
  };
  const key = pick(flags.key, '--key', 'NUBES_KEY', penv.key);
  const secret = pick(flags.secret, '--secret', 'NUBES_SECRET', penv.secret);
  const region = pick(flags.region, '--region', 'NUBES_REGION', penv.region);
  const endpoint = pick(flags.endpoint, '--endpoint', 'NUBES_ENDPOINT', penv.endpoint);

  const options: Record<string, unknown> = {};
  for (const extra of penv.options ?? []) {
    const found = firstEnv(env, extra.env);
    if (!found) continue;
    const names = typeof extra.option === 'string' ? [extra.option] : extra.option;
    const name = names.find((n) => accepted.has(n));
    if (name !== undefined) options[name] = extra.parse ? extra.parse(found.value) : found.value;
  }
  // Explicit flags always go through (the driver names an option it does not accept);
  // environment values only reach drivers that declare the option.
  if (region && (region.source === '--region' || accepted.has('region'))) options.region = region.value;
  if (endpoint) options.url = endpoint.value;
  const fromProfile = (name: string): string | undefined => (embedded ? undefined : profile.values[name]);
  const proxy = flags.proxy ?? fromProfile('proxy');
  const ca = flags.ca ?? fromProfile('ca');
  const timeout = flags.timeout ?? fromProfile('timeout');
  if (proxy !== undefined) options.proxyUrl = proxy;
  if (ca !== undefined) options.caCertsPath = isAbsolute(ca) ? ca : resolve(cwd, ca);
  if (flags.insecure) options.verifySslCert = false;
  if (flags.debug) options.debug = true;
  if (timeout !== undefined) {
    const ms = Number(timeout);
    if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`--timeout must be a positive number of milliseconds (got ${JSON.stringify(timeout)})`);
    options.timeout = ms;
  }
  if (!embedded) {
    for (const [name, value] of Object.entries(profile.values)) {
      if (name.startsWith('option.') && name.length > 7) options[name.slice(7)] = parseOptionValue(value);
    }
  }
  for (const pair of [...(flags.option ?? []), ...(flags['driver-option'] ?? [])]) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--driver-option takes name=value (got ${JSON.stringify(pair)})`);
    options[pair.slice(0, eq)] = parseOptionValue(pair.slice(eq + 1));
  }

  let keyValue = key?.value;
  let keySource = key?.source;
  if (keyValue === undefined && embedded) {
    // The embedded default needs no credentials: Local storage's "key" is its directory.
    keyValue = area === 'storage' ? join(dataDir, 'storage') : 'embedded';
    keySource = 'default';
  }
  return {
    area,
    provider,
    providerSource: source,
    embedded,
    key: keyValue,
    keySource,
    secret: secret?.value,
    options,
    dataDir,
  };
}

/** The variables that can hold the key of `provider`, for messages. */
export function keyVariables(provider: string): string[] {
  return ['NUBES_KEY', ...(PROVIDER_ENV[provider]?.key ?? [])];
}

/** The variables that can hold the secret of `provider`, for messages. */
export function secretVariables(provider: string): string[] {
  return ['NUBES_SECRET', ...(PROVIDER_ENV[provider]?.secret ?? [])];
}

/** A plugin's declarative form: driver classes by area and provider name. */
export interface PluginModule {
  /** Compute driver classes by provider name. */
  compute?: Record<string, DriverConstructor>;
  /** Storage driver classes by provider name. */
  storage?: Record<string, DriverConstructor>;
  /** DNS driver classes by provider name. */
  dns?: Record<string, DriverConstructor>;
  /** Load balancer driver classes by provider name. */
  loadbalancer?: Record<string, DriverConstructor>;
}

/**
 * Loads plugins (`--plugin`, `NUBES_PLUGINS`): modules that register third-party
 * drivers, either by calling `setDriver` when imported, or by exporting (default or
 * `nubesPlugin`) `{ compute: { 'my-cloud': MyCloudNodeDriver }, ... }`.
 */
export async function loadPlugins(flags: GlobalFlags, env: Env, cwd: string): Promise<void> {
  const specs = [...(env.NUBES_PLUGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean), ...(flags.plugin ?? [])];
  for (const spec of specs) {
    let url: string;
    if (/^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(spec) || /\.[cm]?[jt]s$/.test(spec)) {
      url = pathToFileURL(resolve(cwd, spec)).href;
    } else {
      try {
        url = pathToFileURL(createRequire(join(cwd, 'noop.js')).resolve(spec)).href;
      } catch (err) {
        throw new UsageError(`Cannot find plugin ${JSON.stringify(spec)} from ${cwd}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`Cannot load plugin ${JSON.stringify(spec)}: ${(err as Error).message.split('\n')[0]}`);
    }
    const declared = (mod.nubesPlugin ?? mod.default) as PluginModule | undefined;
    if (!declared || typeof declared !== 'object') continue;
    for (const [area, type] of [
      ['compute', DriverType.COMPUTE],
      ['storage', DriverType.STORAGE],
      ['dns', DriverType.DNS],
      ['loadbalancer', DriverType.LOADBALANCER],
    ] as const) {
      for (const [name, Cls] of Object.entries(declared[area] ?? {})) {
        const registry = getRegistry(type);
        if (!registry.has(name)) registry.set(name, Cls);
      }
    }
  }
}
