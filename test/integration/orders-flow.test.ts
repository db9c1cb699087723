import { adminToken, api, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { token } from '../helpers/catalog.js';
import { addressOf, fillCart, setClock, stockOf, stockedSku } from '../helpers/shop.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function publishedFor(orderId: string): Promise<string[]> {
  const events = (await api('GET', '/_local/events')).body.items as { 'detail-type': string; detail: { data: { orderId: string }; metadata: { id: string } } }[];
  return events.filter((e) => e.detail.data.orderId === orderId).map((e) => e['detail-type']).reverse();
}

describe('cart', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await newCustomer();
  });

  it('prices lines from the catalog, ignores client prices, quotes shipping by CEP', async () => {
    const { sku } = await stockedSku(admin, 10, 12_345, 1_500);
    const added = await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity: 2, unitPriceCents: 1, priceCents: 1, totalCents: 1 } });
    expect(added.status).toBe(200);
    const line = added.body.items.find((i: { sku: string }) => i.sku === sku);
    expect(line).toMatchObject({ itemId: sku, quantity: 2, unitPriceCents: 12_345, lineTotalCents: 24_690, available: 10 });

    const withShipping = await api('GET', '/cart?cep=69900-000', { token: user.accessToken });
    expect(withShipping.body.shipping).toMatchObject({ uf: 'AC', region: 'Norte', minDays: expect.any(Number), source: 'table', serviceId: null });
    expect(withShipping.body.shipping.options).toEqual([expect.objectContaining({ serviceId: null, priceCents: withShipping.body.shipping.priceCents })]);
    expect(withShipping.body.shippingCents).toBe(withShipping.body.shipping.priceCents);
    expect(withShipping.body.totalCents).toBe(withShipping.body.subtotalCents - withShipping.body.discountCents + withShipping.body.shippingCents);

    const more = await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity: 9 } });
    expect(more.status).toBe(409);
    expect(more.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ sku, requested: 11, available: 10 }] });

    expect((await api('PUT', `/cart/${sku}`, { token: user.accessToken, body: { quantity: 0 } })).body.items.some((i: { sku: string }) => i.sku === sku)).toBe(false);
    expect((await api('DELETE', `/cart/${sku}`, { token: user.accessToken })).status).toBe(404);
  });

  it.each([[0], [100], [1.5], [-1], ['2']])('refuses quantity %p with 400', async (quantity) => {
    const { sku } = await stockedSku(admin, 10);
    const response = await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('quantity');
  });

  it('is 404 for an unknown SKU and 401 without a token', async () => {
    expect((await api('POST', '/cart', { token: user.accessToken, body: { sku: 'NOPE-404', quantity: 1 } })).status).toBe(404);
    expect((await api('GET', '/cart')).status).toBe(401);
  });
});

describe('coupons', () => {
  const window = { validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' };

  it('applies a percent coupon with floor rounding and explains why another does not apply', async () => {
    const user = await newCustomer();
    const { sku } = await stockedSku(admin, 10, 9_999);
    await fillCart(user, [{ sku, quantity: 1 }]);
    const code = `DEZ${token()}`.toUpperCase();
    expect((await api('POST', '/admin/coupons', { token: admin, body: { code, type: 'percent', value: 10, ...window } })).status).toBe(201);
    const applied = await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: code.toLowerCase() } });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ subtotalCents: 9_999, discountCents: 999, coupon: { code, applied: true } });

    const minimum = `MIN${token()}`.toUpperCase();
    await api('POST', '/admin/coupons', { token: admin, body: { code: minimum, type: 'fixed', value: 500, minSubtotalCents: 50_000, ...window } });
    const below = await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: minimum } });
    expect(below.status).toBe(409);
    expect(below.body.error.code).toBe('COUPON_BELOW_MINIMUM');

    const expired = `OLD${token()}`.toUpperCase();
    await api('POST', '/admin/coupons', { token: admin, body: { code: expired, type: 'fixed', value: 500, validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' } });
    expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: expired } })).body.error.code).toBe('COUPON_EXPIRED');
    expect((await api('POST', '/cart/coupon', { token: user.accessToken, body: { code: 'NAOEXISTE' } })).body.error.code).toBe('COUPON_NOT_FOUND');
    expect((await api('DELETE', '/cart/coupon', { token: user.accessToken })).body.coupon).toBeNull();
  });

  it('refuses a duplicate coupon code and a customer creating coupons', async () => {
    const code = `DUP${token()}`.toUpperCase();
    const body = { code, type: 'fixed', value: 100, ...window };
    expect((await api('POST', '/admin/coupons', { token: admin, body })).status).toBe(201);
    expect((await api('POST', '/admin/coupons', { token: admin, body })).status).toBe(409);
    const customer = await newCustomer();
    expect((await api('POST', '/admin/coupons', { token: customer.accessToken, body })).status).toBe(403);
    expect((await api('POST', '/admin/coupons', { token: admin, body: { ...body, code: 'X1', type: 'percent', value: 150 } })).status).toBe(400);
  });
});

