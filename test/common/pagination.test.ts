import { describe, expect, it } from 'vitest';
import { collect, paginate } from '../../src/common/pagination.js';
import { AbortError, InvalidArgumentError, PaginationError } from '../../src/common/errors/index.js';

function pages<C>(book: Map<C | undefined, { items: number[]; next?: C }>) {
  const asked: (C | undefined)[] = [];
  const fetch = async (cursor: C | undefined) => {
    asked.push(cursor);
    const page = book.get(cursor);
    if (!page) throw new Error(`no page at ${String(cursor)}`);
    return { items: page.items, next: page.next };
  };
  return { asked, fetch };
}

describe('paginate', () => {
  it('follows page tokens until the last page and yields every item in order', async () => {
    const { asked, fetch } = pages(new Map<string | undefined, { items: number[]; next?: string }>([
      [undefined, { items: [1, 2], next: 'a' }],
      ['a', { items: [3], next: 'b' }],
      ['b', { items: [4, 5] }],
    ]));
    expect(await collect(paginate(undefined, fetch))).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'a', 'b']);
  });

  it('treats a null next cursor as the last page', async () => {
    const items = await collect(paginate<number, string>(undefined, async () => ({ items: [7], next: null })));
    expect(items).toEqual([7]);
  });

  it('fetches lazily: breaking out of for-await asks for no further page', async () => {
    const { asked, fetch } = pages(new Map<number | undefined, { items: number[]; next?: number }>([
      [1, { items: [1, 2], next: 2 }],
      [2, { items: [3], next: 3 }],
      [3, { items: [4] }],
    ]));
    for await (const item of paginate(1, fetch)) if (item === 2) break;
    expect(asked).toEqual([1]);
  });

  it('fails with a typed error, after yielding the page, when a cursor repeats', async () => {
    const { fetch } = pages(new Map<string | undefined, { items: number[]; next?: string }>([
      [undefined, { items: [1], next: 'x' }],
      ['x', { items: [2], next: 'x' }],
    ]));
    const seen: number[] = [];
    const err = await (async () => {
      for await (const item of paginate(undefined, fetch, { what: 'things', provider: 'acme' })) seen.push(item);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1, 2]);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as PaginationError).code).toBe('NUBES_ERR_PAGINATION');
    expect((err as PaginationError).provider).toBe('acme');
    expect((err as Error).message).toMatch(/^things: .*same page cursor twice/);
  });

  it('counts the first cursor as seen, and compares object cursors by value', async () => {
    const fetch = async (c: { marker: string } | undefined) => ({ items: [c?.marker ?? '-'], next: { marker: 'm1' } });
    await expect(collect(paginate({ marker: 'm1' }, fetch))).rejects.toBeInstanceOf(PaginationError);
  });

  it('stops at maxPages with a typed error, and rejects a bad maxPages before fetching', async () => {
    let calls = 0;
    const fetch = async (n: number | undefined) => { calls++; return { items: [n ?? 0], next: (n ?? 0) + 1 }; };
    await expect(collect(paginate(0, fetch, { maxPages: 3 }))).rejects.toThrow(/more than maxPages \(3\)/);
    expect(calls).toBe(3);
    calls = 0;
    await expect(collect(paginate(0, fetch, { maxPages: 0 }))).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(calls).toBe(0);
  });

  it('stops between pages when the signal fires', async () => {
    const controller = new AbortController();
    const fetch = async (n: number | undefined) => ({ items: [n ?? 0], next: (n ?? 0) + 1 });
    const seen: number[] = [];
    const err = await (async () => {
      for await (const item of paginate(0, fetch, { signal: controller.signal })) {
        seen.push(item);
        if (item === 1) controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0, 1]);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toEqual(new Error('enough'));
  });
});
