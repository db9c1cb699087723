/**
 * Coupon management through the local gateway: list with usage counts, update, disable, delete only
 * when never redeemed, first-purchase-only and product/category scopes, at the cart and at checkout.
 */
import { adminToken, api, newCustomer, type TestUser } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';

const WINDOW = { validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' };
let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const newCode = (prefix: string) => `${prefix}${token()}`.toUpperCase();

async function createCoupon(body: Record<string, unknown>): Promise<string> {
  const response = await api('POST', '/admin/coupons', { token: admin, body: { type: 'percent', value: 10, ...WINDOW, ...body } });
  if (response.status !== 201) throw new Error(`coupon: ${response.status} ${response.text}`);
  return response.body.code;
}

async function order(user: TestUser): Promise<{ status: number; body: { id: string; discountCents: number; error?: { code: string } } }> {
  return api('POST', '/orders', { token: user.accessToken, body: { addressId: await addressOf(user) } });
}

it('lists coupons a page at a time with their usage counts; a bad cursor is 400', async () => {
  const codes = [await createCoupon({ code: newCode('LISTA'), maxUses: 5 }), await createCoupon({ code: newCode('LISTB') })];
  const seen = new Map<string, { usedCount: number; remainingUses: number | null; status: string }>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { status: number; body: { items: { code: string; usedCount: number; remainingUses: number | null; status: string }[]; nextCursor: string | null } } =
      await api('GET', `/admin/coupons?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    for (const item of page.body.items) {
      expect(seen.has(item.code)).toBe(false);
      seen.set(item.code, item);
    }
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 500);
  expect(seen.get(codes[0])).toMatchObject({ usedCount: 0, remainingUses: 5, status: 'active' });
  expect(seen.get(codes[1])).toMatchObject({ usedCount: 0, remainingUses: null });
  // sorted by code
  expect([...seen.keys()]).toEqual([...seen.keys()].sort());

  expect((await api('GET', '/admin/coupons?cursor=bm90LWEta2V5', { token: admin })).status).toBe(400);
  expect((await api('GET', '/admin/coupons?limit=101', { token: admin })).status).toBe(400);
  const customer = await newCustomer();
  expect((await api('GET', '/admin/coupons', { token: customer.accessToken })).status).toBe(403);
});

it('counts redemptions, refuses to delete a redeemed coupon (409) and deletes an unused one', async () => {
  const code = await createCoupon({ code: newCode('USO'), type: 'fixed', value: 500, maxUses: 10 });
  const unused = await createCoupon({ code: newCode('NUNCA') });
  const user = await newCustomer();
  const { sku } = await stockedSku(admin, 5);
  await fillCart(user, [{ sku, quantity: 1 }]);
  expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code } })).status).toBe(200);
  const placed = await order(user);
  expect(placed.status).toBe(201);
  expect(placed.body.discountCents).toBe(500);

  expect((await api('GET', `/admin/coupons/${code}`, { token: admin })).body).toMatchObject({ usedCount: 1, remainingUses: 9 });
  const refused = await api('DELETE', `/admin/coupons/${code}`, { token: admin });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('COUPON_USED');
  expect((await api('GET', `/admin/coupons/${code}`, { token: admin })).status).toBe(200);

  expect((await api('DELETE', `/admin/coupons/${unused}`, { token: admin })).status).toBe(204);
  expect((await api('GET', `/admin/coupons/${unused}`, { token: admin })).status).toBe(404);
  expect((await api('DELETE', `/admin/coupons/${unused}`, { token: admin })).status).toBe(404);
});

it('a disabled coupon applies nowhere, also when it was already in the cart at checkout; enabled again it applies', async () => {
  const code = await createCoupon({ code: newCode('PAUSA') });
  const user = await newCustomer();
  const { sku } = await stockedSku(admin, 5, 10_000);
  await fillCart(user, [{ sku, quantity: 1 }]);
  expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code } })).body.discountCents).toBe(1_000);

  const disabled = await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { status: 'disabled' } });
  expect(disabled.status).toBe(200);
  expect(disabled.body).toMatchObject({ status: 'disabled', value: 10 });
  expect((await api('GET', '/cart', { token: user.accessToken })).body.coupon).toMatchObject({ applied: false, reason: 'DISABLED' });
  const checkout = await order(user);
  expect(checkout.status).toBe(409);
  expect(checkout.body.error?.code).toBe('COUPON_DISABLED');
  expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code } })).body.error.code).toBe('COUPON_DISABLED');

  expect((await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { status: 'active', value: 20 } })).status).toBe(200);
  const placed = await order(user);
  expect(placed.status).toBe(201);
  expect(placed.body.discountCents).toBe(2_000);
});

it('updates validate the coupon as a whole: 400 for a bad merge, 404 for an unknown code, 403 for a customer', async () => {
  const code = await createCoupon({ code: newCode('EDITA'), maxUses: 3 });
  const inverted = await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { validUntil: '2019-01-01T00:00:00Z' } });
  expect(inverted.status).toBe(400);
  expect(inverted.body.error.details).toEqual([{ field: 'validUntil', message: 'validUntil must be after validFrom' }]);
  expect((await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { value: 101 } })).status).toBe(400);
  expect((await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { status: 'paused' } })).status).toBe(400);
  expect((await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { scope: {} } })).status).toBe(400);
  expect((await api('PATCH', '/admin/coupons/NAOEXISTE', { token: admin, body: { value: 5 } })).status).toBe(404);
  const customer = await newCustomer();
  expect((await api('PATCH', `/admin/coupons/${code}`, { token: customer.accessToken, body: { value: 5 } })).status).toBe(403);

  const cleared = await api('PATCH', `/admin/coupons/${code}`, { token: admin, body: { maxUses: null, perCustomerLimit: 2, minSubtotalCents: 100 } });
  expect(cleared.body).toMatchObject({ maxUses: null, remainingUses: null, perCustomerLimit: 2, minSubtotalCents: 100 });
  expect((await api('GET', `/admin/coupons/${code}`, { token: admin })).body).toMatchObject({ maxUses: null, perCustomerLimit: 2 });
});

it('a first-purchase coupon is refused to a customer who ordered before', async () => {
  const code = await createCoupon({ code: newCode('PRIMEIRA'), firstPurchaseOnly: true });
  const { sku } = await stockedSku(admin, 10);
  const newcomer = await newCustomer();
  await fillCart(newcomer, [{ sku, quantity: 1 }]);
  expect((await api('POST', '/cart/coupon', { token: newcomer.accessToken, body: { code } })).status).toBe(200);
  expect((await order(newcomer)).status).toBe(201);

  await fillCart(newcomer, [{ sku, quantity: 1 }]);
  const again = await api('POST', '/cart/coupon', { token: newcomer.accessToken, body: { code } });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('COUPON_FIRST_PURCHASE_ONLY');
});

it('a scoped coupon discounts only the lines of its products or categories', async () => {
  const phones = await createCategory(admin, { name: `Celulares ${token()}` });
  const books = await createCategory(admin, { name: `Livros ${token()}` });
  const phone = await createProduct(admin, { name: `Celular ${token()}`, categoryIds: [phones.id], variants: [{ sku: `CEL-${token()}`, priceCents: 100_000, stock: 5 }] });
  const book = await createProduct(admin, { name: `Livro ${token()}`, categoryIds: [books.id], variants: [{ sku: `LIV-${token()}`, priceCents: 5_000, stock: 5 }] });
  const byCategory = await createCoupon({ code: newCode('CELULAR'), value: 10, scope: { categoryIds: [phones.id] } });
  const byProduct = await createCoupon({ code: newCode('LIVRO'), type: 'fixed', value: 50_000, scope: { productIds: [book.id] } });

  const user = await newCustomer();
  await fillCart(user, [{ sku: book.variants[0].sku, quantity: 1 }]);
  const notApplicable = await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: byCategory } });
  expect(notApplicable.status).toBe(409);
  expect(notApplicable.body.error.code).toBe('COUPON_NOT_APPLICABLE');

  await fillCart(user, [{ sku: phone.variants[0].sku, quantity: 1 }]);
  expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: byCategory } })).body).toMatchObject({ subtotalCents: 105_000, discountCents: 10_000 });
  // a fixed coupon on the book takes at most the book's line
  expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: byProduct } })).body).toMatchObject({ discountCents: 5_000 });
  const placed = await order(user);
  expect(placed.status).toBe(201);
  expect(placed.body.discountCents).toBe(5_000);
});
