/**
 * The transactional outbox's mapping (lambdas/domain/outbox.ts): which change of a stored order or
 * payment is which domain event, with deterministic ids, on plain items as the table stream hands
 * them over (the `entity` tag included).
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import { orderEvent, outboxEvent, passwordChangedEvent, paymentEvent } from '#domain/outbox.js';
import type { PaymentRecord } from '#domain/payments/records.js';

const order = (changes: Partial<OrderRecord> = {}): OrderRecord => ({
  id: 'o1', customerId: 'c1', status: 'PENDING_PAYMENT',
  items: [{ sku: 'CAM-1', productId: 'p1', name: 'Camiseta', attributes: { cor: 'Azul' }, quantity: 2, unitPriceCents: 4990, lineTotalCents: 9980 }],
  subtotalCents: 9980, discountCents: 0, shippingCents: 1500, totalCents: 11480, coupon: null,
  address: {} as OrderRecord['address'], shipping: null, paymentDeadline: '2026-11-27T13:30:00.000Z',
  carrier: null, trackingCode: null, flashSaleId: null, flashSale: null,
  timeline: [{ status: 'PENDING_PAYMENT', at: '2026-11-27T13:00:00.000Z', description: 'placed' }],
  correlationId: 'req-1', createdAt: '2026-11-27T13:00:00.000Z', updatedAt: '2026-11-27T13:00:00.000Z',
  ...changes,
});

const payment = (changes: Partial<PaymentRecord> = {}): PaymentRecord => ({
  paymentId: 'pay1', orderId: 'o1', customerId: 'c1', provider: 'sandbox' as PaymentRecord['provider'], providerPaymentId: 'x',
  method: 'card', status: 'PENDING', amountCents: 11480, installments: 1, declineReason: null, pix: null, card: null, note: null,
  createdAt: '2026-11-27T13:01:00.000Z', updatedAt: '2026-11-27T13:01:00.000Z',
  ...changes,
});

describe('orderEvent', () => {
  it('a new order is OrderCreated, with its lines (no more than the event schema), from no previous status', () => {
    expect(orderEvent(order(), undefined)).toEqual({
      name: 'OrderCreated', id: 'o1:PENDING_PAYMENT', correlationId: 'req-1', time: '2026-11-27T13:00:00.000Z',
      data: {
        orderId: 'o1', customerId: 'c1', status: 'PENDING_PAYMENT', previousStatus: null, totalCents: 11480,
        items: [{ sku: 'CAM-1', productId: 'p1', name: 'Camiseta', quantity: 2, unitPriceCents: 4990 }],
        paymentDeadline: '2026-11-27T13:30:00.000Z', carrier: null, trackingCode: null, flashSaleId: null,
      },
    });
  });

  it.each([
    ['PAID', 'OrderPaid'], ['SHIPPED', 'OrderShipped'], ['DELIVERED', 'OrderDelivered'], ['CANCELLED', 'OrderCancelled'], ['EXPIRED', 'OrderExpired'],
  ] as const)('a change to %s is %s, timed by the last timeline entry, naming the previous status', (status, name) => {
    const next = order({
      status, carrier: status === 'SHIPPED' ? 'Correios' : null, updatedAt: '2026-11-27T14:00:00.000Z',
      timeline: [...order().timeline, { status, at: '2026-11-27T13:59:00.000Z', description: 'moved' }],
    });
    const event = orderEvent(next, order());
    expect(event).toMatchObject({ name, id: `o1:${status}`, time: '2026-11-27T13:59:00.000Z', data: { status, previousStatus: 'PENDING_PAYMENT' } });
    if (status === 'SHIPPED') expect(event?.data).toMatchObject({ carrier: 'Correios' });
  });

  it('a change that keeps the status (a note, a field) is no event', () => {
    expect(orderEvent(order({ updatedAt: '2026-11-27T13:05:00.000Z' }), order())).toBeUndefined();
  });

  it('refuses an order the event schema does not accept, rather than publishing half an event', () => {
    expect(() => orderEvent(order({ totalCents: 1.5 }), undefined)).toThrow();
  });
});

describe('paymentEvent', () => {
  it('a declined card is PaymentFailed, with its reason; a refund is PaymentRefunded, with its note', () => {
    expect(paymentEvent(payment({ status: 'DECLINED', declineReason: 'insufficient funds' }), payment())).toMatchObject({
      name: 'PaymentFailed', id: 'pay1:DECLINED', correlationId: 'pay1', data: { status: 'DECLINED', declineReason: 'insufficient funds', note: null },
    });
    expect(paymentEvent(payment({ status: 'REFUNDED', note: 'late payment' }), payment({ status: 'APPROVED' }))).toMatchObject({
      name: 'PaymentRefunded', id: 'pay1:REFUNDED', data: { note: 'late payment' },
    });
  });

  it('a new payment is PaymentCreated, carrying its Pix charge (code and deadline, not the QR image)', () => {
    const pix = { copyPaste: '00020126...6304ABCD', qrCodePng: 'iVBOR...', expiresAt: '2026-11-27T13:30:00.000Z' };
    expect(paymentEvent(payment({ method: 'pix', pix }), undefined)).toMatchObject({
      name: 'PaymentCreated', id: 'pay1:PENDING', data: { method: 'pix', pix: { copyPaste: pix.copyPaste, expiresAt: pix.expiresAt } },
    });
    expect(paymentEvent(payment(), undefined)?.data).toMatchObject({ method: 'card', pix: null });
  });

  it.each(['APPROVED', 'REFUND_PENDING', 'CANCELLED'] as const)('a payment becoming %s is no event', (status) => {
    expect(paymentEvent(payment({ status }), payment())).toBeUndefined();
  });

  it('a pending payment written again is no second PaymentCreated', () => {
    expect(paymentEvent(payment(), payment())).toBeUndefined();
  });

  it('a declined payment written again is no second event', () => {
    expect(paymentEvent(payment({ status: 'DECLINED' }), payment({ status: 'DECLINED' }))).toBeUndefined();
  });
});

describe('passwordChangedEvent', () => {
  const marker = (validAfterMs: number, reason?: string) => ({ userId: 'u1', validAfterMs, ...(reason ? { reason } : {}) });

  it('a marker moved by a password change or reset is PasswordChanged, once per instant', () => {
    const change = passwordChangedEvent(marker(1_764_248_400_000, 'password-change'), marker(1_764_240_000_000, 'logout'));
    expect(change).toMatchObject({
      name: 'PasswordChanged', id: 'u1:password:1764248400000', time: '2025-11-27T13:00:00.000Z',
      data: { userId: 'u1', changedAt: '2025-11-27T13:00:00.000Z', via: 'change' },
    });
    expect(passwordChangedEvent(marker(1_764_248_400_000, 'password-reset'), undefined)?.data).toMatchObject({ via: 'reset' });
  });

  it('a logout, an account deletion, a marker without a reason or a record replayed unchanged is no event', () => {
    expect(passwordChangedEvent(marker(2, 'logout'), marker(1, 'password-change'))).toBeUndefined();
    expect(passwordChangedEvent(marker(2, 'account-deleted'), undefined)).toBeUndefined();
    expect(passwordChangedEvent(marker(2), undefined)).toBeUndefined();
    expect(passwordChangedEvent(marker(2, 'password-reset'), marker(2, 'password-reset'))).toBeUndefined();
  });

  it('reaches outboxEvent through the TokenMarker entity', () => {
    expect(outboxEvent({ entity: 'TokenMarker', ...marker(5, 'password-change') }, undefined)?.name).toBe('PasswordChanged');
  });
});

describe('outboxEvent', () => {
  const item = <T extends object>(entity: string, record: T) => ({ PK: 'X', SK: 'Y', entity, ...record }) as Record<string, unknown>;

  it('tells orders and payments apart by the item\'s entity', () => {
    expect(outboxEvent(item('Order', order({ status: 'PAID' })), item('Order', order()))?.name).toBe('OrderPaid');
    expect(outboxEvent(item('Payment', payment({ status: 'DECLINED' })), item('Payment', payment()))?.name).toBe('PaymentFailed');
  });

  it('a delete, or any other entity, is no event', () => {
    expect(outboxEvent(undefined, item('Order', order()))).toBeUndefined();
    expect(outboxEvent(item('Variant', { sku: 'CAM-1', stock: 3 }), item('Variant', { sku: 'CAM-1', stock: 4 }))).toBeUndefined();
  });
});

describe('alerts for the sales manager', () => {
  const at = '2026-11-27T15:00:00.000Z';
  const variant = (stock: number, orderedUnits: number, productStatus = 'active') => ({
    entity: 'Variant', sku: 'CAFE-1', productId: 'P1', productName: 'Café', stock, orderedUnits, productStatus,
  });

  it('VariantLowOnStock when the stock crosses the threshold from above, once per crossing', () => {
    const event = outboxEvent(variant(5, 10), variant(6, 9), at);
    expect(event).toMatchObject({
      name: 'VariantLowOnStock', id: 'CAFE-1:low-stock:10:5', time: at,
      data: { sku: 'CAFE-1', productId: 'P1', productName: 'Café', stock: 5, threshold: 5 },
    });
    expect(outboxEvent(variant(5, 10), variant(6, 9), at)?.id).toBe(event?.id);
    expect(outboxEvent(variant(4, 11), variant(5, 10), at)).toBeUndefined();
    expect(outboxEvent(variant(8, 10), variant(3, 10), at)).toBeUndefined();
    expect(outboxEvent(variant(2, 10, 'archived'), variant(9, 10), at)).toBeUndefined();
    expect(outboxEvent(variant(2, 0), undefined, at)).toBeUndefined();
  });

  it('FlashSaleWindowUnsold once per window, from the window\'s unsold-units notice, with its totals', () => {
    const notice = {
      entity: 'FlashWindowUnsold', PK: 'FLASH_WINDOW#S1#2026-11-27T15:00:00.000Z', SK: 'UNSOLD', saleId: 'S1', windowId: 'S1@2026-11-27T15:00:00.000Z', sku: 'IPH-15',
      productName: 'iPhone 15', startsAt: '2026-11-27T15:00:00.000Z', endsAt: '2026-11-27T16:00:00.000Z', windowUnits: 100, unsoldUnits: 37, claimedUnits: 63,
      notedAt: '2026-11-27T16:01:00.000Z',
    };
    expect(outboxEvent(notice, undefined, at)).toEqual({
      name: 'FlashSaleWindowUnsold', id: 'S1@2026-11-27T15:00:00.000Z:unsold', correlationId: 'S1@2026-11-27T15:00:00.000Z:unsold', time: '2026-11-27T16:01:00.000Z',
      data: {
        saleId: 'S1', windowId: 'S1@2026-11-27T15:00:00.000Z', sku: 'IPH-15', productName: 'iPhone 15', startsAt: '2026-11-27T15:00:00.000Z',
        endsAt: '2026-11-27T16:00:00.000Z', windowUnits: 100, unsoldUnits: 37, claimedUnits: 63,
      },
    });
    expect(outboxEvent(notice, notice, at)).toBeUndefined();
    // A counter shard giving its units back is no event of its own any more.
    const shard = (restocked: number) => ({ entity: 'FlashShard', windowId: 'S1@2026-11-27T15:00:00.000Z', shard: 2, remaining: 0, restocked });
    expect(outboxEvent(shard(3), { ...shard(0), remaining: 3 }, at)).toBeUndefined();
  });
});

describe('integrator endpoints', () => {
  const endpoint = (status: string, disabledAt: string | null = null) => ({
    entity: 'WebhookEndpoint', id: '01HOOK', url: 'https://erp.example.com/hooks', events: ['order.paid'], description: 'ERP', status,
    createdAt: '2026-11-20T10:00:00.000Z', failingSince: '2026-11-26T12:00:00.000Z', disabledAt, secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
  });

  it('WebhookEndpointDisabled when an endpoint goes ACTIVE -> DISABLED, without its secret; nothing for other changes', () => {
    const at = '2026-11-27T12:00:05.000Z';
    const event = outboxEvent(endpoint('DISABLED', '2026-11-27T12:00:00.000Z'), endpoint('ACTIVE'), at);
    expect(event).toEqual({
      name: 'WebhookEndpointDisabled', id: '01HOOK:disabled:2026-11-27T12:00:00.000Z', correlationId: '01HOOK', time: '2026-11-27T12:00:00.000Z',
      data: { endpointId: '01HOOK', url: 'https://erp.example.com/hooks', description: 'ERP', failingSince: '2026-11-26T12:00:00.000Z', disabledAt: '2026-11-27T12:00:00.000Z' },
    });
    expect(JSON.stringify(event)).not.toContain('whsec_');
    expect(outboxEvent(endpoint('DISABLED', '2026-11-27T12:00:00.000Z'), endpoint('DISABLED', '2026-11-27T12:00:00.000Z'), at)).toBeUndefined();
    expect(outboxEvent(endpoint('ACTIVE'), endpoint('DISABLED', '2026-11-27T12:00:00.000Z'), at)).toBeUndefined();
    expect(outboxEvent(endpoint('ACTIVE'), undefined, at)).toBeUndefined();
  });
});

describe('collection runs', () => {
  const run = (status: string, over: Record<string, unknown> = {}) => ({
    entity: 'CollectionRun', runId: '01RUN', sourceId: '01SRC', trigger: 'schedule', status, startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: status === 'RUNNING' ? null : '2026-11-27T10:05:00.000Z', pagesPlanned: 10, pagesFetched: 10, productsFound: 9, created: 9, updated: 0,
    unchanged: 0, skipped: 0, failed: 0, errorsByCause: {}, errors: [], deadline: '2026-11-27T16:00:00.000Z', pagesDone: 10, ...over,
  });

  it('publishes CollectionRunNeedsAttention once, when a run finishes failed, empty or with one page in five failed', () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({ url: `https://loja.example/p/${i}`, reason: 'HTTP 500' }));
    const event = outboxEvent(run('PARTIAL', { failed: 3, productsFound: 6, errors }), run('RUNNING'), 'now');
    expect(event).toMatchObject({
      name: 'CollectionRunNeedsAttention', id: 'collection-run:01RUN:attention', correlationId: '01RUN', time: '2026-11-27T10:05:00.000Z',
      data: { sourceId: '01SRC', runId: '01RUN', status: 'PARTIAL', reason: 'error-rate', failed: 3, errorRate: 0.3 },
    });
    expect(event?.data).toHaveProperty('errors', errors.slice(0, 5));
    expect(outboxEvent(run('FAILED', { failed: 10, productsFound: 0 }), run('RUNNING'), 'now')?.data).toMatchObject({ reason: 'failed' });
    expect(outboxEvent(run('SUCCEEDED', { productsFound: 0 }), run('RUNNING'), 'now')?.data).toMatchObject({ reason: 'no-products' });
  });

  it('publishes nothing for a healthy run, a run still going, or a finished run written again', () => {
    expect(outboxEvent(run('SUCCEEDED'), run('RUNNING'), 'now')).toBeUndefined();
    expect(outboxEvent(run('PARTIAL', { failed: 1 }), run('RUNNING'), 'now')).toBeUndefined();
    expect(outboxEvent(run('RUNNING', { failed: 5 }), run('RUNNING'), 'now')).toBeUndefined();
    expect(outboxEvent(run('FAILED', { failed: 10 }), run('FAILED', { failed: 10 }), 'now')).toBeUndefined();
    expect(outboxEvent(run('FAILED', { failed: 10 }), undefined, 'now')).toBeUndefined();
  });
});
