/**
 * Shared by the doc generators: write a generated file, or with `--check` fail when the
 * committed file differs from what the generator produces now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Writes `content` to `path`, or (check mode) exits 1 when the file differs. */
export function writeOrCheck(path: string, content: string, argv: readonly string[] = process.argv.slice(2)): void {
  const shown = relative(process.cwd(), path) || path;
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing counts as different
    }
    if (current !== content) {
      console.error(`${shown} is out of date: run the generator without --check and commit the result`);
      process.exitCode = 1;
      return;
    }
    console.log(`${shown} is up to date`);
    return;
  }
  writeFileSync(path, content);
  console.log(`wrote ${shown}`);
}
