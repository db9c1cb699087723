/**
 * The whole path with the Melhor Envio adapter, through the local gateway: a stack of its own started
 * with LOCAL_CARRIER=melhorenvio (the adapter against local/melhorenvio-fake.ts, whose webhooks come
 * back to the gateway signed). Cart quotes from the carrier and their fallback when it is slow or down,
 * the order charging the chosen service, the label bought once, tracking webhooks moving the order.
 */
import path from 'node:path';
import { adminToken, api, eventually, newCustomer } from '../helpers/api.js';
import { type OwnStack, startOwnStack } from '../helpers/own-stack.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';

const RIO = { label: 'Trabalho', recipient: 'Ana Souza', street: 'Avenida Rio Branco', number: '1', district: 'Centro', city: 'Rio de Janeiro', state: 'RJ', cep: '20040-002' };
let own: OwnStack | undefined;
let admin: string;

beforeAll(async () => {
  own = await startOwnStack({
    projectRoot: path.resolve(__dirname, '../..'),
    dataDirPrefix: 'store-me-',
    env: { LOCAL_CARRIER: 'melhorenvio', SEED_PRODUCTS: '5', LOG_LEVEL: 'ERROR', CARRIER_QUOTE_TIMEOUT_MS: '1000' },
    timeoutMs: 180_000,
  });
  admin = await adminToken();
}, 200_000);

afterAll(async () => {
  await own?.stop();
});

afterEach(async () => {
  await api('POST', '/_local/melhorenvio/faults', { body: { failNext: 0, delayMs: 0 } });
});

async function cartInRio() {
  const customer = await newCustomer();
  const addressId = await addressOf(customer, RIO);
  const { sku } = await stockedSku(admin, 5, 15_990, 1_200);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  return { customer, addressId };
}

it('quotes the carrier in the cart, charges the chosen service, buys one label, and ME\'s webhooks deliver the order', async () => {
  const { customer, addressId } = await cartInRio();
  const cart = await api('GET', '/cart?cep=20040002', { token: customer.accessToken });
  expect(cart.status).toBe(200);
  expect(cart.body.shipping).toMatchObject({ source: 'carrier', serviceId: '1', service: 'Correios PAC' });
  expect(cart.body.shipping.options.map((o: { serviceId: string }) => o.serviceId)).toEqual(['1', '3', '2']);
  const sedex = cart.body.shipping.options.find((o: { serviceId: string }) => o.serviceId === '2');

  expect((await api('POST', '/orders', { token: customer.accessToken, body: { addressId, shippingService: '99' } })).status).toBe(400);
  const order = await api('POST', '/orders', { token: customer.accessToken, body: { addressId, shippingService: '2' } });
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ shippingCents: sedex.priceCents, shipping: { service: 'Correios SEDEX', carrierService: '2', source: 'carrier' } });
  expect(order.body.totalCents).toBe(15_990 + sedex.priceCents);

  const payment = await api('POST', `/orders/${order.body.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
  expect((await api('POST', `/_local/sandbox/payments/${payment.body.paymentId}/pix-paid`)).body.webhook.status).toBe(200);

  const [first, second] = await Promise.all([1, 2].map(() => api('POST', `/admin/orders/${order.body.id}/shipments`, { token: admin, body: {} })));
  const created = [first, second].find((r) => r.status === 201);
  expect(created?.body).toMatchObject({ carrier: 'melhorenvio', service: '2', status: 'LABEL_CREATED' });
  expect(created?.body.trackingCode).toMatch(/^AA\d{9}BR$/);
  const labels = (await api('GET', '/_local/melhorenvio/labels')).body.items.filter((l: { tags: { tag: string }[] }) => l.tags.some((t) => t.tag === created?.body.shipmentId));
  expect(labels).toHaveLength(1);
  expect(labels[0]).toMatchObject({ status: 'generated', service_id: 2, tracking: created?.body.trackingCode });

  const labelId = labels[0].id as string;
  expect((await api('POST', `/_local/melhorenvio/labels/${labelId}/posted`)).status).toBe(200);
  await eventually(async () => ((await api('GET', `/orders/${order.body.id}`, { token: customer.accessToken })).body.status === 'SHIPPED' ? true : undefined), 45_000);
  // ME sends an event again (its retry): the same event id, nothing recorded twice.
  await api('POST', `/_local/melhorenvio/labels/${labelId}/posted`);
  await api('POST', `/_local/melhorenvio/labels/${labelId}/delivered`);
  const tracking = await eventually(async () => {
    const t = await api('GET', `/orders/${order.body.id}/tracking`, { token: customer.accessToken });
    return t.body.status === 'DELIVERED' ? t : undefined;
  }, 45_000);
  expect(tracking.body).toMatchObject({ carrier: 'melhorenvio', trackingCode: created?.body.trackingCode });
  const codes = tracking.body.events.filter((e: { code?: string }) => e.code).map((e: { code: string }) => e.code);
  expect(codes).toEqual(['POSTED', 'DELIVERED']);
  expect(tracking.body.events.map((e: { status: string }) => e.status)).toEqual(expect.arrayContaining(['PAID', 'SHIPPED', 'DELIVERED']));
}, 60_000);

it('a slow or failing carrier: the cart answers the CEP table (200), and the order is priced by it', async () => {
  const { customer, addressId } = await cartInRio();
  await api('POST', '/_local/melhorenvio/faults', { body: { delayMs: 3_000 } });
  const slow = await api('GET', '/cart?cep=20040002', { token: customer.accessToken });
  expect(slow.status).toBe(200);
  expect(slow.body.shipping).toMatchObject({ source: 'table', serviceId: null, service: 'Entrega padrão' });

  await api('POST', '/_local/melhorenvio/faults', { body: { failNext: 1, status: 500 } });
  const down = await api('GET', '/cart?cep=20040002', { token: customer.accessToken });
  expect(down.status).toBe(200);
  expect(down.body.shipping).toMatchObject({ source: 'table', priceCents: slow.body.shipping.priceCents });

  const order = await api('POST', '/orders', { token: customer.accessToken, body: { addressId, shippingService: '2' } });
  expect(order.status).toBe(201);
  expect(order.body).toMatchObject({ shippingCents: slow.body.shipping.priceCents, shipping: { source: 'table', carrierService: null } });
}, 60_000);

it('refuses a forged Melhor Envio webhook (401)', async () => {
  const forged = await fetch(`${process.env.API_URL}/webhooks/carriers/melhorenvio`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-me-signature': Buffer.alloc(32).toString('base64') }, body: JSON.stringify({ event: 'order.delivered', data: { id: 'x' } }),
  });
  expect(forged.status).toBe(401);
  expect(((await forged.json()) as { error: { code: string } }).error.code).toBeDefined();
});
