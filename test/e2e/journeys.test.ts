/**
 * The testers' path (docs/testing.md): the shopper's whole journey, black box, against any API_URL
 * of a test stage — the local stack in `npm test`, a deployed test stage or LocalStack with
 * `npm run test:e2e`. It needs only the URL, admin credentials and the stage's test secret, and
 * none of the local stack's /_local endpoints (test/e2e/client.ts refuses them): sign-ups at the
 * stage's test domain need no code (the PreSignUp test hook), the payer and the carrier are played
 * through the signed /test-hooks routes.
 *
 * What it creates is identifiable and left harmless: customers at the test domain, one product named
 * "Café Especial E2E <run>" (stock set to 0 at the end), one coupon E2E<run> (disabled at the end).
 */
import { call, eventually, expectStatus, hook, liveFeed, type Reply, runId, target } from './client.js';

const run = runId();
const PASSWORD = 'Segura#2026';
const ADDRESS = { label: 'Casa', recipient: 'Cliente E2E', street: 'Av. Paulista', number: '1000', district: 'Bela Vista', city: 'São Paulo', state: 'SP', cep: '01310-100' };
const APPROVING_CARD = '4111111111111111';
const DECLINING_CARD = '4000000000000002';

interface Customer { email: string; userId: string; accessToken: string; refreshToken: string; addressId?: string }

let emailDomain: string;
let admin: string;
let productId: string;
let sku: string;
let coupon: string;
let ana: Customer;
let bruno: Customer;
/** Ana's orders: paid by Pix then shipped; paid by card then cancelled. */
let pixOrderId: string;
let cardOrderId: string;

async function login(email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const reply = await call('POST', '/login', { body: { email, password } });
  expectStatus(reply, 200);
  return reply.body;
}

/** Registers at the stage's test domain and logs in at once: no confirmation code to read. */
async function newCustomer(name: string): Promise<Customer> {
  const email = `${name.toLowerCase()}-${run}@${emailDomain}`;
  const registered = await call('POST', '/register', { body: { email, password: PASSWORD, name: `${name} E2E` } });
  expectStatus(registered, 201);
  return { email, userId: registered.body.userId, ...(await login(email, PASSWORD)) };
}

async function addAddress(customer: Customer): Promise<string> {
  const reply = await call('POST', '/me/addresses', { token: customer.accessToken, body: ADDRESS });
  expectStatus(reply, 201);
  return reply.body.id;
}

async function placeOrder(customer: Customer, quantity: number): Promise<{ id: string; totalCents: number; discountCents: number; subtotalCents: number; shippingCents: number; status: string }> {
  expectStatus(await call('POST', '/cart', { token: customer.accessToken, body: { sku, quantity } }), 200);
  const order = await call('POST', '/orders', { token: customer.accessToken, body: { addressId: customer.addressId }, headers: { 'idempotency-key': `e2e-${run}-${Date.now()}` } });
  expectStatus(order, 201);
  return order.body;
}

async function cardToken(number: string): Promise<string> {
  const reply = await hook('POST /test-hooks/sandbox/cards', { number, expMonth: 12, expYear: new Date().getFullYear() + 3, cvc: '123', holder: 'CLIENTE E2E' });
  expectStatus(reply, 201);
  return reply.body.cardToken;
}

const orderStatus = async (customer: Customer, orderId: string) => (await call('GET', `/orders/${orderId}`, { token: customer.accessToken })).body.status as string;

beforeAll(async () => {
  const stage = await hook('GET /test-hooks');
  expectStatus(stage, 200);
  emailDomain = stage.body.emailDomain;
  admin = (await login(target().adminEmail, target().adminPassword)).accessToken;

  const categories = await call('GET', '/categories');
  expectStatus(categories, 200);
  let categoryId: string | undefined = categories.body.items?.[0]?.id ?? categories.body[0]?.id;
  if (!categoryId) {
    const created = await call('POST', '/categories', { token: admin, body: { name: `E2E ${run}` } });
    expectStatus(created, 201);
    categoryId = created.body.id as string;
  }
  sku = `E2E-${run}`;
  const product = await call('POST', '/products', {
    token: admin,
    body: {
      name: `Café Especial E2E ${run}`, description: '<p>Produto do teste e2e</p>', brand: 'E2E', categoryIds: [categoryId],
      variants: [{ sku, attributes: { peso: '500 g' }, priceCents: 5_000, stock: 50, weightGrams: 500 }],
    },
  });
  expectStatus(product, 201);
  productId = product.body.id;

  coupon = `E2E${run}`.toUpperCase();
  const now = Date.now();
  expectStatus(await call('POST', '/admin/coupons', {
    token: admin,
    body: { code: coupon, type: 'percent', value: 10, validFrom: new Date(now - 60_000).toISOString(), validUntil: new Date(now + 86_400_000).toISOString() },
  }), 201);
});

