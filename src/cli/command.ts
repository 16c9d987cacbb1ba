/**
 * The shape of a CLI command and the context it runs in.
 */
import type { Area, DriverSetup, GlobalFlags } from './config.js';
import type { CliIo } from './io.js';
import type { Output, ProgressBar } from './output.js';

/** Every flag the CLI knows, parsed (global and command-specific ones). */
export interface ParsedFlags extends GlobalFlags {
  /** `--json`: JSON on stdout, errors as JSON on stderr (the same as `-o json`). */
  json?: boolean;
  /** `-o, --output MODE`: `table` (default), `json` or `text` (tab-separated, no header). */
  output?: string;
  /** `--fields a,b.c`: the JSON fields to keep (`-o json`) or print (`-o text`). */
  fields?: string;
  /** `-q, --quiet`: no progress bars, no notes. */
  quiet?: boolean;
  /** `--progress`: progress bars even when stderr is not a terminal. */
  progress?: boolean;
  /** `-h, --help`: print help instead of running. */
  help?: boolean;
  /** `-V, --version`: print the version. */
  version?: boolean;
  // command-specific
  /** `--name NAME`: the name of the node or record to create. */
  name?: string;
  /** `--size SIZE`: a size id, as `list-sizes` prints it. */
  size?: string;
  /** `--image IMAGE`: an image id, as `list-images` prints it. */
  image?: string;
  /** `--location LOCATION`: a location id, as `list-locations` prints it. */
  location?: string;
  /** `--wait`: poll until the new node is running. */
  wait?: boolean;
  /** `--force`: remove a container's objects first (`rb`), overwrite an existing file (`cp`). */
  force?: boolean;
  /** `-r, --recursive`: `ls` every object under the prefix; `cp` whole directories and prefixes. */
  recursive?: boolean;
  /** `--content-type TYPE`: the Content-Type of an upload. */
  'content-type'?: string;
  /** `--type TYPE`: a DNS record type (`A`, `MX`, ...). */
  type?: string;
  /** `--data DATA`: a DNS record's value. */
  data?: string;
  /** `--ttl SECONDS`: a TTL, as typed. */
  ttl?: string;
  /** `--priority N`: an MX or SRV priority, as typed. */
  priority?: string;
  /** `--port PORT`: a load balancer's port, as typed. */
  port?: string;
  /** `--protocol PROTOCOL`: a load balancer's protocol (`http`, `https`, `tcp`, ...). */
  protocol?: string;
  /** `--algorithm ALGORITHM`: a load balancer's algorithm. */
  algorithm?: string;
  /** `--member ID[:PORT]`: load balancer members, one per occurrence. */
  member?: string[];
  /** `--ex exOPTION=VALUE`: provider options of a create call, one per occurrence. */
  ex?: string[];
  /** `--exclude GLOB`: names to leave out of `cp -r` and `sync`, one per occurrence. */
  exclude?: string[];
  /** `--dry-run`: `sync` says what it would copy and copies nothing. */
  'dry-run'?: boolean;
}

/** What a command gets. */
export interface CommandContext {
  /** Streams, environment and working directory. */
  readonly io: CliIo;
  /** Where results go (a table, or JSON with `--json`). */
  readonly out: Output;
  /** Every flag of the command line. */
  readonly flags: ParsedFlags;
  /** Positional arguments after `<area> <command>`. */
  readonly args: readonly string[];
  /** The area's driver, built on first use (and, for the embedded default, its state loaded). */
  driver<T>(): Promise<T>;
  /** How the driver was configured (provider, credential sources), once `driver()` ran. */
  setup(): DriverSetup | undefined;
  /** A progress bar on stderr when it is a terminal (or `--progress`), unless `--quiet` or `--json`. */
  progress(label: string): ProgressBar | undefined;
  /** A human note on stderr (suppressed by `--quiet`). */
  note(text: string): Promise<void>;
  /** Fires when the user interrupts (Ctrl-C): long operations pass it on and clean up. */
  readonly signal: AbortSignal | undefined;
}

/** A command of an area. */
export interface Command {
  /** The command as typed after the area, e.g. `create-node`. */
  readonly name: string;
  /** One line for the area's help. */
  readonly summary: string;
  /** Arguments and options, e.g. `create-node --name NAME --size SIZE --image IMAGE [--location ID] [--wait]`. */
  readonly usage: string;
  /** More help: what it prints, examples. */
  readonly details?: string;
  /** Command-specific flags it accepts. */
  readonly flags?: readonly (keyof ParsedFlags)[];
  /** Positional argument count. */
  readonly args: readonly [min: number, max: number];
  /** Runs the command; a UsageError or a NubesError it throws becomes the exit code and message. */
  run(ctx: CommandContext): Promise<void>;
}

/** An area: its commands and help. */
export interface AreaCommands {
  /** The area as typed on the command line (`compute`, `storage`, `dns`, `lb`). */
  readonly area: Area;
  /** One line for `nubes --help`. */
  readonly summary: string;
  /** The area's commands, in help order. */
  readonly commands: readonly Command[];
}
