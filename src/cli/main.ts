#!/usr/bin/env node
/**
 * The `nubes` executable. See docs/cli.md, or run `nubes --help`.
 */
import { processIo } from './io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), processIo());
