/**
 * Property: whatever the order and multiplicity of the provider's notifications, settling each
 * one (re-reading the provider's truth every time) ends with our record in the state the
 * provider reports, the order paid at most once, and no refund unless money arrived for an order
 * that could not take it.
 */
import fc from 'fast-check';
import type { OrderRecord } from '#domain/orders/ports.js';
import type { PaymentProvider, ProviderPayment, ProviderStatus } from '#domain/payments/ports.js';
import type { PaymentRecord, PaymentRepository, PaymentStatus } from '#domain/payments/records.js';
import { settle } from '#domain/payments/use-cases.js';

const NOW = new Date('2026-11-27T13:05:00Z');

function world(initialOrderStatus: OrderRecord['status']) {
  const order = { id: 'o1', status: initialOrderStatus, paymentDeadline: '2026-11-27T13:30:00.000Z' } as OrderRecord;
  const payment: PaymentRecord = {
    paymentId: 'p1', orderId: 'o1', customerId: 'c1', provider: 'sandbox', providerPaymentId: 'x1', method: 'pix', status: 'PENDING',
    amountCents: 1000, installments: null, declineReason: null, pix: null, card: null, note: null, createdAt: '', updatedAt: '',
  };
  const counters = { confirmed: 0, refunds: 0 };
  let providerStatus: ProviderStatus = 'pending';
  const payments: PaymentRepository = {
    takeAttemptSlot: async () => ({ taken: true, previous: null }),
    markAttemptLive: async () => true,
    releaseAttemptSlot: async () => undefined,
    create: async () => undefined,
    listForOrder: async () => [{ ...payment }],
    findByProviderId: async () => ({ ...payment }),
    setStatus: async (_p, from: PaymentStatus, to: PaymentStatus, changes) => {
      if (payment.status !== from) return false;
      Object.assign(payment, { status: to, note: changes.note ?? payment.note, declineReason: changes.declineReason ?? payment.declineReason });
      return true;
    },
    confirm: async () => {
      if (payment.status !== 'PENDING') return 'payment-not-pending';
      if (order.status !== 'PENDING_PAYMENT') return 'order-not-payable';
      order.status = 'PAID';
      payment.status = 'APPROVED';
      counters.confirmed++;
      return 'confirmed';
    },
    unsettled: async () => [],
    markDelivery: async () => true,
    seenDelivery: async () => false,
  };
  const truth = (): ProviderPayment => ({
    providerPaymentId: 'x1', status: providerStatus, method: 'pix', amountCents: 1000, orderId: 'o1', paymentId: 'p1',
    declineReason: providerStatus === 'declined' ? 'insufficient funds' : null, card: null, approvedAt: providerStatus === 'pending' ? null : NOW.toISOString(),
  });
  const provider = {
    name: 'sandbox',
    getPayment: async () => truth(),
    refund: async () => {
      counters.refunds++;
      providerStatus = 'refunded';
      return { refundId: 'r', status: 'approved' as const };
    },
  } as unknown as PaymentProvider;
  const deps = { payments, provider, orders: { get: async () => ({ ...order }) }, now: () => NOW };
  return {
    order, payment, counters, deps,
    setProvider: (s: ProviderStatus) => { providerStatus = s; },
    providerStatus: () => providerStatus,
    deliver: async () => settle(deps, { ...payment }, truth(), 'corr'),
  };
}

const EXPECTED: Record<ProviderStatus, PaymentStatus> = {
  pending: 'PENDING', approved: 'APPROVED', declined: 'DECLINED', refunded: 'REFUNDED', cancelled: 'CANCELLED',
};

/** Provider lives a payment can have; each step is a change it notifies. */
const LIVES: ProviderStatus[][] = [['approved'], ['declined'], ['approved', 'refunded'], ['cancelled']];

describe('payment settlement', () => {
  it('ends in the provider\'s state for any permutation of (duplicate) deliveries, paying the order once', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...LIVES),
      fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 12 }),
      fc.infiniteStream(fc.boolean()),
      async (life, deliveryPlan, coin) => {
        const w = world('PENDING_PAYMENT');
        // Interleave provider changes with deliveries (each possibly a duplicate or late).
        const changes = [...life];
        for (const _ of deliveryPlan) {
          if (changes.length && coin.next().value) w.setProvider(changes.shift() as ProviderStatus);
          await w.deliver();
        }
        while (changes.length) w.setProvider(changes.shift() as ProviderStatus);
        await w.deliver(); // the provider always notifies its final change at least once
        await w.deliver(); // ...and may repeat it

        expect(w.payment.status).toBe(EXPECTED[w.providerStatus()]);
        expect(w.counters.confirmed).toBeLessThanOrEqual(1);
        expect(w.counters.refunds).toBe(0);
        if (w.counters.confirmed === 1) expect(w.order.status).toBe('PAID');
        if (life[0] !== 'approved') expect(w.order.status).toBe('PENDING_PAYMENT');
      },
    ), { numRuns: 300 });
  });

  it('refunds exactly once when the approval arrives after the order expired or was cancelled', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom<OrderRecord['status']>('EXPIRED', 'CANCELLED'),
      fc.integer({ min: 1, max: 6 }),
      async (orderStatus, duplicates) => {
        const w = world(orderStatus);
        w.setProvider('approved');
        for (let i = 0; i < duplicates; i++) await w.deliver();
        expect(w.counters.confirmed).toBe(0);
        expect(w.counters.refunds).toBe(1);
        expect(w.payment.status).toBe('REFUNDED');
        expect(w.payment.note).toMatch(new RegExp(orderStatus));
        expect(w.order.status).toBe(orderStatus);
      },
    ), { numRuns: 100 });
  });
});
