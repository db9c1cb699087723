/**
 * Sharded index keys: the shard function, the key builders that use it, and the k-way merge with
 * per-shard cursor positions (lambdas/adapters/dynamodb/sharded-query.ts) against fake shards that
 * behave like DynamoDB Query (sorted by sort key then table key, Limit, LastEvaluatedKey whenever
 * Limit was reached, ExclusiveStartKey as a position that need not exist any more).
 */
import { INDEX_SHARDS, indexShard } from '#adapters/dynamodb/index-shards.js';
import * as keys from '#adapters/dynamodb/keys.js';
import { compareSortValues, type IndexKey, mergedPage, type PositionCodec, readAllShards } from '#adapters/dynamodb/sharded-query.js';
import { ValidationError } from '#shared/errors.js';

describe('indexShard', () => {
  it('is a stable FNV-1a of the id mod the shard count', () => {
    // Fixed values: a change here re-keys every stored item (see INDEX_SHARDS).
    expect(INDEX_SHARDS).toBe(10);
    expect(indexShard('')).toBe(0x811c9dc5 % 10);
    expect(indexShard('a')).toBe(0xe40c292c % 10);
    expect(indexShard('01JDX3Q9ZB6W3H7M8N2P4R5S6T')).toBe(indexShard('01JDX3Q9ZB6W3H7M8N2P4R5S6T'));
    expect(indexShard('ação', 7)).toBe(indexShard('ação', 7));
  });

  it('spreads ids evenly over the shards', () => {
    const counts = new Array<number>(INDEX_SHARDS).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const shard = indexShard(`01JDX${i.toString(36).padStart(8, '0')}ORDER`);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(INDEX_SHARDS);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 2_000)).toBeLessThan(300);
  });

  it('puts the formerly constant keys in the shard of the item\'s own id', () => {
    const order = 'ord-1';
    const n = indexShard(order);
    expect(keys.ordersByStatusIndex('PAID', '2026-11-27T10:00:00.000Z', order)).toEqual({ GSI2PK: `ORDERS#PAID#${n}`, GSI2SK: `2026-11-27T10:00:00.000Z#${order}` });
    expect(keys.ordersByStatusKey('SHIPPED', order)).toBe(`ORDERS#SHIPPED#${n}`);
    expect(keys.paymentDueIndex('2026-11-27T10:30:00.000Z', order)).toEqual({ GSI3PK: `PAYMENT_DUE#${n}`, GSI3SK: `2026-11-27T10:30:00.000Z#${order}` });
    const pay = 'pay-9';
    expect(keys.unsettledPaymentIndex('2026-11-27T10:00:00.000Z', pay)).toEqual({ GSI2PK: `PAYMENTS#UNSETTLED#${indexShard(pay)}`, GSI2SK: `2026-11-27T10:00:00.000Z#${pay}` });
    // A product and its variants share the product's shard.
    const p = indexShard('prod-1');
    expect(keys.catalogIndexProduct('prod-1').GSI1PK).toBe(`CATALOG#${p}`);
    expect(keys.catalogIndexVariant('prod-1', 'SKU-ANY').GSI1PK).toBe(`CATALOG#${p}`);
    expect(keys.inventoryIndex('prod-1')).toEqual({ GSI4PK: `INVENTORY#${p}` });
    expect(keys.inventoryPartition(3)).toBe('INVENTORY#3');
  });
});

interface Item { id: string; sk: string | number }

/** Fake shards: each sorted like a DynamoDB partition (sort key, then table key). */
function fakeShards(items: Item[], shardOf: (item: Item) => number, shards: number, options: { maxPage?: number; ascending: boolean }) {
  const data: Item[][] = Array.from({ length: shards }, () => []);
  for (const item of items) data[shardOf(item)]?.push(item);
  const order = (a: Item, b: Item) => compareSortValues(a.sk, b.sk) || compareSortValues(a.id, b.id);
  for (const shard of data) shard.sort(order);
  const calls: { shard: number; limit: number }[] = [];
  const fetch = async (shard: number, start: IndexKey | undefined, limit: number) => {
    calls.push({ shard, limit });
    const dir = options.ascending ? 1 : -1;
    const stream = [...(data[shard] ?? [])].sort((a, b) => dir * order(a, b));
    const after = start ? stream.filter((i) => dir * order(i, start as unknown as Item) > 0) : stream;
    const count = Math.min(limit, options.maxPage ?? limit);
    const page = after.slice(0, count);
    const last = page[page.length - 1];
    // DynamoDB returns LastEvaluatedKey whenever it stopped at Limit (or 1 MB), even if nothing follows.
    return { items: page, next: page.length === count && last ? { id: last.id, sk: last.sk } : undefined };
  };
  const remove = (id: string) => {
    for (const shard of data) {
      const i = shard.findIndex((x) => x.id === id);
      if (i >= 0) shard.splice(i, 1);
    }
  };
  return { fetch, calls, remove };
}

