/**
 * What the CLI reads and writes, injected so tests can run commands in-process with
 * fake streams and a fake environment (the process entry passes the real ones).
 */
import type { Readable, Writable } from 'node:stream';

/** A writable stream that may be a terminal. */
export type OutputStream = Writable & {
  /** True for a terminal: stdout gets colour, stderr progress bars. */
  readonly isTTY?: boolean;
  /** Terminal width in characters, when the stream is a terminal. */
  readonly columns?: number;
};

/** The CLI's world: streams, environment and working directory. */
export interface CliIo {
  /** Where results go. */
  readonly stdout: OutputStream;
  /** Where errors, notes and progress go. */
  readonly stderr: OutputStream;
  /** Read by `storage cp -` (an upload from standard input). */
  readonly stdin: Readable;
  /** The environment the CLI reads (NUBES_*, provider variables, proxy variables). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths (and the default data directory) resolve against. */
  readonly cwd: string;
}

/** The real process streams, environment and working directory. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Lazy: touching process.stdin opens it, which only `cp -` needs.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Writes to a stream and waits until it drained, so piped output is never truncated at exit. */
export async function write(stream: OutputStream, data: string | Uint8Array): Promise<void> {
  if (data.length === 0) return;
  if (!stream.write(data)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}