describe('order lifecycle', () => {
  it('cart -> order -> paid -> shipped -> delivered, with stock reserved, cart emptied, timeline and events', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const a = await stockedSku(admin, 5, 20_000);
    const b = await stockedSku(admin, 3, 5_000);
    await fillCart(user, [{ sku: a.sku, quantity: 2 }, { sku: b.sku, quantity: 1 }]);

    const created = await api('POST', '/orders', { token: user.accessToken, body: { addressId, totalCents: 1, status: 'PAID', customerId: 'someone' } });
    expect(created.status).toBe(201);
    const order = created.body;
    expect(order).toMatchObject({
      status: 'PENDING_PAYMENT', customerId: user.userId, subtotalCents: 45_000, discountCents: 0,
      items: [
        { sku: a.sku, quantity: 2, unitPriceCents: 20_000, lineTotalCents: 40_000 },
        { sku: b.sku, quantity: 1, unitPriceCents: 5_000, lineTotalCents: 5_000 },
      ],
      address: { id: addressId, cep: '01310100' },
    });
    expect(order.totalCents).toBe(45_000 + order.shippingCents);
    expect(Date.parse(order.paymentDeadline) - Date.parse(order.createdAt)).toBe(30 * 60_000);
    expect(await stockOf(a.productId, a.sku)).toBe(3);
    expect(await stockOf(b.productId, b.sku)).toBe(2);
    expect((await api('GET', '/cart', { token: user.accessToken })).body.items).toEqual([]);

    const mine = await api('GET', '/orders', { token: user.accessToken });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);

    const early = await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'DELIVERED' } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');

    // Paid the way a customer pays: a sandbox card token, approved and re-checked with the provider.
    const card = await api('POST', '/_local/sandbox/cards', { body: { number: '4111111111111111', expMonth: 12, expYear: 2031, cvc: '123', holder: 'ANA SOUZA' } });
    const paid = await api('POST', `/orders/${order.id}/payments`, { token: user.accessToken, body: { method: 'card', cardToken: card.body.cardToken, installments: 1 } });
    expect(paid.body.status).toBe('APPROVED');
    const shipped = await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'SHIPPED', carrier: 'Correios', trackingCode: 'BR123456789BR' } });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'SHIPPED', carrier: 'Correios', trackingCode: 'BR123456789BR' });
    expect((await api('DELETE', `/orders/${order.id}`, { token: user.accessToken })).status).toBe(409);
    expect((await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'DELIVERED' } })).body.status).toBe('DELIVERED');

    const tracking = await api('GET', `/orders/${order.id}/tracking`, { token: user.accessToken });
    expect(tracking.body).toMatchObject({ status: 'DELIVERED', carrier: 'Correios', trackingCode: 'BR123456789BR' });
    expect(tracking.body.events.map((e: { status: string }) => e.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED']);
    expect(tracking.body.events[2].description).toBe('Pedido enviado');

    await eventually(async () => ((await publishedFor(order.id)).length === 5 ? true : undefined));
    const published = await publishedFor(order.id);
    expect(published.filter((name) => name.startsWith('Order'))).toEqual(['OrderCreated', 'OrderPaid', 'OrderShipped', 'OrderDelivered']);
    expect(published.filter((name) => name.startsWith('Payment'))).toEqual(['PaymentCreated']);

    // The customer hears about each step, in pt-BR, once.
    const emails = await eventually(async () => {
      const items = (await api('GET', `/_local/outbox?to=${encodeURIComponent(user.email)}`)).body.items as { type: string; subject: string; body: string }[];
      const orderMails = items.filter((m) => m.type.startsWith('order-')).reverse();
      return orderMails.length >= 4 ? orderMails : undefined;
    });
    // Events are delivered concurrently, as EventBridge does: no order between the emails is promised.
    const byType = new Map(emails.map((m) => [m.type, m]));
    expect([...byType.keys()].sort()).toEqual(['order-delivered', 'order-paid', 'order-placed', 'order-shipped']);
    expect(emails).toHaveLength(4);
    expect(byType.get('order-placed')?.subject).toBe(`Recebemos seu pedido ${order.id.slice(-8).toUpperCase()}`);
    expect(byType.get('order-placed')?.body).toContain('R$ 450,');
    expect(byType.get('order-shipped')?.body).toContain('BR123456789BR');

    const adminList = await api('GET', '/admin/orders?status=DELIVERED&limit=100', { token: admin });
    expect(adminList.body.items.map((o: { id: string }) => o.id)).toContain(order.id);
    expect((await api('GET', '/admin/orders?status=BOGUS', { token: admin })).status).toBe(400);
  });

  it('validates the order request: empty cart 400, unknown address 400', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    expect((await api('POST', '/orders', { token: user.accessToken, body: { addressId } })).body.error.details[0].field).toBe('cart');
    const { sku } = await stockedSku(admin, 5);
    await fillCart(user, [{ sku, quantity: 1 }]);
    const other = await newCustomer();
    const foreignAddress = await addressOf(other);
    const response = await api('POST', '/orders', { token: user.accessToken, body: { addressId: foreignAddress } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('addressId');
  });

  it('never shows, cancels or tracks another customer\'s order (404)', async () => {
    const [ana, bruno] = await Promise.all([newCustomer(), newCustomer()]);
    const addressId = await addressOf(ana);
    const { sku } = await stockedSku(admin, 5);
    await fillCart(ana, [{ sku, quantity: 1 }]);
    const order = (await api('POST', '/orders', { token: ana.accessToken, body: { addressId } })).body;
    for (const [method, path] of [['GET', `/orders/${order.id}`], ['DELETE', `/orders/${order.id}`], ['GET', `/orders/${order.id}/tracking`]]) {
      const response = await api(method, path, { token: bruno.accessToken });
      expect(response.status).toBe(404);
    }
    expect((await api('GET', '/orders', { token: bruno.accessToken })).body.items).toEqual([]);
    expect((await api('GET', `/orders/${order.id}`, { token: admin })).status).toBe(200);
    expect((await api('PUT', `/orders/${order.id}`, { token: ana.accessToken, body: { status: 'DELIVERED' } })).status).toBe(403);
  });

  it('cancelling a pending order releases its stock once; the account cannot be deleted while it was open', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const { sku, productId } = await stockedSku(admin, 4);
    await fillCart(user, [{ sku, quantity: 3 }]);
    const order = (await api('POST', '/orders', { token: user.accessToken, body: { addressId } })).body;
    expect(await stockOf(productId, sku)).toBe(1);
    const deletion = await api('DELETE', '/me', { token: user.accessToken });
    expect(deletion.status).toBe(409);
    expect(deletion.body.error.code).toBe('OPEN_ORDERS');

    const [first, second] = await Promise.all([
      api('DELETE', `/orders/${order.id}`, { token: user.accessToken }),
      api('DELETE', `/orders/${order.id}`, { token: admin }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(await stockOf(productId, sku)).toBe(4);
    expect((await api('GET', `/orders/${order.id}`, { token: user.accessToken })).body.status).toBe('CANCELLED');
    expect((await api('DELETE', '/me', { token: user.accessToken })).status).toBe(204);
  });

  it('an unpaid order expires at its deadline and releases its stock exactly once', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const { sku, productId } = await stockedSku(admin, 2);
    await fillCart(user, [{ sku, quantity: 2 }]);
    const order = (await api('POST', '/orders', { token: user.accessToken, body: { addressId } })).body;
    expect(await stockOf(productId, sku)).toBe(0);
    try {
      await setClock(new Date(Date.parse(order.paymentDeadline) - 60_000).toISOString());
      await api('POST', '/_local/schedules/order-expiry/run');
      expect((await api('GET', `/orders/${order.id}`, { token: user.accessToken })).body.status).toBe('PENDING_PAYMENT');

      await setClock(new Date(Date.parse(order.paymentDeadline) + 1_000).toISOString());
      const runs = await Promise.all([1, 2, 3].map(() => api('POST', '/_local/schedules/order-expiry/run')));
      expect(runs.every((r) => r.status === 200)).toBe(true);
      await api('POST', '/_local/schedules/order-expiry/run');
    } finally {
      await setClock();
    }
    expect((await api('GET', `/orders/${order.id}`, { token: user.accessToken })).body.status).toBe('EXPIRED');
    expect(await stockOf(productId, sku)).toBe(2);
    expect((await api('DELETE', `/orders/${order.id}`, { token: user.accessToken })).status).toBe(409);
    await eventually(async () => ((await publishedFor(order.id)).includes('OrderExpired') ? true : undefined));
  });
});
