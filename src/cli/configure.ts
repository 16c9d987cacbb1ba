/**
 * `nubes configure`: writes a named profile, reading the credentials from standard input
 * (a prompt on a terminal), never from the command line.
 */
import { createInterface } from 'node:readline/promises';
import type { ParsedFlags } from './command.js';
import type { CliIo } from './io.js';
import type { Output } from './output.js';
import { PROFILE_KEYS, profileName, saveProfile, SECRET_PROFILE_KEYS } from './profiles.js';
import { UsageError } from './usage-error.js';

/** Help of `nubes configure`. */
export const CONFIGURE_HELP = `Usage: nubes configure [--profile NAME] [--provider NAME] [--region REGION]
                       [--endpoint URL] [--proxy URL] [--ca PATH] [--timeout MS]
                       [--driver-option K=V]...

Writes a profile to the nubes config file ($XDG_CONFIG_HOME/nubes/config, mode 0600;
NUBES_CONFIG_FILE overrides the path). Settings come from the flags; the key and the
secret are read from standard input, never from the command line (where they would
land in ps output and shell history):
  on a terminal, nubes prompts for them (enter keeps the current value);
  from a pipe, each line is NAME=VALUE (key=..., secret=..., or any setting),
  or the key on the first line and the secret on the second.

  printf 'key=%s\\n' "$DIGITALOCEAN_TOKEN" | nubes configure --provider digitalocean
  nubes configure --profile work --provider ec2 --region eu-west-1 < creds.txt
  nubes compute list-nodes --profile work      (or NUBES_PROFILE=work)
`;

async function readStdinSettings(io: CliIo): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const out: Record<string, string> = {};
  const bare: string[] = [];
  for (const line of lines) {
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (name && ((PROFILE_KEYS as readonly string[]).includes(name) || /^(option\.|[a-z]+\.provider$)/.test(name))) out[name] = line.slice(eq + 1).trim();
    else bare.push(line);
  }
  if (bare.length > 2) throw new UsageError('configure reads NAME=VALUE lines, or the key and then the secret, from standard input', 'configure');
  if (bare[0] !== undefined) out.key ??= bare[0];
  if (bare[1] !== undefined) out.secret ??= bare[1];
  return out;
}

async function prompt(io: CliIo): Promise<Record<string, string>> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    const out: Record<string, string> = {};
    const key = (await rl.question('key (token, access key id or user; enter keeps the current one): ')).trim();
    if (key) out.key = key;
    const secret = (await rl.question('secret (enter for none or to keep the current one): ')).trim();
    if (secret) out.secret = secret;
    return out;
  } finally {
    rl.close();
  }
}

/** Runs `nubes configure`. */
export async function runConfigure(io: CliIo, out: Output, flags: ParsedFlags): Promise<void> {
  if (flags.key !== undefined || flags.secret !== undefined) {
    throw new UsageError(
      'configure reads the key and the secret from standard input, not from --key/--secret (they would land in ps output and shell history)',
      'configure',
    );
  }
  const values: Record<string, string> = {};
  const set = (name: string, value: string | undefined): void => {
    if (value !== undefined) values[name] = value;
  };
  set('provider', flags.provider);
  set('region', flags.region);
  set('endpoint', flags.endpoint);
  set('proxy', flags.proxy);
  set('ca', flags.ca);
  set('timeout', flags.timeout);
  for (const pair of [...(flags.option ?? []), ...(flags['driver-option'] ?? [])]) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--driver-option takes name=value (got ${JSON.stringify(pair)})`, 'configure');
    values[`option.${pair.slice(0, eq)}`] = pair.slice(eq + 1);
  }
  const isTTY = (io.stdin as { isTTY?: boolean }).isTTY === true;
  Object.assign(values, isTTY ? await prompt(io) : await readStdinSettings(io));
  if (Object.keys(values).length === 0) throw new UsageError('nothing to configure: pass settings as flags, and the key and secret on standard input', 'configure');
  const { name } = profileName(flags.profile, io.env);
  const file = saveProfile(io.env, name, values);
  const shown = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, SECRET_PROFILE_KEYS.has(k) || /secret|token|password/i.test(k) ? '(set)' : v]));
  await out.result(`wrote profile ${name} to ${file}: ${Object.entries(shown).map(([k, v]) => `${k}=${v}`).join(', ')}`, { profile: name, file, settings: shown });
}

/** `--secret-stdin`: the secret is the first line of standard input. */
export async function secretFromStdin(io: CliIo): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) {
    text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    if (text.includes('\n')) break;
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (secret === '') throw new UsageError('--secret-stdin read no secret from standard input');
  return secret;
}
