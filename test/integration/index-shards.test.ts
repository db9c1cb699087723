/**
 * Lists served by sharded index keys (ORDERS#<status>#<n>, INVENTORY#<n>): small pages over items
 * spread across shards return each item exactly once, in the order one partition gave before.
 * Other suites may write orders and variants at the same time, so the assertions are about our own
 * items plus the order and uniqueness of everything listed.
 */
import { indexShard } from '#adapters/dynamodb/index-shards.js';
import { migrateIndexShards } from '#adapters/dynamodb/migrate-index-shards.js';
import { adminToken, api, newCustomer } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';
import { client, inProcessAdapters, markOrderPaid, setAttributes } from '../helpers/table.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

interface Listed { id: string; status: string; createdAt: string }

async function allPages<T>(path: string, limit: number): Promise<{ items: T[]; pages: T[][] }> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const response: { status: number; body: { items: T[]; nextCursor: string | null } } =
      await api('GET', `${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    pages.push(response.body.items);
    cursor = response.body.nextCursor;
    if (pages.length > 2_000) throw new Error('pagination does not end');
  } while (cursor);
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
  return { items: pages.flat(), pages };
}

const orderKey = (o: Listed) => `${o.createdAt}#${o.id}`;

describe('admin orders by status over sharded GSI2 keys', () => {
  const orders: Listed[] = [];
  let range = '';

  beforeAll(async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const { sku } = await stockedSku(admin, 100);
    for (let i = 0; i < 28; i++) {
      await fillCart(user, [{ sku, quantity: 1 }]);
      const created = await api('POST', '/orders', { token: user.accessToken, body: { addressId } });
      expect(created.status).toBe(201);
      orders.push(created.body);
    }
    const times = orders.map((o) => o.createdAt).sort();
    range = `from=${encodeURIComponent(times[0] as string)}&to=${encodeURIComponent(times[times.length - 1] as string)}`;
  });

  it('spreads the orders over the shards', () => {
    expect(new Set(orders.map((o) => indexShard(o.id))).size).toBeGreaterThanOrEqual(5);
  });

  it.each([1, 4, 7, 28])('lists each pending order exactly once, newest first, with limit %i', async (limit) => {
    const { items } = await allPages<Listed>(`/admin/orders?status=PENDING_PAYMENT&${range}`, limit);
    const keys = items.map(orderKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(items.every((o) => o.status === 'PENDING_PAYMENT')).toBe(true);
    const mine = new Set(orders.map((o) => o.id));
    expect(items.filter((o) => mine.has(o.id)).map(orderKey)).toEqual(orders.map(orderKey).sort().reverse());
  });

  it('moves orders between status shards on every status change', async () => {
    const paid = orders.slice(0, 9);
    const cancelled = orders.slice(9, 13);
    for (const order of paid) await markOrderPaid(order.id);
    for (const order of paid.slice(0, 3)) {
      expect((await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'SHIPPED', carrier: 'Correios', trackingCode: `BR${token()}` } })).status).toBe(200);
    }
    for (const order of cancelled) expect((await api('DELETE', `/orders/${order.id}`, { token: admin })).status).toBe(200);

    const ids = async (status: string) => {
      const { items } = await allPages<Listed>(`/admin/orders?status=${status}&${range}`, 3);
      const keys = items.map(orderKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual([...keys].sort().reverse());
      return new Set(items.map((o) => o.id));
    };
    const [pending, paidNow, shipped, cancelledNow] = await Promise.all(['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'CANCELLED'].map(ids));
    for (const o of orders.slice(13)) expect(pending?.has(o.id)).toBe(true);
    for (const o of orders.slice(0, 13)) expect(pending?.has(o.id)).toBe(false);
    for (const o of paid.slice(3)) expect(paidNow?.has(o.id)).toBe(true);
    for (const o of paid.slice(0, 3)) {
      expect(paidNow?.has(o.id)).toBe(false);
      expect(shipped?.has(o.id)).toBe(true);
    }
    for (const o of cancelled) expect(cancelledNow?.has(o.id)).toBe(true);
  });

  it.each([3, 10])('without a status lists every order in the range exactly once, newest first, whatever its status (limit %i)', async (limit) => {
    const { items, pages } = await allPages<Listed>(`/admin/orders?${range}`, limit);
    const keys = items.map(orderKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort().reverse());
    const mine = new Set(orders.map((o) => o.id));
    expect(items.filter((o) => mine.has(o.id)).map(orderKey)).toEqual(orders.map(orderKey).sort().reverse());
    expect(new Set(items.filter((o) => mine.has(o.id)).map((o) => o.status))).toEqual(new Set(['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'CANCELLED']));
    expect(pages.length).toBeGreaterThan(1);
  });

  it('refuses a malformed cursor or one from another query with 400', async () => {
    const first = await api('GET', `/admin/orders?status=PENDING_PAYMENT&${range}&limit=2`, { token: admin });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    for (const cursor of ['garbage', encodeURIComponent(first.body.nextCursor as string)]) {
      const status = cursor === 'garbage' ? 'PENDING_PAYMENT' : 'PAID';
      const response = await api('GET', `/admin/orders?status=${status}&${range}&limit=2&cursor=${cursor}`, { token: admin });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].field).toBe('cursor');
    }
  });
});

describe('low-stock report over sharded GSI4 keys', () => {
  interface Low { productId: string; sku: string; stock: number }
  const t = token();
  const mine: { sku: string; stock: number; productId: string }[] = [];

  beforeAll(async () => {
    const categoryId = (await createCategory(admin, { name: `Estoque baixo ${t}` })).id;
    for (let p = 0; p < 6; p++) {
      const variants = Array.from({ length: 6 }, (_, i) => ({ sku: `LS-${t}-${p}-${i}`, priceCents: 100, stock: (p + i) % 4 }));
      const product = await createProduct(admin, { name: `Baixo ${t} ${p}`, categoryIds: [categoryId], variants });
      mine.push(...variants.map((v) => ({ sku: v.sku, stock: v.stock, productId: product.id })));
    }
  });

  it('spreads the products over the shards', () => {
    expect(new Set(mine.map((v) => indexShard(v.productId))).size).toBeGreaterThanOrEqual(3);
  });

  it.each([3, 5, 8])('lists each variant at or under the threshold exactly once, lowest stock first, with limit %i (ties span pages)', async (limit) => {
    const { items } = await allPages<Low>('/admin/inventory/low-stock?threshold=2', limit);
    const skus = items.map((i) => i.sku);
    expect(new Set(skus).size).toBe(skus.length);
    const stocks = items.map((i) => i.stock);
    expect(stocks).toEqual([...stocks].sort((a, b) => a - b));
    expect(stocks.every((s) => s <= 2)).toBe(true);
    const listed = items.filter((i) => i.sku.startsWith(`LS-${t}-`));
    const expected = mine.filter((v) => v.stock <= 2);
    expect(listed.map((i) => i.sku).sort()).toEqual(expected.map((v) => v.sku).sort());
    for (const item of listed) expect(item.stock).toBe(expected.find((v) => v.sku === item.sku)?.stock);
  });

  it('refuses a malformed cursor or one for another threshold with 400', async () => {
    const first = await api('GET', '/admin/inventory/low-stock?threshold=2&limit=1', { token: admin });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const other = await api('GET', `/admin/inventory/low-stock?threshold=3&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: admin });
    expect(other.status).toBe(400);
    expect((await api('GET', '/admin/inventory/low-stock?threshold=2&cursor=garbage', { token: admin })).status).toBe(400);
  });
});

describe('migration of items keyed before sharding', () => {
  it('moves old constant-keyed orders and variants into their shards, once', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const t = token();
    const categoryId = (await createCategory(admin, { name: `Migração ${t}` })).id;
    const sku = `MIG-${t}`;
    const product = await createProduct(admin, { name: `Migração ${t}`, categoryIds: [categoryId], variants: [{ sku, priceCents: 100, stock: 3 }] });
    await fillCart(user, [{ sku, quantity: 1 }]);
    const order = (await api('POST', '/orders', { token: user.accessToken, body: { addressId } })).body as Listed;
    // As the code before sharding wrote them.
    await setAttributes({ PK: `ORDER#${order.id}`, SK: 'ORDER' }, { GSI2PK: 'ORDERS#PENDING_PAYMENT', GSI3PK: 'PAYMENT_DUE' });
    await setAttributes({ PK: `SKU#${sku}`, SK: 'VARIANT' }, { GSI1PK: 'CATALOG', GSI4PK: 'INVENTORY' });
    await setAttributes({ PK: `PRODUCT#${product.id}`, SK: 'PRODUCT' }, { GSI1PK: 'CATALOG' });
    const at = encodeURIComponent(order.createdAt);
    const listed = async () => (await allPages<Listed>(`/admin/orders?status=PENDING_PAYMENT&from=${at}&to=${at}`, 10)).items.map((o) => o.id);
    const lowStock = async () => (await allPages<{ sku: string }>('/admin/inventory/low-stock?threshold=2', 100)).items.map((i) => i.sku);
    expect(await listed()).not.toContain(order.id);
    expect(await lowStock()).not.toContain(sku);

    const first = await migrateIndexShards(client(), process.env.TABLE_NAME as string);
    expect(first.invalid).toEqual([]);
    expect(first.moved).toBeGreaterThanOrEqual(4);
    expect(await listed()).toContain(order.id);
    expect(await lowStock()).toContain(sku);
    expect(await migrateIndexShards(client(), process.env.TABLE_NAME as string)).toEqual({ moved: 0, skipped: 0, invalid: [] });
  });
});

describe('unsettled payments over sharded GSI2 keys', () => {
  it('the reconciler\'s pages return every unsettled payment once, oldest first', async () => {
    inProcessAdapters();
    const { paymentRepository } = await import('#adapters/dynamodb/payments.js');
    const { unsettledSortKey } = await import('#domain/payments/records.js');
    // Created long ago, so only this test's `before` bound sees them; cancelled at the end so the
    // running reconciler never picks them up after.
    const t = token();
    const records = Array.from({ length: 45 }, (_, i) => ({
      paymentId: `PAGING-${t}-${String(i).padStart(2, '0')}`, orderId: `PAGING-${t}`, customerId: 'nobody', provider: 'sandbox' as const,
      providerPaymentId: `paging-${t}-${i}`, method: 'pix' as const, status: 'PENDING' as const, amountCents: 100, installments: null,
      declineReason: null, pix: null, card: null, note: null, createdAt: `2001-01-01T00:00:${String(i % 30).padStart(2, '0')}.000Z`, updatedAt: '2001-01-01T00:00:00.000Z',
    }));
    for (const record of records) await paymentRepository.create(record);
    try {
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 100; page++) {
        const due = (await paymentRepository.unsettled('2001-01-02', 7, after)).filter((p) => p.orderId === `PAGING-${t}`);
        seen.push(...due.map((p) => p.paymentId));
        if (due.length < 7) break;
        after = unsettledSortKey(due[due.length - 1]);
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...records].sort((a, b) => unsettledSortKey(a).localeCompare(unsettledSortKey(b))).map((r) => r.paymentId));
    } finally {
      for (const record of records) await paymentRepository.setStatus(record, 'PENDING', 'CANCELLED', { at: '2001-01-02T00:00:00.000Z' });
    }
  });
});
