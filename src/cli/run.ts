/**
 * The CLI: `nubes <area> <command> [args] [options]`. `run()` parses the command line,
 * runs one command and returns the exit code: 0 ok, 1 when the provider or the network
 * failed, 2 for a usage or configuration error found before anything was sent.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidArgumentError, NotSupportedError, NubesError } from '../common/errors/index.js';
import { getRegistry } from '../drivers/index.js';
import { VERSION } from '../version.js';
import type { AreaCommands, Command, CommandContext, ParsedFlags } from './command.js';
import { computeCommands } from './commands/compute.js';
import { dnsCommands } from './commands/dns.js';
import { lbCommands } from './commands/lb.js';
import { storageCommands } from './commands/storage.js';
import { AREA_TYPES, driverClassOf, keyVariables, loadPlugins, resolveSetup, secretVariables, type Area, type DriverSetup } from './config.js';
import { runDemo } from './demo.js';
import { completionScript, SHELLS, type CompletionTable } from './completion.js';
import { CONFIGURE_HELP, runConfigure, secretFromStdin } from './configure.js';
import { openDriver, type OpenedDriver } from './embedded.js';
import { PROVIDER_ENV } from './provider-env.js';
import { areaHelp, commandHelp, mainHelp } from './help.js';
import { write, type CliIo } from './io.js';
import { Output, OUTPUT_MODES, ProgressBar, toJson, type OutputMode } from './output.js';
import { UsageError } from './usage-error.js';
import { docsUrl } from './links.js';

/** The areas, in help order. */
export const AREAS: readonly AreaCommands[] = [computeCommands, storageCommands, dnsCommands, lbCommands];

/** Exit codes: 130 is the shell's code for an interrupt (128 + SIGINT). */
export const EXIT = {
  /** The command succeeded. */
  OK: 0,
  /** The command failed (a provider, network or argument error). */
  FAILED: 1,
  /** The command line was wrong. */
  USAGE: 2,
  /** The user interrupted the command. */
  INTERRUPTED: 130,
} as const;

/** Options of {@link run}. */
export interface RunOptions {
  /** Aborts the running command (the process entry wires it to SIGINT). */
  signal?: AbortSignal;
}

const OPTIONS = {
  provider: { type: 'string' },
  key: { type: 'string' },
  secret: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  proxy: { type: 'string' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
  timeout: { type: 'string' },
  debug: { type: 'boolean' },
  'driver-option': { type: 'string', multiple: true },
  // The old spelling of --driver-option; -o now chooses the output mode.
  option: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  fields: { type: 'string' },
  'data-dir': { type: 'string' },
  plugin: { type: 'string', multiple: true },
  profile: { type: 'string' },
  'secret-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  name: { type: 'string' },
  size: { type: 'string' },
  image: { type: 'string' },
  location: { type: 'string' },
  wait: { type: 'boolean' },
  force: { type: 'boolean', short: 'f' },
  recursive: { type: 'boolean', short: 'r' },
  'content-type': { type: 'string' },
  type: { type: 'string' },
  data: { type: 'string' },
  ttl: { type: 'string' },
  priority: { type: 'string' },
  port: { type: 'string' },
  protocol: { type: 'string' },
  algorithm: { type: 'string' },
  member: { type: 'string', multiple: true },
  ex: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

const COMMAND_FLAGS = new Set<string>([
  'name', 'size', 'image', 'location', 'wait', 'force', 'recursive', 'content-type', 'type', 'data', 'ttl', 'priority',
  'port', 'protocol', 'algorithm', 'member', 'ex', 'exclude', 'dry-run',
]);

function parse(argv: readonly string[]): { flags: ParsedFlags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    return { flags: { ...values } as ParsedFlags, positionals };
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message);
  }
}

/** `-o/--output`, with `--json` as the short form of `-o json`. */
function outputMode(flags: ParsedFlags): OutputMode {
  if (flags.output === undefined) return flags.json ? 'json' : 'table';
  if (!(OUTPUT_MODES as readonly string[]).includes(flags.output)) {
    throw new UsageError(`-o/--output must be one of ${OUTPUT_MODES.join(', ')} (got ${JSON.stringify(flags.output)})`);
  }
  if (flags.json && flags.output !== 'json') throw new UsageError(`--json and -o ${flags.output} disagree: choose one output mode`);
  return flags.output as OutputMode;
}

