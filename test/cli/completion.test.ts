/**
 * `nubes completion bash|zsh|fish`, generated from the command table. The bash script is
 * loaded into a real bash and asked for completions the way bash's readline asks.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../src/cli/run.js';
import { missingPeer, tempDir } from '../peers/process.js';
import { nubesInProcess } from './helpers.js';

async function script(shell: string): Promise<string> {
  const r = await nubesInProcess(['completion', shell]);
  expect(r.code).toBe(0);
  return r.stdout;
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashComplete(file: string, typed: string[]): string[] {
  const words = typed.map((w) => `'${w}'`).join(' ');
  const out = execFileSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${words}); COMP_CWORD=${typed.length - 1}; _nubes; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('nubes completion', () => {
  it('completes areas, every command of an area, flags and flag values in a real bash', async () => {
    const file = join(tempDir('cli-completion'), 'nubes.bash');
    writeFileSync(file, await script('bash'));
    expect(bashComplete(file, ['nubes', 'st'])).toEqual(['storage']);
    const storage = AREAS.find((a) => a.area === 'storage')!;
    expect(bashComplete(file, ['nubes', 'storage', ''])).toEqual(storage.commands.map((c) => c.name));
    expect(bashComplete(file, ['nubes', 'compute', 'list-nodes', '--out'])).toEqual(['--output']);
    expect(bashComplete(file, ['nubes', 'compute', 'list-nodes', '-o', ''])).toEqual(['table', 'json', 'text']);
    expect(bashComplete(file, ['nubes', 'compute', 'list-nodes', '--provider', 'digital'])).toEqual(['digitalocean', 'digitalocean-spaces']);
    expect(bashComplete(file, ['nubes', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('writes zsh and fish scripts that name every command of every area', async () => {
    const [zsh, fish] = await Promise.all([script('zsh'), script('fish')]);
    expect(zsh.startsWith('#compdef nubes\n')).toBe(true);
    expect(fish).toContain('complete -c nubes -l output -s o -x -a "table json text"');
    for (const area of AREAS) {
      for (const command of area.commands) {
        expect(zsh).toContain(command.name);
        expect(fish).toContain(command.name);
      }
    }
  });

  const shells = missingPeer('zsh and fish completion', ['zsh', 'fish']);
  it.skipIf(shells !== undefined)(`loads in zsh and fish without a syntax error${shells ? ` (skipped: ${shells})` : ''}`, async () => {
    const dir = tempDir('cli-completion-shells');
    writeFileSync(join(dir, '_nubes'), await script('zsh'));
    writeFileSync(join(dir, 'nubes.fish'), await script('fish'));
    execFileSync('zsh', ['-n', join(dir, '_nubes')]);
    execFileSync('fish', ['--no-execute', join(dir, 'nubes.fish')]);
    // fish really loads it and completes an area's commands.
    const offered = execFileSync('fish', ['-c', `source ${join(dir, 'nubes.fish')}; complete -C 'nubes dns '`], { encoding: 'utf8' });
    expect(offered.split('\n').map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(['list-zones', 'create-record']));
  });

  it('refuses a shell it does not know with a usage error', async () => {
    const r = await nubesInProcess(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nubes completion needs a shell: bash, zsh, fish (got "tcsh")');
  });
});
