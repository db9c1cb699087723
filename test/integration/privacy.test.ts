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