afterAll(async () => {
  // Orders reference the product (it cannot be deleted) and the coupon was redeemed: leave both unusable.
  if (admin && productId) await call('PUT', `/products/${productId}/variants/${sku}/stock`, { token: admin, body: { stock: 0 } });
  if (admin && coupon) await call('PATCH', `/admin/coupons/${coupon}`, { token: admin, body: { status: 'disabled' } });
});

describe('the shopper', () => {
  it('registers without a mailbox (test domain), logs in, keeps a profile and an address', async () => {
    ana = await newCustomer('Ana');
    const again = await call('POST', '/register', { body: { email: ana.email, password: PASSWORD, name: 'Ana E2E' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');

    const me = await call('GET', '/me', { token: ana.accessToken });
    expectStatus(me, 200);
    expect(me.body).toMatchObject({ userId: ana.userId, email: ana.email, name: 'Ana E2E' });
    const patched = await call('PATCH', '/me', { token: ana.accessToken, body: { name: 'Ana Souza E2E', phone: '+5511987654321' } });
    expectStatus(patched, 200);
    expect(patched.body).toMatchObject({ name: 'Ana Souza E2E', phone: '+5511987654321' });

    ana.addressId = await addAddress(ana);
    const addresses = await call('GET', '/me/addresses', { token: ana.accessToken });
    expectStatus(addresses, 200);
    expect(addresses.body.items.map((a: { id: string }) => a.id)).toContain(ana.addressId);
  });

  it('finds the product without its accents ("cafe" finds "Café")', async () => {
    const found = await eventually('the new product in search', async () => {
      const reply = await call('GET', `/products?q=${encodeURIComponent(`cafe especial ${run}`)}`);
      expectStatus(reply, 200);
      return reply.body.items.find((p: { id: string }) => p.id === productId);
    });
    expect(found.name).toBe(`Café Especial E2E ${run}`);
  });

  it('fills a cart, applies a coupon, gets a shipping quote and orders', async () => {
    expectStatus(await call('POST', '/cart', { token: ana.accessToken, body: { sku, quantity: 2 } }), 200);
    const withCoupon = await call('POST', '/cart/coupon', { token: ana.accessToken, body: { code: coupon.toLowerCase() } });
    expectStatus(withCoupon, 200);
    expect(withCoupon.body).toMatchObject({ subtotalCents: 10_000, discountCents: 1_000 });
    const quoted = await call('GET', '/cart?cep=01310100', { token: ana.accessToken });
    expectStatus(quoted, 200);
    expect(quoted.body.shippingCents).toBeGreaterThan(0);
    expect(quoted.body.totalCents).toBe(10_000 - 1_000 + quoted.body.shippingCents);

    const order = await call('POST', '/orders', { token: ana.accessToken, body: { addressId: ana.addressId }, headers: { 'idempotency-key': `e2e-${run}-pix` } });
    expectStatus(order, 201);
    expect(order.body).toMatchObject({ status: 'PENDING_PAYMENT', subtotalCents: 10_000, discountCents: 1_000 });
    expect(order.body.totalCents).toBe(order.body.subtotalCents - order.body.discountCents + order.body.shippingCents);
    pixOrderId = order.body.id;
    expect((await call('GET', '/cart', { token: ana.accessToken })).body.items).toEqual([]);
  });

  it('pays by Pix and the order becomes PAID when the payer pays, live on the WebSocket too', async () => {
    const live = await liveFeed(ana.accessToken);
    const started = await call('POST', `/orders/${pixOrderId}/payments`, { token: ana.accessToken, body: { method: 'pix' } });
    expectStatus(started, 201);
    expect(started.body).toMatchObject({ method: 'pix', status: 'PENDING' });
    expect(started.body.pix.copyPaste).toMatch(/^000201/);
    expect(await orderStatus(ana, pixOrderId)).toBe('PENDING_PAYMENT');

    const paid = await hook('POST /test-hooks/sandbox/pix-payments', { paymentId: started.body.paymentId });
    expectStatus(paid, 200);
    expect(paid.body).toMatchObject({ status: 'approved', outcome: 'applied' });
    expect(await eventually('the order PAID', async () => ((await orderStatus(ana, pixOrderId)) === 'PAID' ? true : undefined))).toBe(true);
    try {
      const pushed = await eventually('order.status PAID on the socket', async () =>
        live.messages.find((m) => m.type === 'order.status' && m.orderId === pixOrderId && m.status === 'PAID'));
      expect(pushed).toMatchObject({ previousStatus: 'PENDING_PAYMENT' });
    } finally {
      live.close();
    }
  });

  it('follows the shipment: the carrier\'s events make the order SHIPPED, then DELIVERED', async () => {
    const shipment = await call('POST', `/admin/orders/${pixOrderId}/shipments`, { token: admin, body: {} });
    expectStatus(shipment, 201);
    expect(shipment.body.trackingCode).toMatch(/^[A-Z]{2}\d{9}BR$/);
    for (const code of ['POSTED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
      const played = await hook('POST /test-hooks/sandbox/tracking-events', { shipmentId: shipment.body.shipmentId, code });
      expectStatus(played, 200);
      expect(played.body.outcome).toBe('recorded');
    }
    const tracking = await call('GET', `/orders/${pixOrderId}/tracking`, { token: ana.accessToken });
    expectStatus(tracking, 200);
    expect(tracking.body.status).toBe('DELIVERED');
    expect(tracking.body.events.map((e: { status: string }) => e.status)).toEqual(expect.arrayContaining(['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED']));
  });

  it('pays by card: a declined card, then an approved one', async () => {
    cardOrderId = (await placeOrder(ana, 1)).id;
    const declined = await call('POST', `/orders/${cardOrderId}/payments`, { token: ana.accessToken, body: { method: 'card', cardToken: await cardToken(DECLINING_CARD), installments: 1 } });
    expectStatus(declined, 201);
    expect(declined.body.status).toBe('DECLINED');
    expect(declined.body.declineReason).toEqual(expect.any(String));
    expect(await orderStatus(ana, cardOrderId)).toBe('PENDING_PAYMENT');

    const approved = await call('POST', `/orders/${cardOrderId}/payments`, { token: ana.accessToken, body: { method: 'card', cardToken: await cardToken(APPROVING_CARD), installments: 1 } });
    expectStatus(approved, 201);
    expect(approved.body.status).toBe('APPROVED');
    expect(await orderStatus(ana, cardOrderId)).toBe('PAID');
  });

  it('cancels a paid order and gets the money back', async () => {
    const cancelled = await call('DELETE', `/orders/${cardOrderId}`, { token: ana.accessToken });
    expectStatus(cancelled, 200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const refunded = await eventually('the card payment refunded', async () => {
      const payments = await call('GET', `/orders/${cardOrderId}/payments`, { token: ana.accessToken });
      expectStatus(payments, 200);
      return payments.body.items.find((p: { status: string }) => p.status === 'REFUNDED');
    });
    expect(refunded.method).toBe('card');
    expect((await call('DELETE', `/orders/${pixOrderId}`, { token: ana.accessToken })).status).toBe(409);
  });

  it('claims one flash-sale unit, and only one per window', async () => {
    bruno = await newCustomer('Bruno');
    bruno.addressId = await addAddress(bruno);
    const current = await call('GET', '/flash-sales/current');
    expectStatus(current, 200);
    if (current.body.status !== 'OPEN') {
      throw new Error(`The stage's flash sale has no open window with units (${current.body.status}); seed one with POST /admin/flash-sales and run again`);
    }
    const claim = () => call('POST', '/flash-sales/current/claims', { token: bruno.accessToken, body: {} });
    const won = await claim();
    expectStatus(won, 201);
    expect(won.body.priceCents).toBe(current.body.priceCents);
    expect(await orderStatus(bruno, won.body.orderId)).toBe('PENDING_PAYMENT');
    const again = await claim();
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_CLAIMED');
  });

  it('keeps other customers out of an order (404, never 403) and customers out of admin routes (403)', async () => {
    for (const [method, path, body] of [
      ['GET', `/orders/${pixOrderId}`, undefined],
      ['GET', `/orders/${pixOrderId}/tracking`, undefined],
      ['GET', `/orders/${pixOrderId}/payments`, undefined],
      ['POST', `/orders/${pixOrderId}/payments`, { method: 'pix' }],
      ['DELETE', `/orders/${cardOrderId}`, undefined],
      ['PUT', `/me/addresses/${ana.addressId}`, ADDRESS],
    ] as const) {
      const reply = await call(method, path, { token: bruno.accessToken, body });
      expect({ method, path, status: reply.status, code: reply.body?.error?.code }).toEqual({ method, path, status: 404, code: 'NOT_FOUND' });
    }
    expect((await call('GET', '/orders', { token: bruno.accessToken })).body.items.map((o: { id: string }) => o.id)).not.toContain(pixOrderId);
    for (const [method, path, body] of [
      ['GET', '/admin/orders', undefined],
      ['POST', '/products', { name: 'x', description: 'x', categoryIds: [], variants: [] }],
      ['PUT', `/products/${productId}/variants/${sku}/stock`, { stock: 1000 }],
      ['POST', `/admin/orders/${pixOrderId}/shipments`, {}],
      ['POST', '/admin/coupons', { code: 'HACK', type: 'percent', value: 100, validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' }],
    ] as const) {
      const reply = await call(method, path, { token: bruno.accessToken, body });
      expect({ method, path, status: reply.status }).toEqual({ method, path, status: 403 });
    }
  });

  it('refuses test hooks without the stage\'s signature (401)', async () => {
    const unsigned = await call('POST', '/test-hooks/sandbox/cards', { body: { number: APPROVING_CARD, expMonth: 12, expYear: 2040, cvc: '123', holder: 'X' } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('UNAUTHORIZED');
    const forged = await hook('POST /test-hooks/sandbox/pix-payments', { paymentId: 'anything' }, 'not-the-stage-secret');
    expect(forged.status).toBe(401);
  });

  it('ends every session on logout: the old access and refresh tokens stop working', async () => {
    expectStatus(await call('GET', '/me', { token: ana.accessToken }), 200);
    expect((await call('POST', '/logout', { token: ana.accessToken })).status).toBe(204);
    expect((await call('GET', '/me', { token: ana.accessToken })).status).toBe(401);
    expect((await call('GET', '/orders', { token: ana.accessToken })).status).toBe(401);
    expect((await call('POST', '/token/refresh', { body: { refreshToken: ana.refreshToken } })).status).toBe(401);
    const again = await login(ana.email, PASSWORD);
    expectStatus(await call('GET', '/me', { token: again.accessToken }), 200);
  });
});

describe('the API, from outside', () => {
  it('has no /_local back doors (npm test runs the suite against a stack with them off), and the suite refuses to call one', async () => {
    for (const path of ['/_local/outbox', '/_local/clock', '/_local/sandbox/cards']) {
      const reply = await fetch(`${target().url}${path}`);
      expect({ path, status: reply.status }).toEqual({ path, status: 404 });
    }
    await expect(call('GET', '/_local/outbox')).rejects.toThrow(/must not use the local stack's endpoints/);
  });

  it('serves its OpenAPI document', async () => {
    const reply = await call('GET', '/openapi.json');
    expectStatus(reply, 200);
    expect(reply.body.openapi).toBe('3.1.0');
  });

  it('answers malformed input with a 4xx in the contract\'s error shape, never a stack trace', async () => {
    const invalid = await call('POST', '/register', { body: { email: 'x', password: 'weak', name: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'name', 'password']);

    const cases: [string, Reply, number][] = [
      ['bad CEP and UF', await call('POST', '/me/addresses', { token: bruno.accessToken, body: { ...ADDRESS, cep: '123', state: 'XX' } }), 400],
      ['quantity 0', await call('POST', '/cart', { token: bruno.accessToken, body: { sku, quantity: 0 } }), 400],
      ['broken JSON', await call('POST', '/login', { raw: '{"email":', headers: { 'content-type': 'application/json' } }), 400],
      ['not JSON', await call('POST', '/login', { raw: 'a=b', headers: { 'content-type': 'text/plain' } }), 415],
      ['over 64 KiB', await call('POST', '/me/addresses', { token: bruno.accessToken, body: { ...ADDRESS, complement: 'x'.repeat(70_000) } }), 413],
      ['limit over 100', await call('GET', '/products?limit=101'), 400],
      ['garbage token', await call('GET', '/me', { token: 'garbage' }), 401],
      ['no token', await call('GET', '/me'), 401],
      ['unknown login', await call('POST', '/login', { body: { email: `ghost-${run}@${emailDomain}`, password: PASSWORD } }), 401],
    ];
    for (const [name, reply, status] of cases) {
      expect({ name, status: reply.status }).toEqual({ name, status });
      expect({ name, code: typeof reply.body?.error?.code, message: typeof reply.body?.error?.message }).toEqual({ name, code: 'string', message: 'string' });
      expect({ name, trace: /\bat .+\.(ts|js|mjs):\d+/.test(reply.text) }).toEqual({ name, trace: false });
    }
    expect((await call('POST', '/password-reset', { body: { email: `ghost-${run}@${emailDomain}` } })).status).toBe(202);
  });
});
