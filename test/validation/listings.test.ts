/**
 * Malformed listings end to end (issue 12): a page whose list holds `null`, or whose list
 * is not a list, fails the listing with a MalformedResponseError naming the provider
 * (and the field), never a TypeError from a mapper. One row per paged JSON family.
 */
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../src/common/errors/index.js';
import { registry as computeRegistry } from '../../src/drivers/compute/index.js';
import { MockTransport } from '../../src/testing/index.js';

const ROWS = [
  { provider: 'digitalocean', path: '/v2/droplets', wrap: (items: unknown) => ({ droplets: items, links: {}, meta: { total: 1 } }) },
  { provider: 'linode', path: '/v4/linode/instances', wrap: (items: unknown) => ({ data: items, page: 1, pages: 1, results: 1 }) },
  { provider: 'vultr', path: '/v2/instances', wrap: (items: unknown) => ({ instances: items, meta: { total: 1, links: { next: '', prev: '' } } }) },
] as const;

describe('malformed listings', () => {
  for (const row of ROWS) {
    for (const [label, items, field] of [
      ['a null item', [null], undefined],
      ['an item without its id', [{ name: 'web', label: 'web', status: 'active' }], 'id'],
      ['a list that is an object', { id: 1 }, undefined],
    ] as const) {
      it(`${row.provider}: listNodes with ${label} is a MalformedResponseError naming the provider`, async () => {
        const mock = new MockTransport().on('GET', row.path, { json: row.wrap(items) });
        const Cls = computeRegistry.get(row.provider) as unknown as new (k: string, s: undefined, o: object) => { listNodes(): Promise<unknown> };
        const driver = new Cls('token-example', undefined, { env: {}, transport: mock, retry: false });
        const err = await driver.listNodes().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(MalformedResponseError);
        expect((err as MalformedResponseError).provider).toBe(row.provider);
        expect((err as Error).message).toContain(row.provider);
        if (field) expect((err as Error).message).toContain(`"${field}"`);
      });
    }
  }
});
