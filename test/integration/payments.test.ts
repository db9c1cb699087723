import { createHmac } from 'node:crypto';
import { parseBrCode } from '#domain/payments/brcode.js';
import { adminToken, api, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { addressOf, fillCart, setClock, stockOf, stockedSku } from '../helpers/shop.js';
import { deletePaymentRecord, wholeTableText } from '../helpers/table.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function pendingOrder(user?: TestUser, priceCents = 10_000) {
  const customer = user ?? await newCustomer();
  const addressId = await addressOf(customer);
  const { sku, productId } = await stockedSku(admin, 5, priceCents);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  const order = (await api('POST', '/orders', { token: customer.accessToken, body: { addressId } })).body;
  return { customer, order, sku, productId };
}

async function cardToken(number: string, expYear = 2031) {
  const response = await api('POST', '/_local/sandbox/cards', { body: { number, expMonth: 12, expYear, cvc: '123', holder: 'ANA SOUZA' } });
  return response;
}

const orderStatus = async (user: TestUser, orderId: string) => (await api('GET', `/orders/${orderId}`, { token: user.accessToken })).body.status;

const eventsOf = async (type: string, id: string, field: 'orderId' | 'paymentId' = 'orderId') =>
  ((await api('GET', `/_local/events?type=${type}`)).body.items as { detail: { data: Record<string, string> } }[]).filter((e) => e.detail.data[field] === id);

