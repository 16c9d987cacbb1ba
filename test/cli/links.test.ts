/**
 * The CLI's footers link to the guides by URL (they must work from an installed package,
 * not only in a clone), and every page they name exists in docs/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_BASE } from '../../src/cli/links.js';
import { ROOT, nubesInProcess } from './helpers.js';

describe('CLI links to the docs', () => {
  it('names only pages that exist in docs/', () => {
    const dir = join(ROOT, 'src', 'cli');
    const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'commands')).map((f) => join(dir, 'commands', f))].filter((f) => f.endsWith('.ts'));
    const pages = new Set<string>();
    for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/docsUrl\('([^']+)'/g)) pages.add(m[1]!);
    expect(pages.size).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(existsSync(join(ROOT, 'docs', page)), page).toBe(true);
  });

  it('prints URLs, not repository paths, in the help and error footers', async () => {
    const help = await nubesInProcess(['--help']);
    expect(help.stdout).toContain(`More: ${DOCS_BASE}cli.md`);
    expect(help.stdout).not.toMatch(/More: docs\//);
    const err = await nubesInProcess(['compute', 'reboot-node', 'no-such-node']);
    expect(err.stderr).toContain(`more: ${DOCS_BASE}errors.md#nubes_err_node_not_found`);
  });
});
