/**
 * The shape of a CLI command and the context it runs in.
 */
import type { Area, DriverSetup, GlobalFlags } from './config.js';
import type { CliIo } from './io.js';
import type { Output, ProgressBar } from './output.js';

/** Every flag the CLI knows, parsed (global and command-specific ones). */
export interface ParsedFlags extends GlobalFlags {
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
  help?: boolean;
  version?: boolean;
  // command-specific
  name?: string;
  size?: string;
  image?: string;
  location?: string;
  wait?: boolean;
  force?: boolean;
  recursive?: boolean;
  'content-type'?: string;
  type?: string;
  data?: string;
  ttl?: string;
  priority?: string;
}

/** What a command gets. */
export interface CommandContext {
  readonly io: CliIo;
  readonly out: Output;
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
  run(ctx: CommandContext): Promise<void>;
}

/** An area: its commands and help. */
export interface AreaCommands {
  readonly area: Area;
  readonly summary: string;
  readonly commands: readonly Command[];
}
