/**
 * One live payment attempt per order (concurrent card payments charge once; a new Pix replaces the
 * old one, cancelled at the provider) and deadlines judged by when the customer paid, not by when
 * the provider's notice was processed. Through the local gateway, with the sandbox gateway.
 */
import { adminToken, api, type TestUser, newCustomer } from '../helpers/api.js';
import { addressOf, fillCart, setClock, stockOf, stockedSku } from '../helpers/shop.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function pendingOrder() {
  const customer = await newCustomer();
  const addressId = await addressOf(customer);
  const { sku, productId } = await stockedSku(admin, 5, 10_000);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  const order = (await api('POST', '/orders', { token: customer.accessToken, body: { addressId } })).body;
  return { customer, order, sku, productId };
}

const approvingCard = async () =>
  (await api('POST', '/_local/sandbox/cards', { body: { number: '4111111111111111', expMonth: 12, expYear: 2031, cvc: '123', holder: 'ANA SOUZA' } })).body.cardToken as string;

const charges = async (orderId: string) =>
  (await api('GET', `/_local/sandbox/payments?orderId=${orderId}`)).body.items as { paymentId: string; status: string; method: string }[];

const orderStatus = async (user: TestUser, orderId: string) => (await api('GET', `/orders/${orderId}`, { token: user.accessToken })).body.status;

const paymentsOf = async (orderId: string) =>
  (await api('GET', `/orders/${orderId}/payments`, { token: admin })).body.items as { paymentId: string; status: string; note: string | null }[];

/** The payer pays now (business clock); the provider's notice is held back and returned for a later delivery. */
async function payPixWithoutNotice(paymentId: string) {
  const paid = await api('POST', `/_local/sandbox/payments/${paymentId}/pix-paid?deliver=false`);
  expect(paid.body.status).toBe('approved');
  const { query, headers, body } = paid.body.delivery;
  return () => api('POST', `/webhooks/payments/sandbox?${new URLSearchParams(query)}`, { headers, body });
}

describe('one live payment attempt per order', () => {
  it('10 parallel card payments without a key charge the card once: one 201 APPROVED, the others 409', async () => {
    const { customer, order } = await pendingOrder();
    const tokens = await Promise.all(Array.from({ length: 10 }, approvingCard));

    const answers = await Promise.all(tokens.map((cardToken) =>
      api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'card', cardToken, installments: 1 } })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.find((a) => a.status === 201)?.body.status).toBe('APPROVED');
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const a of refused) expect(['PAYMENT_IN_PROGRESS', 'ORDER_NOT_PAYABLE']).toContain(a.body.error.code);
    expect(await charges(order.id)).toHaveLength(1);
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['APPROVED']);
  });

  it('a second Pix replaces the first, which is cancelled at the provider; money paid on the old charge anyway is refunded', async () => {
    const { customer, order } = await pendingOrder();
    const first = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    const second = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    expect([first.status, second.status]).toEqual([201, 201]);

    const atProvider = Object.fromEntries((await charges(order.id)).map((c) => [c.paymentId, c.status]));
    expect(atProvider).toEqual({ [first.body.paymentId]: 'cancelled', [second.body.paymentId]: 'pending' });
    expect(Object.fromEntries((await paymentsOf(order.id)).map((p) => [p.paymentId, p.status])))
      .toEqual({ [first.body.paymentId]: 'CANCELLED', [second.body.paymentId]: 'PENDING' });

    // The payer's bank sends the money to the cancelled charge all the same (a race at the provider).
    const late = await api('POST', `/_local/sandbox/payments/${first.body.paymentId}/pix-paid`);
    expect(late.body.webhook.status).toBe(200);
    expect(await orderStatus(customer, order.id)).toBe('PENDING_PAYMENT');
    const refunded = (await paymentsOf(order.id)).find((p) => p.paymentId === first.body.paymentId);
    expect(refunded).toMatchObject({ status: 'REFUNDED', note: expect.stringMatching(/replaced/) });

    const paid = await api('POST', `/_local/sandbox/payments/${second.body.paymentId}/pix-paid`);
    expect(paid.body.webhook.status).toBe(200);
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    expect((await charges(order.id)).map((c) => c.status).sort()).toEqual(['approved', 'refunded']);
  });
});

