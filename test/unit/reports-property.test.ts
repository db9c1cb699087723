/**
 * Property (docs/reports.md "Exactly once"): whatever the history — orders placed, paid by Pix or
 * card, declined, paid twice (the late one refunded automatically), cancelled after payment and
 * refunded, refunded by an admin, expired — and however the table stream delivers it (items
 * interleaved, each item's own changes in order as DynamoDB Streams keeps them, any record replayed
 * later), the aggregates the stream consumer keeps equal a from-scratch recomputation from the
 * final orders and payments.
 */
import fc from 'fast-check';
import type { OrderRecord } from '#domain/orders/ports.js';
import type { PaymentRecord } from '#domain/payments/records.js';
import { storeDay } from '#domain/reports/days.js';
import { type Contribution, lifetimeContribution } from '#domain/reports/facts.js';
import type { AggregateWriter, FactToCount } from '#domain/reports/ports.js';
import { AggregateTotals, differences, factsFromRecords } from '#domain/reports/recompute.js';
import { recordSalesChange } from '#domain/reports/record.js';

type Item = Record<string, unknown>;
interface Change { key: string; next: Item; previous: Item | undefined }

const PRODUCTS = [
  { productId: 'P1', sku: 'P1-A', name: 'Café', unitPriceCents: 2_990 },
  { productId: 'P2', sku: 'P2-A', name: 'Moedor', unitPriceCents: 14_900 },
  { productId: 'P3', sku: 'P3-A', name: 'Filtro', unitPriceCents: 990 },
];
const CATEGORIES = new Map([['P1', 'cafes'], ['P2', 'acessorios']]);

type Step = 'pay' | 'decline' | 'payTwice' | 'cancelAfterPay' | 'adminRefund' | 'expire' | 'nothing';

interface OrderSpec {
  lines: { product: number; quantity: number }[];
  state: 'SP' | 'RJ';
  placedAt: number;
  method: 'pix' | 'card';
  steps: Step;
  gapMinutes: number;
}