/** The commands that are not areas, for help and completion. */
const TOP_LEVEL = ['providers', 'configure', 'demo', 'help', 'completion', 'version'] as const;

/** What shell completion offers: built from the command table and the option table. */
function completionTable(): CompletionTable {
  const providers = new Set<string>();
  for (const area of AREAS) for (const p of getRegistry(AREA_TYPES[area.area]).providers()) providers.add(p);
  return {
    areas: AREAS,
    topLevel: TOP_LEVEL,
    flags: Object.entries(OPTIONS).map(([name, spec]) => ({ name, short: 'short' in spec ? spec.short : undefined, takesValue: spec.type === 'string' })),
    values: { output: OUTPUT_MODES, provider: [...providers].sort() },
  };
}

function findArea(name: string | undefined): AreaCommands | undefined {
  return AREAS.find((a) => a.area === name);
}

function findCommand(area: AreaCommands, name: string | undefined): Command | undefined {
  return area.commands.find((c) => c.name === name);
}

/** The fix to suggest for an error, naming CLI flags and variables. */
export function hintFor(err: NubesError, setup: DriverSetup | undefined): string | undefined {
  const provider = setup?.provider;
  switch (err.code) {
    case 'NUBES_ERR_SSL':
      return "trust the CA of the endpoint or of a TLS-intercepting proxy with --ca PATH (or SSL_CERT_FILE=PATH); --insecure skips verification (throwaway tests only)";
    case 'NUBES_ERR_INVALID_CREDENTIALS': {
      if (!provider) return undefined;
      const from = setup?.keySource ? ` (the key came from ${setup.keySource})` : '';
      // Token-only providers have no secret to check.
      const tokenOnly = PROVIDER_ENV[provider]?.key !== undefined && PROVIDER_ENV[provider]?.secret === undefined;
      const where = tokenOnly ? `--key or ${keyVariables(provider).join(', ')}` : `--key/--secret or ${[...keyVariables(provider), ...secretVariables(provider)].join(', ')}`;
      return `check the credentials for ${provider}${from}: ${where}`;
    }
    case 'NUBES_ERR_PROXY':
    case 'NUBES_ERR_PROXY_AUTH':
      return 'set the proxy with --proxy http://user:password@host:port (or HTTPS_PROXY); hosts to reach directly go in NO_PROXY';
    case 'NUBES_ERR_NETWORK':
      return 'check the endpoint (--endpoint) and the network; behind a proxy pass --proxy URL or set HTTPS_PROXY';
    case 'NUBES_ERR_TIMEOUT':
      return 'raise --timeout MS; behind a proxy check --proxy or HTTPS_PROXY';
    case 'NUBES_ERR_NOT_SUPPORTED':
      return `${provider ?? 'this provider'} does not offer this; the support matrices are in ${docsUrl(`${setup?.area === 'lb' ? 'loadbalancer' : (setup?.area ?? 'compute')}.md`)}`;
    case 'NUBES_ERR_UNKNOWN_PROVIDER':
      return "'nubes providers' lists the providers of each area";
    case 'NUBES_ERR_FILE_EXISTS':
      return 'pass --force to overwrite it, or choose another destination';
    case 'NUBES_ERR_CONTAINER_NOT_EMPTY':
      return "'nubes storage rb CONTAINER --force' removes its objects first";
    case 'NUBES_ERR_CONTAINER_NOT_FOUND':
      return "'nubes storage ls' lists the containers; 'nubes storage mb NAME' creates one";
    case 'NUBES_ERR_OBJECT_NOT_FOUND':
      return "'nubes storage ls CONTAINER/PREFIX' lists the objects";
    case 'NUBES_ERR_NODE_NOT_FOUND':
      return "'nubes compute list-nodes' lists the nodes and their ids";
    case 'NUBES_ERR_ZONE_NOT_FOUND':
      return "'nubes dns list-zones' lists the zones";
    default:
      break;
  }
  if (err instanceof InvalidArgumentError && provider && (err.option === 'key' || err.option === 'userId')) {
    return `pass --key or set ${keyVariables(provider).join(' or ')}`;
  }
  if (err instanceof InvalidArgumentError && provider && err.option === 'secret') {
    return `pass --secret or set ${secretVariables(provider).join(' or ')}`;
  }
  return undefined;
}

