#!/usr/bin/env node
/**
 * The `nubes` executable. See docs/cli.md, or run `nubes --help`.
 */
import { VERSION } from '../version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version')) {
  // Answered before the command runner and the drivers are loaded: `nubes --version`
  // starts about as fast as node itself (bench/startup.ts). Same output as run() gives.
  process.stdout.write(`nubes ${VERSION}\n`);
} else {
  const [{ processIo }, { run }] = await Promise.all([import('./io.js'), import('./run.js')]);
  // Ctrl-C aborts the running command, so a transfer stops cleanly (a download removes
  // its temporary file); a second Ctrl-C exits at once.
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  // `nubes storage cp obj - | head`: the reader went away, which is how a pipe ends, not
  // an error. Stop the command (a download stream is released) and exit quietly, as cat does.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    interrupt.abort();
    process.exit(0);
  });
  process.exitCode = await run(argv, processIo(), { signal: interrupt.signal });
}
