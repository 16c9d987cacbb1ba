/**
 * The error brand: `isNubesError` and `instanceof` recognise errors thrown by ANOTHER
 * installed copy of nubes (a CLI plugin may resolve its own), keyed on
 * `Symbol.for('nubes.error')`, without a subclass check ever matching a sibling or a
 * parent. Two real copies of src/common/errors are compiled to two temp folders and
 * loaded side by side, as two node_modules copies would be.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as root from '../../../src/index.js';
import { isNubesError, NUBES_ERROR_CODES, NubesError, type NubesErrorCode } from '../../../src/index.js';
import { UnmatchedRequestError } from '../../../src/testing/index.js';

type ErrorsModule = typeof import('../../../src/common/errors/index.js');
type AnyErrorClass = new (message: string, ...rest: never[]) => NubesError;

const ERRORS_SRC = join(dirname(fileURLToPath(import.meta.url)), '../../../src/common/errors');

/** Compiles src/common/errors into `dir` as plain ESM JavaScript: one installed copy. */
function compileCopy(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  for (const file of readdirSync(ERRORS_SRC).filter((f) => f.endsWith('.ts'))) {
    const out = ts.transpileModule(readFileSync(join(ERRORS_SRC, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), out.outputText);
  }
}

/** Every error class the root entry exports, by name. */
function rootErrorClasses(): Map<string, AnyErrorClass> {
  const out = new Map<string, AnyErrorClass>();
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === 'function' && (value === NubesError || value.prototype instanceof NubesError)) out.set(name, value as AnyErrorClass);
  }
  return out;
}

function instanceOf(Cls: AnyErrorClass): NubesError {
  return new Cls('boom');
}