const codec: PositionCodec<Item> = {
  encode: (item) => [item.sk, item.id],
  decode: (value) => (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' ? { sk: value[0], id: value[1] } : undefined),
};

async function readPages(items: Item[], options: { shards: number; limit: number; ascending: boolean; shardOf?: (i: Item) => number; maxPage?: number }) {
  const shardOf = options.shardOf ?? ((i: Item) => indexShard(i.id, options.shards));
  const fake = fakeShards(items, shardOf, options.shards, options);
  const pages: Item[][] = [];
  let cursor: string | undefined;
  do {
    const page = await mergedPage({
      shards: options.shards, limit: options.limit, cursor, query: 'q', ascending: options.ascending,
      sortValue: (i) => i.sk, position: codec, fetch: fake.fetch,
    });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
    if (pages.length > 1_000) throw new Error('no end');
  } while (cursor);
  return { pages, calls: fake.calls };
}

function expectSortedOnce(pages: Item[][], items: Item[], ascending: boolean, limit: number) {
  const flat = pages.flat();
  expect(flat.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
  for (let i = 1; i < flat.length; i++) {
    const c = compareSortValues((flat[i - 1] as Item).sk, (flat[i] as Item).sk);
    expect(ascending ? c <= 0 : c >= 0).toBe(true);
  }
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
}

/** Deterministic pseudo-random numbers (no flaky tests). */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('mergedPage over shards', () => {
  const dates = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${String(i).padStart(3, '0')}`, sk: `2026-11-27T10:${String(i % 60).padStart(2, '0')}:${String(i).padStart(2, '0')}.000Z#o${i}` }));

  it.each([1, 2, 3, 7, 10, 11, 25, 100])('returns every item once, newest first, with limit %i', async (limit) => {
    const items = dates(61);
    const { pages } = await readPages(items, { shards: 10, limit, ascending: false });
    expectSortedOnce(pages, items, false, limit);
  });

  it('returns every item once in ascending order too (due for expiry)', async () => {
    const items = dates(40);
    const { pages } = await readPages(items, { shards: 10, limit: 6, ascending: true });
    expectSortedOnce(pages, items, true, 6);
  });

  it('keeps ties in sort keys exactly once across pages and shards (many variants at the same stock)', async () => {
    const random = rng(7);
    const items = Array.from({ length: 57 }, (_, i) => ({ id: `SKU-${i}`, sk: Math.floor(random() * 3) }));
    for (const limit of [1, 2, 4, 5, 9, 20]) {
      const { pages } = await readPages(items, { shards: 10, limit, ascending: true });
      expectSortedOnce(pages, items, true, limit);
    }
  });

  it('handles every item having the same sort key, including within one shard', async () => {
    const items = Array.from({ length: 23 }, (_, i) => ({ id: `v${i}`, sk: 0 }));
    for (const shardOf of [(i: Item) => indexShard(i.id, 4), () => 2]) {
      const { pages } = await readPages(items, { shards: 4, limit: 5, ascending: true, shardOf });
      expectSortedOnce(pages, items, true, 5);
      expect(pages).toHaveLength(5);
    }
  });

  it('ends without an empty page when pages exactly span the shards', async () => {
    // 3 shards x 4 items, interleaved; limit 4 -> exactly three full pages, the last with a null cursor.
    const items = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, sk: i }));
    const { pages } = await readPages(items, { shards: 3, limit: 4, ascending: true, shardOf: (i) => (i.sk as number) % 3 });
    expect(pages.map((p) => p.map((i) => i.sk))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    // Each shard's items in one block: a page boundary at a shard boundary.
    const blocks = await readPages(items, { shards: 3, limit: 4, ascending: true, shardOf: (i) => Math.floor((i.sk as number) / 4) });
    expect(blocks.pages.map((p) => p.map((i) => i.sk))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    // The whole set in one page.
    const one = await readPages(items, { shards: 3, limit: 12, ascending: true });
    expect(one.pages).toHaveLength(1);
  });

  it('returns an empty page and a null cursor when nothing matches', async () => {
    const { pages } = await readPages([], { shards: 10, limit: 5, ascending: false });
    expect(pages).toEqual([[]]);
  });

  it('reads a shard again when its page ended early (1 MB) before merging on', async () => {
    const items = dates(50);
    const { pages, calls } = await readPages(items, { shards: 4, limit: 9, ascending: false, maxPage: 2 });
    expectSortedOnce(pages, items, false, 9);
    expect(calls.length).toBeGreaterThan(4 * pages.length);
  });

  it('resumes each shard from its own position even when earlier items left the index', async () => {
    // The expiry sweeper removes each due order from GSI3 before asking for the next page.
    const items = dates(30);
    const fake = fakeShards(items, (i) => indexShard(i.id, 10), 10, { ascending: true });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await mergedPage({ shards: 10, limit: 4, cursor, query: 'q', ascending: true, sortValue: (i) => i.sk, position: codec, fetch: fake.fetch });
      for (const item of page.items) {
        seen.push(item.id);
        fake.remove(item.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...items].sort((a, b) => compareSortValues(a.sk, b.sk)).map((i) => i.id));
  });

  it('does not read exhausted shards again', async () => {
    const items = [...Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, sk: 100 + i })), { id: 'b', sk: 1 }];
    const fake = fakeShards(items, (i) => (i.id === 'b' ? 1 : 0), 3, { ascending: true });
    const first = await mergedPage({ shards: 3, limit: 3, query: 'q', ascending: true, sortValue: (i) => i.sk, position: codec, fetch: fake.fetch });
    expect(first.items.map((i) => i.id)).toEqual(['b', 'a0', 'a1']);
    fake.calls.length = 0;
    await mergedPage({ shards: 3, limit: 3, cursor: first.nextCursor as string, query: 'q', ascending: true, sortValue: (i) => i.sk, position: codec, fetch: fake.fetch });
    expect(fake.calls.map((c) => c.shard)).toEqual([0]);
  });

  describe('cursors', () => {
    const items = dates(30);
    const fake = fakeShards(items, (i) => indexShard(i.id, 10), 10, { ascending: false });
    const page = (cursor: string | undefined, query = 'q', shards = 10) =>
      mergedPage({ shards, limit: 5, cursor, query, ascending: false, sortValue: (i) => i.sk, position: codec, fetch: fake.fetch });
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it('are opaque base64url', async () => {
      const first = await page(undefined);
      expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    });

    it.each([
      ['garbage', 'garbage'],
      ['not JSON', Buffer.from('{').toString('base64url')],
      ['an old single-partition LastEvaluatedKey', b64({ PK: 'ORDER#x', SK: 'ORDER', GSI2PK: 'ORDERS#PAID', GSI2SK: 'x' })],
      ['wrong version', b64({ v: 2, q: 'x', p: [] })],
      ['a bad position', b64({ v: 1, q: 'x', p: Array(10).fill(7) })],
      ['every shard exhausted', b64({ v: 1, q: 'x', p: Array(10).fill(false) })],
    ])('refuses %s with a validation error', async (_name, cursor) => {
      await expect(page(cursor)).rejects.toBeInstanceOf(ValidationError);
      await expect(page(cursor)).rejects.toMatchObject({ reason: 'invalid', details: [{ field: 'cursor' }] });
    });

    it('refuses a cursor from another query or another shard count', async () => {
      const first = await page(undefined);
      await expect(page(first.nextCursor as string, 'other')).rejects.toBeInstanceOf(ValidationError);
      await expect(page(first.nextCursor as string, 'q', 8)).rejects.toBeInstanceOf(ValidationError);
      await expect(page(first.nextCursor as string)).resolves.toMatchObject({ items: expect.any(Array) });
    });
  });
});

describe('readAllShards', () => {
  it('reads every page of every shard', async () => {
    const items = Array.from({ length: 45 }, (_, i) => ({ id: `p${i}`, sk: `P#p${i}` }));
    const fake = fakeShards(items, (i) => indexShard(i.id, 10), 10, { ascending: true, maxPage: 2 });
    const shards = await readAllShards(10, (shard, start) => fake.fetch(shard, start, 1_000));
    expect(shards).toHaveLength(10);
    expect(shards.flat().map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
  });
});
