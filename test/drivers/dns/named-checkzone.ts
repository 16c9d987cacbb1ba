/**
 * Runs BIND's `named-checkzone` (Debian bind9-utils) on an exported zone file, so the
 * BIND export of every driver is checked by a real zone parser, not by string
 * comparison alone.
 *
 * `-i local` keeps the integrity checks to in-zone names: the default (`full`) also
 * looks up out-of-zone MX/SRV/NS targets in the DNS, which a test must not do.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, missingPeer, tempDir } from '../../peers/process.js';

/** Why the named-checkzone tests are skipped, or undefined when it is installed (fails under CI=true when missing). */
export const namedCheckzoneMissing = missingPeer('bind9-utils', ['named-checkzone']);

/** What named-checkzone said. */
export interface CheckzoneResult {
  readonly exitCode: number;
  /** stdout and stderr, trimmed. */
  readonly output: string;
  /** Lines other than `zone …: loaded serial N` and `OK`: warnings and errors. */
  readonly complaints: string[];
}

/** Writes `text` to a temporary file and runs `named-checkzone -i local <origin> <file>`. */
export async function namedCheckzone(origin: string, text: string): Promise<CheckzoneResult> {
  const bin = findBinary('named-checkzone');
  if (!bin) throw new Error('named-checkzone is not installed');
  const file = join(tempDir('zone'), `${origin}.zone`);
  writeFileSync(file, text);
  return new Promise((resolve) => {
    execFile(bin, ['-i', 'local', origin, file], { timeout: 20_000 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      const exitCode = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      const complaints = output.split('\n').filter((l) => l !== '' && l !== 'OK' && !/: loaded serial \d+$/.test(l));
      resolve({ exitCode, output, complaints });
    });
  });
}
