/**
 * Failures between the provider and our records: a retried payment never charges twice, and one
 * payment the provider cannot answer for does not stop the reconciler.
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import type { CreateCardInput, PaymentProvider, ProviderPayment } from '#domain/payments/ports.js';
import { type AttemptSlot, type PaymentRecord, type PaymentRepository, unsettledSortKey } from '#domain/payments/records.js';
import { reconcile, refundOrder, startPayment } from '#domain/payments/use-cases.js';

const NOW = new Date('2026-11-27T13:05:00Z');
const order = { id: 'o1', customerId: 'c1', status: 'PENDING_PAYMENT', totalCents: 10_000, paymentDeadline: '2026-11-27T13:30:00.000Z' } as OrderRecord;

function world() {
  const records: PaymentRecord[] = [];
  const charges = new Map<string, ProviderPayment>();
  const createKeys: string[] = [];
  let failNextCreate = false;
  let orderPayable = true;
  let slot: AttemptSlot | null = null;
  const provider = {
    name: 'sandbox',
    // A provider that honours idempotency keys: the same key answers with the first charge.
    createCard: async (input: CreateCardInput) => {
      createKeys.push(input.idempotencyKey);
      const existing = charges.get(input.idempotencyKey);
      if (existing) return existing;
      const charge: ProviderPayment = {
        providerPaymentId: `x${charges.size + 1}`, status: 'approved', method: 'card', amountCents: input.amountCents, orderId: input.orderId,
        paymentId: input.paymentId, declineReason: null, card: { brand: 'visa', lastFour: '1111' }, approvedAt: NOW.toISOString(),
      };
      charges.set(input.idempotencyKey, charge);
      return charge;
    },
    getPayment: async (id: string) => {
      const charge = [...charges.values()].find((c) => c.providerPaymentId === id);
      if (!charge) throw new Error(`provider timeout for ${id}`);
      return charge;
    },
  } as unknown as PaymentProvider;
  const payments = {
    takeAttemptSlot: async (_orderId: string, s: { paymentId: string; lockedUntilMs: number; nowMs: number }) => {
      if (slot?.phase === 'CHARGING' && (slot.lockedUntilMs ?? 0) >= s.nowMs) return { taken: false };
      const previous = slot;
      slot = { paymentId: s.paymentId, phase: 'CHARGING', lockedUntilMs: s.lockedUntilMs };
      return { taken: true, previous };
    },
    markAttemptLive: async (_orderId: string, paymentId: string) => {
      if (slot?.paymentId !== paymentId) return false;
      slot = { paymentId, phase: 'LIVE', lockedUntilMs: null };
      return true;
    },
    releaseAttemptSlot: async (_orderId: string, paymentId: string, previous: AttemptSlot | null) => {
      if (slot?.paymentId === paymentId) slot = previous;
    },
    create: async (record: PaymentRecord) => {
      if (failNextCreate) {
        failNextCreate = false;
        throw new Error('ProvisionedThroughputExceededException');
      }
      records.push({ ...record });
    },
    listForOrder: async () => records.map((r) => ({ ...r })),
    confirm: async (_o: OrderRecord, payment: PaymentRecord) => {
      if (!orderPayable) return 'order-not-payable' as const;
      const record = records.find((r) => r.paymentId === payment.paymentId)!;
      record.status = 'APPROVED';
      return 'confirmed' as const;
    },
    setStatus: async (payment: PaymentRecord, _from: string, to: PaymentRecord['status'], changes: { note?: string }) => {
      Object.assign(records.find((r) => r.paymentId === payment.paymentId)!, { status: to, note: changes.note ?? payment.note });
      return true;
    },
    unsettled: async (_before: string, limit: number, after?: string) => records
      .filter((r) => r.status === 'PENDING' && (after === undefined || unsettledSortKey(r) > after))
      .sort((a, b) => unsettledSortKey(a).localeCompare(unsettledSortKey(b)))
      .slice(0, limit)
      .map((r) => ({ ...r })),
  } as unknown as PaymentRepository;
  const deps = { provider, payments, orders: { get: async () => ({ ...order }) }, qrPng: async () => '', payerEmail: async () => 'ana@example.com', now: () => NOW };
  provider.refund = async () => ({ refundId: 'r1', status: 'approved' as const });
  return {
    deps, records, charges, createKeys, failRecordOnce: () => { failNextCreate = true; }, orderTaken: () => { orderPayable = false; }, slot: () => slot,
  };
}

const card = { method: 'card' as const, cardToken: 'tok', installments: 1 };

describe('payment creation retried after our record failed', () => {
  it('with the same Idempotency-Key the provider replays the first charge: one charge, one record', async () => {
    const w = world();
    w.failRecordOnce();
    const input = { orderId: 'o1', customerId: 'c1', correlationId: 'k', idempotencyKey: 'checkout-1', ...card };
    await expect(startPayment(w.deps, input)).rejects.toThrow('ProvisionedThroughputExceededException');
    const retried = await startPayment(w.deps, input);
    expect(retried.status).toBe('APPROVED');
    expect(w.createKeys).toHaveLength(2);
    expect(w.createKeys[1]).toBe(w.createKeys[0]);
    expect(w.charges.size).toBe(1);
    expect(w.records).toEqual([expect.objectContaining({ providerPaymentId: 'x1', status: 'APPROVED' })]);
  });

  it('different keys (or none) are different payments', async () => {
    const w = world();
    await startPayment(w.deps, { orderId: 'o1', customerId: 'c1', correlationId: 'k', idempotencyKey: 'a', ...card });
    await startPayment(w.deps, { orderId: 'o1', customerId: 'c1', correlationId: 'k', idempotencyKey: 'b', ...card });
    await startPayment(w.deps, { orderId: 'o1', customerId: 'c1', correlationId: 'k', ...card });
    expect(new Set(w.createKeys).size).toBe(3);
  });
});

describe('the answer to a card payment', () => {
  it('tells the real status: an approval the order could not take is refunded and answered REFUNDED, never PENDING', async () => {
    const w = world();
    w.orderTaken();
    const answer = await startPayment(w.deps, { orderId: 'o1', customerId: 'c1', correlationId: 'k', ...card });
    expect(answer).toMatchObject({ status: 'REFUNDED', note: expect.stringMatching(/^Refunded automatically/) });
    expect(w.records).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
    expect(w.slot()).toBeNull();
  });
});

describe('payment reconciliation', () => {
  const pending = (id: string, providerPaymentId: string, createdAt = ''): PaymentRecord => ({
    paymentId: id, orderId: 'o1', customerId: 'c1', provider: 'sandbox', providerPaymentId, method: 'card', status: 'PENDING',
    amountCents: 10_000, installments: 1, declineReason: null, pix: null, card: null, note: null, createdAt, updatedAt: '',
  });

  it('checks every unsettled payment, page after page, not only the oldest page', async () => {
    const w = world();
    for (let i = 0; i < 250; i++) w.records.push(pending(`p${String(i).padStart(3, '0')}`, `still-pending-${i}`, `2026-11-27T12:${String(i % 60).padStart(2, '0')}:00.000Z`));
    // The newest one was paid and its webhook lost.
    w.records.push(pending('p-new', 'x1', '2026-11-27T12:59:59.000Z'));
    w.charges.set('k1', { providerPaymentId: 'x1', status: 'approved', method: 'card', amountCents: 10_000, orderId: 'o1', paymentId: 'p-new', declineReason: null, card: null, approvedAt: null });
    const result = await reconcile(w.deps, { olderThanMs: 0, correlationId: 'c' });
    expect(result.checked).toBe(251);
    expect(result.changed).toBe(1);
    expect(w.records.find((r) => r.paymentId === 'p-new')?.status).toBe('APPROVED');
  });

  it('stops starting provider calls when its time budget is spent', async () => {
    const w = world();
    for (let i = 0; i < 5; i++) w.records.push(pending(`p${i}`, `x${i}`));
    expect((await reconcile(w.deps, { olderThanMs: 0, correlationId: 'c', budgetMs: -1 })).checked).toBe(0);
  });

  it('goes on past a payment the provider cannot answer for, and reports it', async () => {
    const w = world();
    w.records.push(pending('p-unknown', 'nope'), pending('p-ok', 'x1'));
    w.charges.set('k1', { providerPaymentId: 'x1', status: 'approved', method: 'card', amountCents: 10_000, orderId: 'o1', paymentId: 'p-ok', declineReason: null, card: null, approvedAt: null });
    const result = await reconcile(w.deps, { olderThanMs: 0, correlationId: 'c' });
    expect(result).toEqual({ checked: 2, changed: 1, failed: [{ paymentId: 'p-unknown', error: 'provider timeout for nope' }] });
    expect(w.records.find((r) => r.paymentId === 'p-ok')?.status).toBe('APPROVED');
  });
});

describe('refund of a cancelled paid order', () => {
  it('a provider failure leaves the refund pending for the reconciler instead of failing the cancellation', async () => {
    const w = world();
    await startPayment(w.deps, { orderId: 'o1', customerId: 'c1', correlationId: 'k', ...card });
    expect(w.records[0].status).toBe('APPROVED');
    w.deps.provider.refund = async () => { throw new Error('provider unavailable'); };
    expect(await refundOrder(w.deps, 'o1')).toEqual({ pending: [w.records[0].paymentId] });
    expect(w.records[0].status).toBe('REFUND_PENDING');
  });
});
