/**
 * Every program in examples/ is run by some test (which names it `examples/<name>.ts`),
 * so an example that stops working fails the suite, and a new example cannot ship
 * without one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'fixtures' ? [] : testFiles(join(dir, e.name))) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('examples/', () => {
  it('has a test running each example', () => {
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'));
    expect(examples.length).toBeGreaterThan(5);
    const tests = testFiles(join(ROOT, 'test')).map((f) => readFileSync(f, 'utf8'));
    const untested = examples.filter((name) => !tests.some((text) => text.includes(`examples/${name}`)));
    expect(untested).toEqual([]);
  });
});
