import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC, exportedErrorClasses, renderErrorsDoc } from '../../scripts/errors-doc.js';
import type { NubesError } from '../../src/index.js';

const committed = readFileSync(ERRORS_DOC, 'utf8');

describe('docs/errors.md', () => {
  it('is what scripts/errors-doc.ts generates from the error classes (run `npx tsx scripts/errors-doc.ts` when this fails)', () => {
    expect(committed).toBe(renderErrorsDoc());
  });

  it('has a section for every exported error class, with its code', () => {
    const classes = [...exportedErrorClasses()];
    expect(classes.length).toBeGreaterThan(30);
    for (const [name, Cls] of classes) {
      const { code } = new (Cls as unknown as new (m: string) => NubesError)('probe');
      expect(committed, `${name} (${code})`).toContain(`### ${code}\n\n\`${name}\`, extends`);
    }
  });

  it('gives every error class its own stable code', () => {
    const codes = [...exportedErrorClasses()].map(([, Cls]) => new (Cls as unknown as new (m: string) => NubesError)('probe').code);
    expect(codes.every((c) => /^NUBES_ERR_[A-Z0-9_]+$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
