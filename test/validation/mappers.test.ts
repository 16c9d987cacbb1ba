/// <reference types="vite/client" />
/**
 * The validation table, part (b): malformed items fed into every mapper of every
 * compute, DNS and load balancer driver. A `null` item, an item without a required
 * field, and a field of the wrong type must each be a MalformedResponseError
 * (NUBES_ERR_MALFORMED_RESPONSE) naming the provider and the field — never a TypeError,
 * never a value with an empty id.
 *
 * Mappers are found, not listed: every module under src/drivers/{compute,dns,loadbalancer}
 * is imported, and every export made with `defineMapper`/`defineXmlMapper`
 * (src/common/payload.ts) is fed items built from its declared shape. A provider folder
 * without any declared mapper fails the completeness check, so the next driver (GCE,
 * Azure, ...) is checked as soon as it lands. Storage rows: add its folder to GLOBS
 * (owned by "integrity").
 */
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../src/common/errors/index.js';
import { mapperDeclaration, type FieldKind, type MapperDeclaration } from '../../src/common/payload.js';
import type { XmlElement } from '../../src/common/xml.js';

const modules = {
  ...import.meta.glob('../../src/drivers/compute/**/*.ts', { eager: true }),
  ...import.meta.glob('../../src/drivers/dns/**/*.ts', { eager: true }),
  ...import.meta.glob('../../src/drivers/loadbalancer/**/*.ts', { eager: true }),
} as Record<string, Record<string, unknown>>;

/** Provider folders whose drivers map no provider payload (in-memory dummies). */
const NO_PAYLOADS = new Set(['compute/dummy']);

interface Found {
  readonly file: string;
  readonly name: string;
  readonly mapper: (...args: unknown[]) => unknown;
  readonly declaration: MapperDeclaration;
}

const found: Found[] = [];
for (const [file, exports] of Object.entries(modules)) {
  for (const [name, value] of Object.entries(exports)) {
    const declaration = mapperDeclaration(value);
    if (declaration) found.push({ file: file.replace('../../src/drivers/', ''), name, mapper: value as Found['mapper'], declaration });
  }
}

function validJson(kind: FieldKind): unknown {
  return { id: 'x-1', string: 'text', number: 1, integer: 1, boolean: true, list: [], object: {} }[kind];
}

function wrongJson(kind: FieldKind): unknown[] {
  const all: Record<FieldKind, unknown[]> = {
    id: [null, '', {}, true],
    string: [null, 42, {}],
    number: [null, 'ten', Number.NaN, {}],
    integer: [null, 'ten', 1.5],
    boolean: [null, 'yes'],
    list: [null, {}, 'a,b'],
    object: [null, 'x', []],
  };
  return all[kind];
}

function validXml(kind: FieldKind): string {
  return { id: 'x-1', string: 'text', number: '1', integer: '1', boolean: 'true', list: 'x', object: 'x' }[kind];
}

function wrongXml(kind: FieldKind): (string | undefined)[] {
  const all: Record<FieldKind, (string | undefined)[]> = {
    id: ['', '   '],
    string: [],
    number: ['ten'],
    integer: ['ten', '1.5'],
    boolean: ['yes'],
    list: [],
    object: [],
  };
  return all[kind];
}

function parse(spec: string): { kind: FieldKind; optional: boolean } {
  const optional = spec.endsWith('?');
  return { kind: (optional ? spec.slice(0, -1) : spec) as FieldKind, optional };
}

/** An item holding a valid value for every required field (the shape check runs before any other argument is used). */
function minimalItem(d: MapperDeclaration): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(d.shape)) {
    const { kind, optional } = parse(spec);
    if (optional) continue;
    item[field] = d.format === 'json' ? validJson(kind) : [validXml(kind)];
  }
  return item;
}

function expectMalformed(err: unknown, d: MapperDeclaration, field: string | undefined, label: string): void {
  expect(err, `${label}: expected a MalformedResponseError`).toBeInstanceOf(MalformedResponseError);
  const e = err as MalformedResponseError;
  expect(e.code).toBe('NUBES_ERR_MALFORMED_RESPONSE');
  expect(e.provider).toBe(d.context.provider);
  expect(e.message).toContain(d.context.provider);
  expect(e.message).toContain(d.context.what);
  if (field !== undefined) expect(e.message, label).toContain(`"${field}"`);
}

function run(mapper: Found['mapper'], item: unknown): unknown {
  try {
    mapper(item, undefined, undefined);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('every compute, DNS and load balancer provider folder declares its mappers', () => {
  const folders = new Set(
    Object.keys(modules)
      .map((f) => f.replace('../../src/drivers/', '').split('/'))
      .filter((parts) => parts.length === 3)
      .map((parts) => `${parts[0]}/${parts[1]}`),
  );
  for (const folder of folders) {
    if (NO_PAYLOADS.has(folder)) continue;
    it(`${folder} has declared mappers`, () => {
      expect(found.filter((f) => f.file.startsWith(`${folder}/`)).map((f) => f.name)).not.toEqual([]);
    });
  }

  it('finds the mappers of every provider', () => {
    expect(new Set(found.map((f) => f.declaration.context.provider))).toEqual(
      new Set(['digitalocean', 'linode', 'vultr', 'openstack', 'ec2', 'gce', 'azure', 'cloudflare', 'route53', 'google-dns', 'azure-dns', 'elb', 'alb']),
    );
  });
});

for (const { file, name, mapper, declaration: d } of found) {
  describe(`${file} ${name} (${d.context.provider} ${d.context.what})`, () => {
    it('refuses a null item, a string and an array with MalformedResponseError', () => {
      for (const item of [null, undefined, 'item', 42, []]) expectMalformed(run(mapper, item), d, undefined, `item ${JSON.stringify(item)}`);
    });

    for (const [field, spec] of Object.entries(d.shape)) {
      const { kind, optional } = parse(spec);
      if (!optional) {
        it(`refuses an item without "${field}", naming it`, () => {
          const item = minimalItem(d);
          delete item[field];
          expectMalformed(run(mapper, item), d, field, `without ${field}`);
        });
      }
      const wrong = d.format === 'json' ? wrongJson(kind).filter((v) => !(optional && v === null)) : wrongXml(kind);
      if (wrong.length === 0) continue;
      it(`refuses a wrong-typed "${field}" (${spec}), naming it`, () => {
        for (const value of wrong) {
          const item = minimalItem(d);
          item[field] = d.format === 'json' ? value : [value as string];
          expectMalformed(run(mapper, item as XmlElement), d, field, `${field} = ${JSON.stringify(value)}`);
        }
      });
    }
  });
}