async function reportError(io: CliIo, err: unknown, json: boolean, setup: DriverSetup | undefined, debug: boolean, signal: AbortSignal | undefined): Promise<number> {
  if (signal?.aborted) {
    if (json) await write(io.stderr, toJson({ error: { code: 'INTERRUPTED', name: 'Interrupted', message: 'interrupted' } }));
    else await write(io.stderr, 'nubes: interrupted\n');
    return EXIT.INTERRUPTED;
  }
  if (err instanceof UsageError) {
    if (json) await write(io.stderr, toJson({ error: { code: 'USAGE', name: err.name, message: err.message, hint: err.hint } }));
    else await write(io.stderr, `nubes: ${err.message}\n${err.hint}\n`);
    return EXIT.USAGE;
  }
  if (err instanceof NubesError) {
    const exit = err instanceof InvalidArgumentError || err instanceof NotSupportedError ? EXIT.USAGE : EXIT.FAILED;
    const hint = hintFor(err, setup);
    const more = docsUrl('errors.md', err.code.toLowerCase());
    if (json) {
      const body = {
        code: err.code,
        name: err.name,
        message: err.message,
        provider: err.provider ?? setup?.provider ?? null,
        statusCode: err.statusCode ?? null,
        requestId: err.requestId ?? null,
        hint: hint ?? null,
        docs: more,
      };
      await write(io.stderr, toJson({ error: body }));
    } else {
      const lines = [`nubes: error [${err.code}]: ${err.message}`];
      if (err.requestId) lines.push(`  request id: ${err.requestId}`);
      if (hint) lines.push(`  hint: ${hint}`);
      lines.push(`  more: ${more}`);
      await write(io.stderr, `${lines.join('\n')}\n`);
    }
    return exit;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (json) await write(io.stderr, toJson({ error: { code: 'UNEXPECTED', name: (err as Error)?.name ?? 'Error', message } }));
  else await write(io.stderr, `nubes: unexpected error: ${message}\n${debug && err instanceof Error && err.stack ? `${err.stack}\n` : ''}`);
  return EXIT.FAILED;
}

async function listProviders(io: CliIo, out: Output, areaName: string | undefined): Promise<void> {
  const areas = areaName === undefined ? AREAS : [findArea(areaName)].filter((a): a is AreaCommands => a !== undefined);
  if (areas.length === 0) throw new UsageError(`Unknown area ${JSON.stringify(areaName)} (known: ${AREAS.map((a) => a.area).join(', ')})`, 'providers');
  const rows = areas.map((a) => ({ area: a.area, providers: getRegistry(AREA_TYPES[a.area]).providers() }));
  if (out.json) {
    await out.result('', Object.fromEntries(rows.map((r) => [r.area, r.providers])));
    return;
  }
  await write(io.stdout, rows.map((r) => `${r.area.padEnd(9)}${r.providers.join(', ') || '(none registered yet)'}`).join('\n') + '\n');
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await run(['compute', 'list-nodes', '--json'], processIo());
 * ```
 */
export async function run(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<number> {
  let flags: ParsedFlags = {};
  let opened: OpenedDriver | undefined;
  let setup: DriverSetup | undefined;
  try {
    const parsed = parse(argv);
    flags = parsed.flags;
    const [first, second, ...rest] = parsed.positionals;
    const color = io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
    const mode = outputMode(flags);
    flags = { ...flags, json: mode === 'json' };
    const fields = flags.fields?.split(',').map((f) => f.trim()).filter(Boolean);
    const out = new Output(io.stdout, { mode, color, fields });

    if (flags.version || first === 'version') {
      await out.result(`nubes ${VERSION}`, { version: VERSION });
      return EXIT.OK;
    }
    if (first === undefined) {
      // `npm start` with no arguments runs the demo; a bare `nubes` prints the help.
      if (!flags.help && io.env.npm_lifecycle_event === 'start') {
        await runDemo(io, flags, run);
        return EXIT.OK;
      }
      await write(io.stdout, mainHelp(AREAS));
      return EXIT.OK;
    }
    if (first === 'help') {
      const area = findArea(second);
      const command = area && findCommand(area, rest[0]);
      if (second !== undefined && !area) throw new UsageError(`Unknown area ${JSON.stringify(second)} (known: ${AREAS.map((a) => a.area).join(', ')})`);
      await write(io.stdout, area ? (command ? commandHelp(area, command) : areaHelp(area)) : mainHelp(AREAS));
      return EXIT.OK;
    }
    await loadPlugins(flags, io.env, io.cwd);
    if (first === 'providers') {
      if (flags.help) {
        await write(io.stdout, 'Usage: nubes providers [AREA] [--json]\n\nLists the provider names each area knows (--provider values).\n');
        return EXIT.OK;
      }
      await listProviders(io, out, second);
      return EXIT.OK;
    }
    if (first === 'configure') {
      if (flags.help) {
        await write(io.stdout, CONFIGURE_HELP);
        return EXIT.OK;
      }
      if (second !== undefined) throw new UsageError(`configure takes no arguments (got ${JSON.stringify(second)})`, 'configure');
      await runConfigure(io, out, flags);
      return EXIT.OK;
    }
    if (first === 'completion') {
      if (flags.help) {
        await write(io.stdout, `Usage: nubes completion ${SHELLS.join('|')}\n\nPrints a shell completion script built from the command table:\n  source <(nubes completion bash)      bash (add it to ~/.bashrc)\n  source <(nubes completion zsh)       zsh\n  nubes completion fish | source       fish\n`);
        return EXIT.OK;
      }
      await write(io.stdout, completionScript(second, completionTable()));
      return EXIT.OK;
    }
    if (first === 'demo') {
      if (flags.help) {
        await write(io.stdout, 'Usage: nubes demo [--data-dir DIR]\n\nA short tour on the embedded default: creates a node if there is none, lists the\nnodes, uploads a small object to local storage and lists it. No credentials, no network.\n');
        return EXIT.OK;
      }
      await runDemo(io, flags, run);
      return EXIT.OK;
    }

    const area = findArea(first);
    if (!area) {
      throw new UsageError(`Unknown area or command ${JSON.stringify(first)} (areas: ${AREAS.map((a) => a.area).join(', ')}; other commands: ${TOP_LEVEL.join(', ')})`);
    }
    if (second === undefined) {
      if (flags.help) {
        await write(io.stdout, areaHelp(area));
        return EXIT.OK;
      }
      throw new UsageError(`nubes ${area.area} needs a command: ${area.commands.map((c) => c.name).join(', ')}`, area.area);
    }
    const command = findCommand(area, second);
    if (!command) {
      throw new UsageError(`Unknown ${area.area} command ${JSON.stringify(second)} (commands: ${area.commands.map((c) => c.name).join(', ')})`, area.area);
    }
    const topic = `${area.area} ${command.name}`;
    if (flags.help) {
      await write(io.stdout, commandHelp(area, command));
      return EXIT.OK;
    }
    for (const name of Object.keys(flags)) {
      if (COMMAND_FLAGS.has(name) && !command.flags?.includes(name as keyof ParsedFlags)) {
        throw new UsageError(`--${name} is not an option of 'nubes ${topic}'`, topic);
      }
    }
    const [min, max] = command.args;
    if (rest.length < min || rest.length > max) {
      throw new UsageError(`'nubes ${topic}' takes ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} argument${max === 1 ? '' : 's'}: nubes ${area.area} ${command.usage}`, topic);
    }

    if (flags['secret-stdin']) {
      if (flags.secret !== undefined) throw new UsageError('--secret and --secret-stdin disagree: choose one', topic);
      flags = { ...flags, secret: await secretFromStdin(io) };
    }
    const showProgress = !flags.quiet && !flags.json && (flags.progress === true || io.stderr.isTTY === true);
    const ctx: CommandContext = {
      io,
      out,
      flags,
      args: rest,
      async driver<T>(): Promise<T> {
        if (!opened) {
          setup = resolveSetup(area.area as Area, flags, io.env, io.cwd);
          opened = await openDriver(driverClassOf(area.area as Area, setup.provider, setup.providerSource), setup);
        }
        return opened.driver as T;
      },
      setup: () => setup,
      progress: (label) => (showProgress ? new ProgressBar(io.stderr, label) : undefined),
      note: async (text) => {
        if (!flags.quiet) await write(io.stderr, `${text}\n`);
      },
      signal: options.signal,
    };
    await command.run(ctx);
    await opened?.save();
    return EXIT.OK;
  } catch (err) {
    return reportError(io, err, flags.json === true, setup, flags.debug === true, options.signal);
  } finally {
    await opened?.close().catch(() => undefined);
  }
}