let tmp: string;
let a: ErrorsModule;
let b: ErrorsModule;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'nubes-brand-'));
  compileCopy(join(tmp, 'copy-a'));
  compileCopy(join(tmp, 'copy-b'));
  a = (await import(pathToFileURL(join(tmp, 'copy-a', 'index.js')).href)) as ErrorsModule;
  b = (await import(pathToFileURL(join(tmp, 'copy-b', 'index.js')).href)) as ErrorsModule;
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('error brand across two copies of nubes', () => {
  it('loads two distinct copies (their classes are different objects)', () => {
    expect(a.NubesError).not.toBe(b.NubesError);
    expect(a.NotFoundError).not.toBe(b.NotFoundError);
    // Without the brand, plain prototype identity says no.
    expect(Function.prototype[Symbol.hasInstance].call(a.NotFoundError, new b.NotFoundError('x'))).toBe(false);
  });

  it('isNubesError recognises an error of the other copy, and of this one', () => {
    expect(a.isNubesError(new b.NotFoundError('x'))).toBe(true);
    expect(b.isNubesError(new a.ProxyError('x'))).toBe(true);
    expect(isNubesError(new b.TimeoutError('x', 'connect'))).toBe(true);
    expect(a.isNubesError(new NubesError('x'))).toBe(true);
  });

  it('isNubesError refuses what is not a nubes error, even when it looks like one', () => {
    for (const value of [new Error('x'), { name: 'NubesError', code: 'NUBES_ERR_GENERIC', message: 'x' }, null, undefined, 'NUBES_ERR_GENERIC', 42, Object.create(a.NubesError.prototype)]) {
      expect(a.isNubesError(value)).toBe(false);
    }
    expect(new Error('x') instanceof a.NubesError).toBe(false);
  });

  it('instanceof matches the class and its ancestors across copies', () => {
    const err = new b.ZoneDoesNotExistError('x', { statusCode: 404 });
    expect(err instanceof a.ZoneDoesNotExistError).toBe(true);
    expect(err instanceof a.NotFoundError).toBe(true);
    expect(err instanceof a.ProviderError).toBe(true);
    expect(err instanceof a.NubesError).toBe(true);
    expect(err instanceof root.ZoneDoesNotExistError).toBe(true);
  });

  it('instanceof never matches a sibling or a subclass across copies', () => {
    const notFound = new b.NotFoundError('x');
    expect(notFound instanceof a.ZoneDoesNotExistError).toBe(false); // parent is not a child
    expect(notFound instanceof a.ConflictError).toBe(false); // sibling
    expect(new b.InvalidArgumentError('x') instanceof a.NotFoundError).toBe(false);
    expect(new b.InvalidArgumentError('x') instanceof a.UnknownProviderError).toBe(false);
    expect(new b.UnknownProviderError('x') instanceof a.InvalidArgumentError).toBe(true);
  });

  it('holds for every pair of exported classes: B-instance instanceof A-class iff the A-classes are related the same way', () => {
    const names = [...rootErrorClasses().keys()].filter((n) => n in a && n in b);
    expect(names.length).toBeGreaterThan(30);
    for (const child of names) {
      const fromB = instanceOf((b as unknown as Record<string, AnyErrorClass>)[child]!);
      const sameCopy = instanceOf((a as unknown as Record<string, AnyErrorClass>)[child]!);
      for (const parent of names) {
        const ParentA = (a as unknown as Record<string, AnyErrorClass>)[parent]!;
        const expected = Function.prototype[Symbol.hasInstance].call(ParentA, sameCopy);
        expect({ child, parent, result: fromB instanceof ParentA }).toEqual({ child, parent, result: expected });
        expect({ child, parent, result: a.isNubesError(fromB, ParentA) }).toEqual({ child, parent, result: expected });
      }
    }
  });

  it('narrows with a class: isNubesError(e, Cls)', () => {
    const err: unknown = new b.RateLimitError('slow down', { retryAfter: 7 });
    expect(a.isNubesError(err, a.RateLimitError)).toBe(true);
    if (isNubesError(err, root.RateLimitError)) {
      const code: NubesErrorCode = err.code;
      expect([code, err.retryAfter]).toEqual(['NUBES_ERR_RATE_LIMIT', 7]);
    } else {
      expect.unreachable("the other copy's RateLimitError is a RateLimitError");
    }
    expect(a.isNubesError(err, a.ServiceUnavailableError)).toBe(false);
  });

  it('a third-party subclass matches by its own prototype only', () => {
    class PluginError extends a.NotFoundError {}
    expect(new b.NotFoundError('x') instanceof PluginError).toBe(false);
    expect(new a.NotFoundError('x') instanceof PluginError).toBe(false);
    const own = new PluginError('x');
    expect(own instanceof PluginError).toBe(true);
    expect(own instanceof b.NotFoundError).toBe(true);
    expect(b.isNubesError(own)).toBe(true);
  });

  it('the brand is invisible: not enumerable, not in JSON', () => {
    const err = new root.ProxyError('x', { provider: 'acme' });
    expect(Object.keys(err)).not.toContain(Symbol.for('nubes.error'));
    expect(Object.getOwnPropertySymbols(err)).toContain(Symbol.for('nubes.error'));
    expect(JSON.stringify(err)).not.toContain('nubes.error');
    expect(Object.prototype.propertyIsEnumerable.call(err, Symbol.for('nubes.error'))).toBe(false);
  });
});

describe('NubesErrorCode', () => {
  it('lists every code of every exported class exactly once, and nothing else', () => {
    const classes = [...rootErrorClasses().values(), UnmatchedRequestError as unknown as AnyErrorClass];
    const codes = classes.map((Cls) => instanceOf(Cls).code);
    expect(new Set(codes).size).toBe(codes.length); // no two classes share a code
    expect([...codes].sort()).toEqual([...NUBES_ERROR_CODES].sort());
  });

  it('registers each class under its own literal name', () => {
    for (const [name, Cls] of [...rootErrorClasses(), ['UnmatchedRequestError', UnmatchedRequestError as unknown as AnyErrorClass] as const]) {
      expect(instanceOf(Cls).name).toBe(name);
      expect(Object.getOwnPropertyDescriptor(Cls.prototype, Symbol.for('nubes.error.class'))?.value).toBe(name);
    }
  });

  it('types NubesError.code so a typo does not compile', () => {
    const check = (err: NubesError): boolean =>
      // @ts-expect-error -- 'NUBES_ERR_RATELIMIT' is not a NubesErrorCode (the code is NUBES_ERR_RATE_LIMIT)
      err.code === 'NUBES_ERR_RATELIMIT';
    expect(check(new NubesError('x'))).toBe(false);
    const code: NubesErrorCode = new root.NotFoundError('x').code;
    expect(code).toBe('NUBES_ERR_NOT_FOUND');
    // Subclasses keep their literal codes.
    const literal: 'NUBES_ERR_SSL' = new root.SSLError('x').code;
    expect(literal).toBe('NUBES_ERR_SSL');
  });
});