describe('the deadline is judged by when the customer paid', () => {
  afterEach(async () => {
    await setClock();
  });

  it('a Pix paid before the deadline whose notice arrives after it pays the order', async () => {
    const { customer, order } = await pendingOrder();
    const pix = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    await setClock(new Date(Date.parse(order.paymentDeadline) - 5_000).toISOString());
    const deliver = await payPixWithoutNotice(pix.body.paymentId);

    await setClock(new Date(Date.parse(order.paymentDeadline) + 5_000).toISOString());
    expect((await deliver()).status).toBe(200);

    expect(await orderStatus(customer, order.id)).toBe('PAID');
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['APPROVED']);
  });

  it('an order with a Pix pending is not expired before the provider is asked: paid in time with the notice lost, it becomes PAID and keeps its stock', async () => {
    const { customer, order, sku, productId } = await pendingOrder();
    const pix = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    await setClock(new Date(Date.parse(order.paymentDeadline) - 5_000).toISOString());
    const deliver = await payPixWithoutNotice(pix.body.paymentId);

    await setClock(new Date(Date.parse(order.paymentDeadline) + 5 * 60_000).toISOString());
    expect((await api('POST', '/_local/schedules/order-expiry/run')).body.result.failed).toEqual([]);
    // Not expired: still awaiting its payment, or already PAID if the local scheduler's own reconciliation run came first.
    expect(['PENDING_PAYMENT', 'PAID']).toContain(await orderStatus(customer, order.id));
    await api('POST', '/_local/schedules/payment-reconciliation/run');
    await api('POST', '/_local/schedules/order-expiry/run');
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    expect(await stockOf(productId, sku)).toBe(4);

    expect((await deliver()).status).toBe(200); // the late notice changes nothing
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['APPROVED']);
  });

  it('a Pix still unpaid within the grace after the deadline holds the order; after it the charge is cancelled at the provider and the order expires', async () => {
    const { customer, order, sku, productId } = await pendingOrder();
    await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    const sweep = async () => {
      await api('POST', '/_local/schedules/payment-reconciliation/run');
      await api('POST', '/_local/schedules/order-expiry/run');
    };

    await setClock(new Date(Date.parse(order.paymentDeadline) + 10_000).toISOString());
    await sweep();
    expect(await orderStatus(customer, order.id)).toBe('PENDING_PAYMENT');
    expect((await charges(order.id)).map((c) => c.status)).toEqual(['pending']);

    await setClock(new Date(Date.parse(order.paymentDeadline) + 2 * 60_000).toISOString());
    await sweep();
    expect(await orderStatus(customer, order.id)).toBe('EXPIRED');
    expect(await stockOf(productId, sku)).toBe(5);
    expect((await charges(order.id)).map((c) => c.status)).toEqual(['cancelled']);
    expect((await paymentsOf(order.id)).map((p) => p.status)).toEqual(['CANCELLED']);
  });

  it('a Pix paid after the deadline and its grace is refunded, and the order expires', async () => {
    const { customer, order, sku, productId } = await pendingOrder();
    const pix = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    await setClock(new Date(Date.parse(order.paymentDeadline) + 2 * 60_000).toISOString());
    const deliver = await payPixWithoutNotice(pix.body.paymentId);

    await api('POST', '/_local/schedules/payment-reconciliation/run');
    await api('POST', '/_local/schedules/order-expiry/run');
    expect((await deliver()).status).toBe(200);

    expect(await orderStatus(customer, order.id)).toBe('EXPIRED');
    expect(await stockOf(productId, sku)).toBe(5);
    expect(await paymentsOf(order.id)).toEqual([expect.objectContaining({ status: 'REFUNDED', note: expect.stringMatching(/after the payment deadline/) })]);
    expect((await charges(order.id)).map((c) => c.status)).toEqual(['refunded']);
  });
});
