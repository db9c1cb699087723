/**
 * Concurrency claims, proven with real parallel HTTP requests through the local gateway on
 * DynamoDB Local. (DynamoDB Local serialises transactions; conflict handling itself is unit-tested.)
 */
import { inBatches } from '../../local/harness.js';
import { adminToken, api, newCustomer, type TestUser } from '../helpers/api.js';
import { token } from '../helpers/catalog.js';
import { addressOf, fillCart, stockOf, stockedSku } from '../helpers/shop.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function shoppers(n: number): Promise<{ user: TestUser; addressId: string }[]> {
  return inBatches(n, 10, async () => {
    const user = await newCustomer();
    return { user, addressId: await addressOf(user) };
  });
}

it('50 customers ordering the last 10 units: exactly 10 orders, stock 0, the rest 409 OUT_OF_STOCK', async () => {
  const { sku, productId } = await stockedSku(admin, 10);
  const buyers = await shoppers(50);
  await inBatches(50, 10, (i) => fillCart(buyers[i].user, [{ sku, quantity: 1 }]).catch(() => undefined));
  // Carts were filled while stock lasted: only customers whose cart holds the SKU race for it.
  const results = await Promise.all(buyers.map((b) => api('POST', '/orders', { token: b.user.accessToken, body: { addressId: b.addressId } })));
  const created = results.filter((r) => r.status === 201);
  expect(created).toHaveLength(10);
  const refused = results.filter((r) => r.status !== 201);
  expect(refused.every((r) => r.status === 409 && r.body.error.code === 'OUT_OF_STOCK')).toBe(true);
  expect(refused.every((r) => r.body.error.details.every((d: { sku: string; available: number }) => d.sku === sku && d.available === 0))).toBe(true);
  expect(await stockOf(productId, sku)).toBe(0);
  expect(new Set(created.map((r) => r.body.id)).size).toBe(10);
});

it('a single-use coupon redeemed by 100 concurrent orders is used exactly once', async () => {
  const code = `UNICO${token()}`.toUpperCase();
  expect((await api('POST', '/admin/coupons', {
    token: admin, body: { code, type: 'fixed', value: 1_000, maxUses: 1, validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' },
  })).status).toBe(201);
  const { sku, productId } = await stockedSku(admin, 1_000, 5_000);
  const buyers = await shoppers(100);
  await inBatches(100, 10, async (i) => {
    await fillCart(buyers[i].user, [{ sku, quantity: 1 }]);
    const applied = await api('POST', '/cart/coupon', { token: buyers[i].user.accessToken, body: { code } });
    if (applied.status !== 200) throw new Error(`coupon: ${applied.status} ${applied.text}`);
  });
  const results = await Promise.all(buyers.map((b) => api('POST', '/orders', { token: b.user.accessToken, body: { addressId: b.addressId } })));
  const created = results.filter((r) => r.status === 201);
  expect(created).toHaveLength(1);
  expect(created[0].body.coupon).toEqual({ code, discountCents: 1_000 });
  expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'COUPON_EXHAUSTED')).toBe(true);
  expect(results.filter((r) => r.status === 409)).toHaveLength(99);
  // Losers reserved nothing: only one unit left the shelf.
  expect(await stockOf(productId, sku)).toBe(999);
});

it('a once-per-customer coupon double-submitted 20 times in parallel (distinct Idempotency-Keys) is redeemed once', async () => {
  const code = `UMAVEZ${token()}`.toUpperCase();
  expect((await api('POST', '/admin/coupons', {
    token: admin, body: { code, type: 'fixed', value: 700, perCustomerLimit: 1, validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' },
  })).status).toBe(201);
  const [{ user, addressId }] = await shoppers(1);
  const { sku, productId } = await stockedSku(admin, 100);
  await fillCart(user, [{ sku, quantity: 2 }]);
  expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code } })).status).toBe(200);

  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    api('POST', '/orders', { token: user.accessToken, body: { addressId }, headers: { 'idempotency-key': `twice-${i}-${token()}` } })));
  const created = results.filter((r) => r.status === 201);
  expect(created).toHaveLength(1);
  expect(created[0].body.coupon).toEqual({ code, discountCents: 700 });
  expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 && ['CART_CHANGED', 'COUPON_CUSTOMER_LIMIT_REACHED'].includes(r.body.error.code))).toBe(true);
  expect((await api('GET', `/admin/coupons/${code}`, { token: admin })).body).toMatchObject({ usedCount: 1 });
  expect(await stockOf(productId, sku)).toBe(98);

  // The limit holds for the customer's next cart too, at the cart and at checkout.
  await fillCart(user, [{ sku, quantity: 1 }]);
  const again = await api('POST', '/cart/coupon', { token: user.accessToken, body: { code } });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('COUPON_CUSTOMER_LIMIT_REACHED');
});

