import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC, renderCliDoc } from '../../scripts/cli-doc.js';
import { PROVIDER_ENV } from '../../src/cli/provider-env.js';

describe('docs/cli.md', () => {
  const committed = readFileSync(CLI_DOC, 'utf8');

  it('shows the provider variables the CLI really reads (run `npx tsx scripts/cli-doc.ts` when this fails)', () => {
    expect(committed).toBe(renderCliDoc(committed));
  });

  it('names every provider and variable of the table', () => {
    for (const [provider, env] of Object.entries(PROVIDER_ENV)) {
      expect(committed).toContain(`\`${provider}\``);
      for (const name of [...(env.key ?? []), ...(env.secret ?? []), ...(env.region ?? []), ...(env.options ?? []).flatMap((o) => o.env)]) {
        expect(committed, `${provider}: ${name}`).toContain(`\`${name}\``);
      }
    }
  });

  it('documents every command of the CLI', async () => {
    const { AREAS } = await import('../../src/cli/run.js');
    for (const area of AREAS) for (const command of area.commands) expect(committed, `${area.area} ${command.name}`).toContain(`\`${command.name}`);
  });
});