describe('Pix', () => {
  it('charges a valid BR Code, and the signed webhook after payment makes the order PAID', async () => {
    const { customer, order } = await pendingOrder();
    const started = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ method: 'pix', status: 'PENDING', amountCents: order.totalCents });
    const { copyPaste, qrCodePng, expiresAt } = started.body.pix;
    const parsed = parseBrCode(copyPaste);
    expect(parsed.crcValid).toBe(true);
    expect(Date.parse(expiresAt)).toBeLessThanOrEqual(Date.parse(order.paymentDeadline));
    expect(copyPaste).toContain(`54${String((order.totalCents / 100).toFixed(2).length).padStart(2, '0')}${(order.totalCents / 100).toFixed(2)}`);
    expect(Buffer.from(qrCodePng, 'base64').subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    expect(await orderStatus(customer, order.id)).toBe('PENDING_PAYMENT');
    const paid = await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`);
    expect(paid.body.webhook.status).toBe(200);
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    const tracking = await api('GET', `/orders/${order.id}/tracking`, { token: customer.accessToken });
    expect(tracking.body.events.map((e: { status: string }) => e.status)).toEqual(['PENDING_PAYMENT', 'PAID']);
    const payments = await api('GET', `/orders/${order.id}/payments`, { token: customer.accessToken });
    expect(payments.body.items).toEqual([expect.objectContaining({ paymentId: started.body.paymentId, status: 'APPROVED', method: 'pix' })]);
    await eventually(async () => ((await eventsOf('OrderPaid', order.id)).length === 1 ? true : undefined));
  });

  it('refuses a forged, stale, unsigned or foreign-provider webhook (401/404) and changes nothing', async () => {
    const { customer, order } = await pendingOrder();
    const started = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    const captured = (await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid?deliver=false`)).body.delivery;
    const query = new URLSearchParams(captured.query).toString();
    const send = (headers: Record<string, string>, path = 'sandbox') =>
      api('POST', `/webhooks/payments/${path}?${query}`, { headers, body: captured.body });

    const sign = (secret: string, ts: number, requestId: string) => {
      const manifest = `id:${captured.query['data.id']};request-id:${requestId};ts:${ts};`;
      return { 'x-signature': `ts=${ts},v1=${createHmac('sha256', secret).update(manifest).digest('hex')}`, 'x-request-id': requestId };
    };
    const secret = process.env.SANDBOX_WEBHOOK_SECRET as string;
    const tsUnit = /ts=(\d+)/.exec(captured.headers['x-signature'])?.[1].length === 13 ? 1 : 1000;
    const nowTs = Math.floor(Date.now() / tsUnit);

    expect((await send(sign('not-the-secret', nowTs, 'forged-1'))).status).toBe(401);
    expect((await send(sign(secret, Math.floor((Date.now() - 6 * 60_000) / tsUnit), 'stale-1'))).status).toBe(401);
    expect((await send({})).status).toBe(401);
    const flipped = captured.headers['x-signature'].replace(/v1=(.)/, (_m: string, c: string) => `v1=${c === '0' ? '1' : '0'}`);
    expect((await send({ ...captured.headers, 'x-signature': flipped })).status).toBe(401);
    expect((await send(captured.headers, 'mercadopago')).status).toBe(404);
    expect(await orderStatus(customer, order.id)).toBe('PENDING_PAYMENT');

    // The genuine delivery, five times in parallel: one transition, one event; the replay is a no-op.
    const results = await Promise.all(Array.from({ length: 5 }, () => send(captured.headers)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    const replay = await send(captured.headers);
    expect(replay.body.outcome).toBe('duplicate');
    await eventually(async () => ((await eventsOf('OrderPaid', order.id)).length >= 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await eventsOf('OrderPaid', order.id)).toHaveLength(1);
    const tracking = await api('GET', `/orders/${order.id}/tracking`, { token: customer.accessToken });
    expect(tracking.body.events.filter((e: { status: string }) => e.status === 'PAID')).toHaveLength(1);
  });

  it('a payment that arrives after the order expired is refunded automatically and recorded', async () => {
    const { customer, order, sku, productId } = await pendingOrder();
    const started = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    try {
      // Past the deadline and its 60 s grace: the reconciler cancels the unpaid Pix at the provider, then the order expires.
      await setClock(new Date(Date.parse(order.paymentDeadline) + 2 * 60_000).toISOString());
      await api('POST', '/_local/schedules/payment-reconciliation/run');
      await api('POST', '/_local/schedules/order-expiry/run');
      expect(await orderStatus(customer, order.id)).toBe('EXPIRED');
      expect((await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } })).status).toBe(409);
      const paid = await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`);
      expect(paid.body.webhook.status).toBe(200);
    } finally {
      await setClock();
    }
    expect(await orderStatus(customer, order.id)).toBe('EXPIRED');
    expect(await stockOf(productId, sku)).toBe(5);
    const payments = await api('GET', `/orders/${order.id}/payments`, { token: admin });
    expect(payments.body.items[0]).toMatchObject({ status: 'REFUNDED', note: expect.stringContaining('EXPIRED') });
    await eventually(async () => ((await eventsOf('PaymentRefunded', started.body.paymentId, 'paymentId')).length === 1 ? true : undefined));
  });

  it('money for an attempt whose record was lost is recorded from the provider\'s notification and pays the order', async () => {
    const { customer, order } = await pendingOrder();
    const started = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    await deletePaymentRecord(order.id, started.body.paymentId);
    expect((await api('GET', `/orders/${order.id}/payments`, { token: customer.accessToken })).body.items).toEqual([]);

    const paid = await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`);
    expect(paid.body.webhook.status).toBe(200);
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    const payments = (await api('GET', `/orders/${order.id}/payments`, { token: admin })).body.items;
    expect(payments).toEqual([expect.objectContaining({ paymentId: started.body.paymentId, status: 'APPROVED', method: 'pix', note: expect.stringMatching(/provider's notification/) })]);
  });

  it('a lost webhook is healed by the reconciler', async () => {
    const { customer, order } = await pendingOrder();
    const started = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid?deliver=false`);
    await api('POST', '/_local/schedules/payment-reconciliation/run');
    expect(await orderStatus(customer, order.id)).toBe('PENDING_PAYMENT'); // too recent to reconcile yet
    try {
      await setClock(new Date(Date.now() + 3 * 60_000).toISOString());
      await api('POST', '/_local/schedules/payment-reconciliation/run');
    } finally {
      await setClock();
    }
    expect(await orderStatus(customer, order.id)).toBe('PAID');
  });
});

describe('card', () => {
  it('tokenises test cards; a bad Luhn or a past expiry is 400', async () => {
    expect((await cardToken('4111111111111111')).status).toBe(201);
    expect((await cardToken('4111111111111112')).body.error.details[0].field).toBe('number');
    expect((await cardToken('4111111111111111', 2020)).status).toBe(400);
  });

  it('a decline leaves the order payable; an approval pays it (re-checked with the provider)', async () => {
    const { customer, order } = await pendingOrder();
    const declined = await api('POST', `/orders/${order.id}/payments`, {
      token: customer.accessToken, body: { method: 'card', cardToken: (await cardToken('4000000000000002')).body.cardToken, installments: 1 },
    });
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ status: 'DECLINED', declineReason: expect.stringMatching(/insufficient/i) });
    expect(await orderStatus(customer, order.id)).toBe('PENDING_PAYMENT');

    const approved = await api('POST', `/orders/${order.id}/payments`, {
      token: customer.accessToken, body: { method: 'card', cardToken: (await cardToken('4111111111111111')).body.cardToken, installments: 3 },
    });
    expect(approved.body).toMatchObject({ status: 'APPROVED', installments: 3 });
    expect(await orderStatus(customer, order.id)).toBe('PAID');
    const items = (await api('GET', `/orders/${order.id}/payments`, { token: customer.accessToken })).body.items;
    expect(items.map((p: { status: string }) => p.status).sort()).toEqual(['APPROVED', 'DECLINED']);
    expect(JSON.stringify(items)).not.toMatch(/4111111111111111|4000000000000002/);
    // Nor anywhere in the table (the sandbox's own items included) or in any published event.
    expect(await wholeTableText()).not.toMatch(/4111111111111111|4000000000000002/);
    expect(JSON.stringify((await api('GET', '/_local/events')).body)).not.toMatch(/4111111111111111|4000000000000002/);
    expect(items.find((p: { status: string }) => p.status === 'APPROVED').card).toEqual({ brand: 'visa', lastFour: '1111' });
    await eventually(async () => ((await eventsOf('PaymentFailed', declined.body.paymentId, 'paymentId')).length === 1 ? true : undefined));

    const again = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORDER_NOT_PAYABLE');
  });

  it('checks installments: 1..12 and at least R$ 5,00 each', async () => {
    const { customer, order } = await pendingOrder(undefined, 1_000);
    const token = (await cardToken('4111111111111111')).body.cardToken;
    expect((await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'card', cardToken: token, installments: 13 } })).status).toBe(400);
    const tooMany = Math.floor(order.totalCents / 500) + 1;
    const response = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'card', cardToken: token, installments: tooMany } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('installments');
    expect((await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'card', cardToken: 'tok_forged', installments: 1 } })).status).toBe(400);
  });

  it('cancelling a paid order refunds it', async () => {
    const { customer, order } = await pendingOrder();
    await api('POST', `/orders/${order.id}/payments`, {
      token: customer.accessToken, body: { method: 'card', cardToken: (await cardToken('4111111111111111')).body.cardToken, installments: 1 },
    });
    const cancelled = await api('DELETE', `/orders/${order.id}`, { token: admin });
    expect(cancelled.body.status).toBe('CANCELLED');
    const payments = (await api('GET', `/orders/${order.id}/payments`, { token: customer.accessToken })).body.items;
    expect(payments[0]).toMatchObject({ status: 'REFUNDED', note: 'Order cancelled after payment' });
  });

  it('admins refund a delivered order\'s payment (a return); a paid order is cancelled instead; other payments are 409/404', async () => {
    const { customer, order } = await pendingOrder();
    const declined = await api('POST', `/orders/${order.id}/payments`, {
      token: customer.accessToken, body: { method: 'card', cardToken: (await cardToken('4000000000000002')).body.cardToken, installments: 1 },
    });
    const approved = await api('POST', `/orders/${order.id}/payments`, {
      token: customer.accessToken, body: { method: 'card', cardToken: (await cardToken('4111111111111111')).body.cardToken, installments: 1 },
    });
    expect(approved.body.status).toBe('APPROVED');
    const refund = (paymentId: string, token = admin) => api('POST', `/admin/orders/${order.id}/payments/${paymentId}/refund`, { token });

    const whilePaid = await refund(approved.body.paymentId);
    expect(whilePaid.status).toBe(409);
    expect(whilePaid.body.error.code).toBe('ORDER_IS_PAID');
    expect((await refund(approved.body.paymentId, customer.accessToken)).status).toBe(403);

    await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'SHIPPED', carrier: 'Correios', trackingCode: 'BR000000001BR' } });
    await api('PUT', `/orders/${order.id}`, { token: admin, body: { status: 'DELIVERED' } });
    const refunded = await refund(approved.body.paymentId);
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ paymentId: approved.body.paymentId, status: 'REFUNDED', note: expect.stringMatching(/^Refunded by an administrator/) });
    expect(refunded.body).not.toHaveProperty('customerId');
    await eventually(async () => ((await eventsOf('PaymentRefunded', approved.body.paymentId, 'paymentId')).length === 1 ? true : undefined));

    const twice = await refund(approved.body.paymentId);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('PAYMENT_NOT_REFUNDABLE');
    expect((await refund(declined.body.paymentId)).body.error.code).toBe('PAYMENT_NOT_REFUNDABLE');
    expect((await refund('nope')).status).toBe(404);
    expect(await orderStatus(customer, order.id)).toBe('DELIVERED');
  });
});

describe('payment guards', () => {
  it('another customer\'s order is 404 for paying and listing', async () => {
    const { order } = await pendingOrder();
    const mallory = await newCustomer();
    expect((await api('POST', `/orders/${order.id}/payments`, { token: mallory.accessToken, body: { method: 'pix' } })).status).toBe(404);
    expect((await api('GET', `/orders/${order.id}/payments`, { token: mallory.accessToken })).status).toBe(404);
  });

  it('honours Idempotency-Key on payment creation: replay with the same body, 422 with another', async () => {
    const { customer, order } = await pendingOrder();
    const key = `pay-${Date.now()}`;
    const [first, second] = await Promise.all([1, 2].map(() =>
      api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' }, headers: { 'idempotency-key': key } })));
    expect(first.body.paymentId).toBe(second.body.paymentId);
    expect((await api('GET', `/orders/${order.id}/payments`, { token: customer.accessToken })).body.items).toHaveLength(1);
    const other = await api('POST', `/orders/${order.id}/payments`, {
      token: customer.accessToken, body: { method: 'card', cardToken: 'x', installments: 1 }, headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
  });

  it('validates the method', async () => {
    const { customer, order } = await pendingOrder();
    expect((await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'boleto' } })).status).toBe(400);
  });
});
