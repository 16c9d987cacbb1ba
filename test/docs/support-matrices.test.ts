import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docPath, embeddedMatrix, supportMatrix, type MatrixArea } from '../../scripts/support-matrix.js';
import { getRegistry, DriverType } from '../../src/index.js';

describe('the support matrices of docs/compute.md and docs/storage.md', () => {
  it.each<MatrixArea>(['compute', 'storage'])('docs/%s.md holds the table generated from the drivers (run `npx tsx scripts/support-matrix.ts <area> --write`)', (area) => {
    const committed = embeddedMatrix(readFileSync(docPath(area), 'utf8'), area);
    expect(committed).toBeDefined();
    expect(committed).toBe(supportMatrix(area));
  });

  it.each([
    ['compute', DriverType.COMPUTE],
    ['storage', DriverType.STORAGE],
  ] as const)('has a column for every %s provider, each cell from its static capabilities', (area, type) => {
    const lines = supportMatrix(area).trim().split('\n');
    const header = lines[0]!.split('|').map((c) => c.trim()).filter(Boolean);
    const registry = getRegistry(type);
    expect(header.slice(1)).toEqual(registry.providers().map((p) => `\`${p}\``));
    for (const row of lines.slice(2)) {
      const cells = row.split('|').map((c) => c.trim()).filter(Boolean);
      const method = cells[0]!.replace(/`/g, '');
      registry.providers().forEach((provider, i) => {
        const caps = (registry.get(provider) as unknown as { capabilities: readonly string[] }).capabilities;
        expect(cells[i + 1], `${provider} ${method}`).toBe(caps.includes(method) ? '✓' : '—');
      });
    }
  });
});