const orderArb: fc.Arbitrary<OrderSpec> = fc.record({
  lines: fc.uniqueArray(fc.record({ product: fc.integer({ min: 0, max: 2 }), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3, selector: (l) => l.product }),
  state: fc.constantFrom<'SP' | 'RJ'>('SP', 'RJ'),
  // Minutes from 2026-11-27 00:00 UTC: spans São Paulo's midnight (03:00 UTC) on two days.
  placedAt: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  method: fc.constantFrom<'pix' | 'card'>('pix', 'card'),
  steps: fc.constantFrom<Step>('pay', 'decline', 'payTwice', 'cancelAfterPay', 'adminRefund', 'expire', 'nothing'),
  gapMinutes: fc.integer({ min: 1, max: 36 * 60 }),
});

/** The history of one order as the table would store it: each item's successive images. */
function simulate(index: number, spec: OrderSpec): { changes: Change[][]; order: OrderRecord; payments: PaymentRecord[] } {
  const t = (minutes: number) => new Date(Date.UTC(2026, 10, 27) + minutes * 60_000).toISOString();
  let clock = spec.placedAt;
  const tick = () => {
    clock += spec.gapMinutes;
    return t(clock);
  };
  const items = spec.lines.map(({ product, quantity }) => {
    const p = PRODUCTS[product];
    return { ...p, attributes: {}, quantity, lineTotalCents: p.unitPriceCents * quantity };
  });
  const subtotal = items.reduce((s, l) => s + l.lineTotalCents, 0);
  const orderKey = `order-${index}`;
  let order = {
    entity: 'Order', id: `O${index}`, customerId: `C${index % 3}`, status: 'PENDING_PAYMENT', items, subtotalCents: subtotal, discountCents: 0,
    shippingCents: 1_500, totalCents: subtotal + 1_500, coupon: null, flashSaleId: null,
    address: { label: 'Casa', recipient: `Cliente ${index}`, street: 'Rua A', number: '1', district: 'Centro', city: 'Cidade', state: spec.state, cep: '01310-100' },
    createdAt: t(clock), updatedAt: t(clock), timeline: [{ status: 'PENDING_PAYMENT', at: t(clock), description: 'placed' }],
  } as unknown as OrderRecord & Item;
  const orderChanges: Change[] = [{ key: orderKey, next: order, previous: undefined }];
  const moveOrder = (status: OrderRecord['status'], at: string) => {
    const previous = order;
    order = { ...order, status, updatedAt: at, timeline: [...order.timeline, { status, at, description: status }] } as typeof order;
    orderChanges.push({ key: orderKey, next: order, previous });
  };
  const paymentChanges: Change[][] = [];
  const payments: PaymentRecord[] = [];
  const newPayment = (n: number) => {
    const at = tick();
    const record = {
      entity: 'Payment', paymentId: `PAY${index}-${n}`, orderId: order.id, customerId: order.customerId, provider: 'sandbox', providerPaymentId: `pp${index}-${n}`,
      method: spec.method, status: 'PENDING', amountCents: order.totalCents, installments: null, declineReason: null, pix: null, card: null, note: null, createdAt: at, updatedAt: at,
    } as unknown as PaymentRecord & Item;
    const history: Change[] = [{ key: `payment-${index}-${n}`, next: record, previous: undefined }];
    let current = record;
    const move = (changes: Partial<PaymentRecord>) => {
      const previous = current;
      current = { ...current, ...changes } as typeof current;
      history.push({ key: `payment-${index}-${n}`, next: current, previous });
    };
    paymentChanges.push(history);
    return { move, final: () => current };
  };

  const all: { final: () => PaymentRecord }[] = [];
  if (spec.steps !== 'nothing' && spec.steps !== 'expire') {
    const first = newPayment(1);
    all.push(first);
    if (spec.steps === 'decline') {
      first.move({ status: 'DECLINED', updatedAt: tick() });
    } else {
      const paidAt = tick();
      first.move({ status: 'APPROVED', updatedAt: paidAt, approvedAt: paidAt });
      moveOrder('PAID', paidAt);
      if (spec.steps === 'payTwice') {
        const second = newPayment(2);
        all.push(second);
        second.move({ status: 'REFUND_PENDING', updatedAt: tick(), note: 'Refunded automatically: the order was already paid by another payment' });
        second.move({ status: 'REFUNDED', updatedAt: tick() });
      }
      if (spec.steps === 'cancelAfterPay') {
        moveOrder('CANCELLED', tick());
        first.move({ status: 'REFUND_PENDING', updatedAt: tick(), note: 'Order cancelled after payment' });
        first.move({ status: 'REFUNDED', updatedAt: tick() });
      }
      if (spec.steps === 'adminRefund') {
        first.move({ status: 'REFUND_PENDING', updatedAt: tick(), note: 'Refunded by an administrator (A1)' });
        first.move({ status: 'REFUNDED', updatedAt: tick() });
      }
    }
  }
  if (spec.steps === 'expire') moveOrder('EXPIRED', tick());
  payments.push(...all.map((p) => p.final()));
  return { changes: [orderChanges, ...paymentChanges], order, payments };
}

/** The marker semantics of the aggregate store, in memory: a fact counts once; a refund needs its sale. */
function memoryWriter(totals: AggregateTotals): AggregateWriter {
  const markers = new Set<string>();
  return {
    async count(fact: FactToCount, contributed: Contribution[]) {
      if (markers.has(fact.id)) return 'duplicate';
      if (fact.requires && !markers.has(fact.requires)) return 'unmet';
      markers.add(fact.id);
      totals.add(fact.day, contributed);
      return 'counted';
    },
  };
}

const historyArb = fc.array(orderArb, { minLength: 1, maxLength: 6 }).chain((specs) => {
  const simulated = specs.map((spec, i) => simulate(i, spec));
  const streams = simulated.flatMap((s) => s.changes).filter((c) => c.length > 0);
  const total = streams.reduce((n, s) => n + s.length, 0);
  return fc.record({
    // Which item's next change is delivered at each step (each item's own changes stay in order).
    picks: fc.array(fc.nat(), { minLength: total, maxLength: total }),
    // Records delivered again later: [index of an already delivered record, how far later].
    replays: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
  }).map(({ picks, replays }) => {
    const cursors = streams.map(() => 0);
    const delivered: Change[] = [];
    for (const pick of picks) {
      const open = streams.map((_, i) => i).filter((i) => cursors[i] < streams[i].length);
      const item = open[pick % open.length];
      delivered.push(streams[item][cursors[item]++]);
    }
    for (const [which, later] of replays) {
      const at = which % delivered.length;
      delivered.splice(Math.min(delivered.length, at + 1 + (later % delivered.length)), 0, delivered[at]);
    }
    return { simulated, delivered };
  });
});

it('stream-kept aggregates and customer lifetime counters equal a recomputation from the final records, under interleaving and replays', async () => {
  await fc.assert(fc.asyncProperty(historyArb, async ({ simulated, delivered }) => {
    const kept = new AggregateTotals();
    const finalOrders = new Map(simulated.map((s) => [s.order.id, s.order]));
    const deps = {
      aggregates: memoryWriter(kept),
      orders: { get: async (id: string) => finalOrders.get(id) },
      categories: async (ids: string[]) => new Map(ids.filter((id) => CATEGORIES.has(id)).map((id) => [id, CATEGORIES.get(id) as string])),
    };
    for (const change of delivered) await recordSalesChange(deps, change.next, change.previous);

    const recomputed = new AggregateTotals();
    for (const s of simulated) recomputed.addOrder(s.order, s.payments, CATEGORIES);
    // The customers' lifetime counters (the admin customer search) are counted once each too.
    for (const s of simulated) {
      for (const fact of factsFromRecords(s.order, s.payments)) {
        const lifetime = lifetimeContribution(fact, s.order);
        if (lifetime) recomputed.add(storeDay(fact.at), [lifetime]);
      }
    }
    expect(differences(recomputed.items, kept.items, new Set())).toEqual([]);
  }), { numRuns: 300 });
});

it('the recomputation tells a sale from a late payment refunded automatically on records without approvedAt', () => {
  const { order, payments } = simulate(0, { lines: [{ product: 0, quantity: 1 }], state: 'SP', placedAt: 10, method: 'pix', steps: 'payTwice', gapMinutes: 5 });
  const legacy = payments.map(({ approvedAt: _dropped, ...rest }) => rest as PaymentRecord);
  const withField = new AggregateTotals();
  withField.addOrder(order, payments);
  const withoutField = new AggregateTotals();
  withoutField.addOrder(order, legacy);
  expect(differences(withField.items, withoutField.items, new Set())).toEqual([]);
  const store = [...withField.items.values()].find((i) => i.dimension === 'store' && i.counters.paidOrders)?.counters;
  expect(store?.paidOrders).toBe(1);
  expect(store?.refunds).toBeUndefined();
});
