/**
 * GET /me/export (LGPD): everything the store holds about the caller, and nothing about anyone else,
 * through the local stack. A card is its brand and last four digits: the number never reached us.
 */
import { adminToken, api, eventually, newCustomer } from '../helpers/api.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const CARD = '4111111111111111';

it('exports the caller\'s profile, addresses, choices, orders and payments, with no card number and no one else\'s data', async () => {
  const ana = await newCustomer();
  const other = await newCustomer();
  const addressId = await addressOf(ana);
  const { sku } = await stockedSku(admin, 5, 12_345);
  await fillCart(ana, [{ sku, quantity: 1 }]);
  const order = (await api('POST', '/orders', { token: ana.accessToken, body: { addressId } })).body;
  const cardToken = (await api('POST', '/_local/sandbox/cards', { body: { number: CARD, expMonth: 12, expYear: 2031, cvc: '123', holder: 'ANA SOUZA' } })).body.cardToken;
  const paid = await api('POST', `/orders/${order.id}/payments`, { token: ana.accessToken, body: { method: 'card', cardToken, installments: 1 } });
  expect(paid.status).toBe(201);
  await eventually(async () => ((await api('GET', `/orders/${order.id}`, { token: ana.accessToken })).body.status === 'PAID' ? true : undefined));
  const otherAddress = await addressOf(other);
  await fillCart(other, [{ sku, quantity: 1 }]);
  const otherOrder = (await api('POST', '/orders', { token: other.accessToken, body: { addressId: otherAddress } })).body;

  const response = await api('GET', '/me/export', { token: ana.accessToken });

  expect(response.status).toBe(200);
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="meus-dados.json"');
  const data = response.body;
  expect(data.profile).toMatchObject({ userId: ana.userId, email: ana.email });
  expect(data.addresses.map((a: { id: string }) => a.id)).toEqual([addressId]);
  expect(data.notificationPreferences).toEqual({ email: { orders: true, marketing: false }, sms: { orders: false } });
  expect(data.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
  expect(data.orders[0]).toMatchObject({ status: 'PAID', totalCents: order.totalCents });
  expect(data.orders[0].payments).toHaveLength(1);
  expect(data.orders[0].payments[0]).toMatchObject({ method: 'card', status: 'APPROVED', card: { lastFour: '1111' } });
  const text = JSON.stringify(data);
  expect(text).not.toContain(CARD);
  expect(text).not.toContain(cardToken);
  expect(text).not.toContain(other.userId);
  expect(text).not.toContain(otherOrder.id);
  expect(text).not.toMatch(/"(PK|SK|GSI\dPK|GSI\dSK|entity)"/);
});

it('is for a signed-in customer only', async () => {
  expect((await api('GET', '/me/export')).status).toBe(401);
});

async function orderEvents(orderId: string): Promise<string[]> {
  const events = (await api('GET', '/_local/events')).body.items as { 'detail-type': string; detail: { data: { orderId?: string } } }[];
  return events.filter((e) => e.detail.data.orderId === orderId).map((e) => e['detail-type']).reverse();
}

it('deleting the account keeps the orders for the fiscal record without the customer\'s personal data, and publishes no order event', async () => {
  const bia = await newCustomer({ name: 'Beatriz Privada', phone: '+5511987654321' });
  const address = {
    label: 'Trabalho', recipient: 'Beatriz Privada', street: 'Rua Sigilosa', number: '742', complement: 'Apto 51',
    district: 'Vila Reservada', city: 'Campinas', state: 'SP', cep: '13010-111',
  };
  const addressId = await addressOf(bia, address);
  const { sku } = await stockedSku(admin, 5, 9_990);
  await fillCart(bia, [{ sku, quantity: 2 }]);
  const order = (await api('POST', '/orders', { token: bia.accessToken, body: { addressId } })).body;
  const cardToken = (await api('POST', '/_local/sandbox/cards', { body: { number: CARD, expMonth: 12, expYear: 2031, cvc: '123', holder: 'BEATRIZ PRIVADA' } })).body.cardToken;
  expect((await api('POST', `/orders/${order.id}/payments`, { token: bia.accessToken, body: { method: 'card', cardToken, installments: 1 } })).status).toBe(201);
  expect((await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'SHIPPED', carrier: 'Correios', trackingCode: 'BR123456789BR' } })).status).toBe(200);
  expect((await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'DELIVERED' } })).status).toBe(200);
  const before = (await api('GET', `/orders/${order.id}`, { token: admin })).body;
  const eventsBefore = await eventually(async () => {
    const names = await orderEvents(order.id);
    return names.includes('OrderDelivered') ? names : undefined;
  });

  expect((await api('DELETE', '/me', { token: bia.accessToken })).status).toBe(204);

  const after = await api('GET', `/orders/${order.id}`, { token: admin });
  expect(after.status).toBe(200);
  expect(after.body.address).toEqual({ city: 'Campinas', state: 'SP', anonymisedAt: expect.any(String) });
  const { address: _before, updatedAt: _u1, ...keptBefore } = before;
  const { address: _after, updatedAt: _u2, ...keptAfter } = after.body;
  expect(keptAfter).toEqual(keptBefore);
  expect(after.body.status).toBe('DELIVERED');
  const text = JSON.stringify(after.body);
  for (const personal of ['Beatriz', 'Privada', 'Sigilosa', '742', 'Apto 51', 'Reservada', '13010111', '987654321', bia.email]) {
    expect(text).not.toContain(personal);
  }
  // Nothing to wait for when nothing happens: a later order's event marks that the stream has moved on.
  const marker = await newCustomer();
  await fillCart(marker, [{ sku, quantity: 1 }]);
  const markerOrder = (await api('POST', '/orders', { token: marker.accessToken, body: { addressId: await addressOf(marker) } })).body;
  await eventually(async () => ((await orderEvents(markerOrder.id)).includes('OrderCreated') ? true : undefined));
  expect(await orderEvents(order.id)).toEqual(eventsBefore);
});