it('the same Idempotency-Key sent 10 times in parallel creates one order and replays it; another body is 422', async () => {
  const [{ user, addressId }] = await shoppers(1);
  const { sku, productId } = await stockedSku(admin, 5);
  await fillCart(user, [{ sku, quantity: 2 }]);
  const key = `checkout-${token()}`;
  const results = await Promise.all(Array.from({ length: 10 }, () =>
    api('POST', '/orders', { token: user.accessToken, body: { addressId }, headers: { 'idempotency-key': key } })));
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
  expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
  expect((await api('GET', '/orders', { token: user.accessToken })).body.items).toHaveLength(1);
  expect(await stockOf(productId, sku)).toBe(3);

  const otherAddress = await addressOf(user, { label: 'Trabalho', recipient: 'X', street: 'Rua B', number: '2', district: 'Centro', city: 'Rio de Janeiro', state: 'RJ', cep: '20040-002' });
  const reused = await api('POST', '/orders', { token: user.accessToken, body: { addressId: otherAddress }, headers: { 'idempotency-key': key } });
  expect(reused.status).toBe(422);
  expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

  const tooLong = await api('POST', '/orders', { token: user.accessToken, body: { addressId }, headers: { 'idempotency-key': 'k'.repeat(256) } });
  expect(tooLong.status).toBe(400);
});

it('an Idempotency-Key replays a refusal too, and keys of different customers never collide', async () => {
  const [a, b] = await shoppers(2);
  const key = `same-${token()}`;
  const empty = await api('POST', '/orders', { token: a.user.accessToken, body: { addressId: a.addressId }, headers: { 'idempotency-key': key } });
  expect(empty.status).toBe(400);
  const { sku } = await stockedSku(admin, 5);
  await fillCart(a.user, [{ sku, quantity: 1 }]);
  const replay = await api('POST', '/orders', { token: a.user.accessToken, body: { addressId: a.addressId }, headers: { 'idempotency-key': key } });
  expect(replay.status).toBe(400);
  expect(replay.body).toEqual(empty.body);

  await fillCart(b.user, [{ sku, quantity: 1 }]);
  const other = await api('POST', '/orders', { token: b.user.accessToken, body: { addressId: b.addressId }, headers: { 'idempotency-key': key } });
  expect(other.status).toBe(201);
});

it('one cart, one order: 20 parallel POST /orders without a key make exactly one order, the rest 409 CART_CHANGED, stock taken once', async () => {
  const [{ user, addressId }] = await shoppers(1);
  const { sku, productId } = await stockedSku(admin, 100);
  await fillCart(user, [{ sku, quantity: 3 }]);
  const results = await Promise.all(Array.from({ length: 20 }, () => api('POST', '/orders', { token: user.accessToken, body: { addressId } })));
  const created = results.filter((r) => r.status === 201);
  expect(created).toHaveLength(1);
  const refused = results.filter((r) => r.status !== 201);
  expect(refused.map((r) => `${r.status} ${r.body.error?.code}`)).toEqual(Array(19).fill('409 CART_CHANGED'));
  // Whoever lost learns which order the cart became.
  expect(refused.every((r) => r.body.error.details[0]?.orderId === created[0].body.id)).toBe(true);
  expect((await api('GET', '/orders', { token: user.accessToken })).body.items).toHaveLength(1);
  expect(await stockOf(productId, sku)).toBe(97);
  expect((await api('GET', '/cart', { token: user.accessToken })).body.items).toEqual([]);
});
