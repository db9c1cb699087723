/**
 * The sales aggregates' rules (lambdas/domain/reports): São Paulo days, which change is which fact
 * (ids deterministic, so a replay is the same fact), and what each fact adds to which dimension.
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import type { PaymentRecord } from '#domain/payments/records.js';
import { addDays, dayCount, isDay, periodOf, periodsOf, storeDay } from '#domain/reports/days.js';
import { contributions, type Contribution, lifetimeContribution, reportFacts, saleFactId } from '#domain/reports/facts.js';
import { shardSoldOut, windowFigures } from '#domain/reports/flash.js';
import { recordSalesChange } from '#domain/reports/record.js';
import { factsFromRecords } from '#domain/reports/recompute.js';
import type { FactToCount } from '#domain/reports/ports.js';

const order = (changes: Partial<OrderRecord> = {}): OrderRecord => ({
  id: 'o1', customerId: 'c1', status: 'PENDING_PAYMENT',
  items: [
    { sku: 'CAM-P', productId: 'p1', name: 'Camiseta', attributes: { tamanho: 'P' }, quantity: 2, unitPriceCents: 5000, lineTotalCents: 10000 },
    { sku: 'CAM-M', productId: 'p1', name: 'Camiseta', attributes: { tamanho: 'M' }, quantity: 1, unitPriceCents: 5000, lineTotalCents: 5000 },
    { sku: 'CAN-1', productId: 'p2', name: 'Caneca', attributes: {}, quantity: 1, unitPriceCents: 3000, lineTotalCents: 3000 },
  ],
  subtotalCents: 18000, discountCents: 1000, shippingCents: 1500, totalCents: 18500, coupon: null,
  address: { state: 'RJ', recipient: 'Ana Souza' } as OrderRecord['address'], shipping: null, paymentDeadline: '2026-11-28T03:30:00.000Z',
  carrier: null, trackingCode: null, flashSaleId: null, flashSale: null,
  timeline: [{ status: 'PENDING_PAYMENT', at: '2026-11-28T02:50:00.000Z', description: 'placed' }],
  correlationId: 'req-1', createdAt: '2026-11-28T02:50:00.000Z', updatedAt: '2026-11-28T02:50:00.000Z',
  ...changes,
});
const payment = (changes: Partial<PaymentRecord> = {}): PaymentRecord => ({
  paymentId: 'pay1', orderId: 'o1', customerId: 'c1', provider: 'sandbox' as PaymentRecord['provider'], providerPaymentId: 'x',
  method: 'pix', status: 'PENDING', amountCents: 18500, installments: null, declineReason: null, pix: null, card: null, note: null,
  createdAt: '2026-11-28T02:55:00.000Z', updatedAt: '2026-11-28T02:55:00.000Z', ...changes,
});
const item = <T extends object>(entity: string, value: T) => ({ entity, ...value }) as Record<string, unknown>;
const find = (list: Contribution[], dimension: string, value = '') => list.find((c) => c.dimension === dimension && c.value === value);

describe('São Paulo days', () => {
  it('an instant belongs to the São Paulo calendar day (UTC−3), on both sides of its midnight', () => {
    expect(storeDay('2026-11-28T02:59:59.999Z')).toBe('2026-11-27');
    expect(storeDay('2026-11-28T03:00:00.000Z')).toBe('2026-11-28');
    expect(storeDay('2026-12-31T23:30:00.000Z')).toBe('2026-12-31');
    expect(storeDay('2027-01-01T02:59:00.000Z')).toBe('2026-12-31');
    expect(storeDay('2027-01-01T03:00:00.000Z')).toBe('2027-01-01');
  });

  it('follows the tz rules rather than a fixed offset: in January 2018 São Paulo was on summer time (UTC−2)', () => {
    expect(storeDay('2018-01-15T02:30:00.000Z')).toBe('2018-01-15');
    expect(storeDay('2018-01-15T01:59:00.000Z')).toBe('2018-01-14');
  });

  it('refuses what is not an instant', () => {
    expect(() => storeDay('yesterday')).toThrow(RangeError);
  });

  it('validates calendar dates and does calendar arithmetic', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayCount('2026-01-01', '2026-12-31')).toBe(365);
    expect(dayCount('2026-01-02', '2026-01-01')).toBe(0);
  });

  it('groups days into ISO weeks (by their Monday) and months, none missing', () => {
    expect(periodOf('2026-11-29', 'week')).toBe('2026-11-23');
    expect(periodOf('2026-11-30', 'week')).toBe('2026-11-30');
    expect(periodOf('2026-11-30', 'month')).toBe('2026-11');
    expect(periodsOf('2026-11-20', '2026-12-02', 'week')).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(periodsOf('2026-10-31', '2027-01-01', 'month')).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);
    expect(periodsOf('2026-11-01', '2026-11-03', 'day')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });
});

describe('which change is which fact', () => {
  it('an order created is placed; a payment approved is a sale on its approval instant; refunded is a refund requiring the sale', () => {
    expect(reportFacts(item('Order', order()), undefined)).toEqual([expect.objectContaining({ kind: 'placed', id: 'order:o1:PENDING_PAYMENT', at: '2026-11-28T02:50:00.000Z' })]);
    const approved = payment({ status: 'APPROVED', updatedAt: '2026-11-28T03:05:00.000Z' });
    expect(reportFacts(item('Payment', approved), item('Payment', payment()))).toEqual([
      { kind: 'sale', id: 'payment:pay1:APPROVED', at: '2026-11-28T03:05:00.000Z', orderId: 'o1', method: 'pix', amountCents: 18500 },
    ]);
    const refunded = payment({ status: 'REFUNDED', updatedAt: '2026-12-02T12:00:00.000Z' });
    expect(reportFacts(item('Payment', refunded), item('Payment', { ...approved, status: 'REFUND_PENDING' }))).toEqual([
      { kind: 'refund', id: 'payment:pay1:REFUNDED', requires: saleFactId('pay1'), at: '2026-12-02T12:00:00.000Z', orderId: 'o1', method: 'pix', amountCents: 18500 },
    ]);
  });

  it('cancelled (before or after payment) and expired orders are facts on the day of that change, not of the order', () => {
    const paid = order({ status: 'PAID', timeline: [...order().timeline, { status: 'PAID', at: '2026-11-28T03:05:00.000Z', description: '' }] });
    const cancelled = { ...paid, status: 'CANCELLED' as const, updatedAt: '2026-12-01T10:00:00.000Z', timeline: [...paid.timeline, { status: 'CANCELLED' as const, at: '2026-12-01T10:00:00.000Z', description: '' }] };
    expect(reportFacts(item('Order', cancelled), item('Order', paid))).toEqual([expect.objectContaining({ kind: 'cancelled', id: 'order:o1:CANCELLED', at: '2026-12-01T10:00:00.000Z' })]);
    const expired = order({ status: 'EXPIRED', timeline: [...order().timeline, { status: 'EXPIRED', at: '2026-11-28T03:31:00.000Z', description: '' }] });
    expect(reportFacts(item('Order', expired), item('Order', order()))).toEqual([expect.objectContaining({ kind: 'expired', id: 'order:o1:EXPIRED', at: '2026-11-28T03:31:00.000Z' })]);
  });

  it('no fact when the status stays, for statuses that count nothing, or for other entities; a profile created is a new customer', () => {
    expect(reportFacts(item('Order', order({ updatedAt: 'later' })), item('Order', order()))).toEqual([]);
    expect(reportFacts(item('Order', order({ status: 'SHIPPED' })), item('Order', order({ status: 'PAID' })))).toEqual([]);
    expect(reportFacts(item('Payment', payment({ status: 'DECLINED' })), item('Payment', payment()))).toEqual([]);
    expect(reportFacts(item('Payment', payment({ method: 'card' })), undefined)).toEqual([]);
    expect(reportFacts(item('Variant', { sku: 'x' }), undefined)).toEqual([]);
    expect(reportFacts(item('User', { userId: 'u1', createdAt: '2026-11-28T10:00:00.000Z' }), undefined))
      .toEqual([{ kind: 'newCustomer', id: 'customer:u1:CREATED', at: '2026-11-28T10:00:00.000Z', customerId: 'u1' }]);
    expect(reportFacts(item('User', { userId: 'u1', createdAt: 'x' }), item('User', { userId: 'u1', createdAt: 'x' }))).toEqual([]);
  });

  it('the same change gives the same ids (a replayed record is the same fact)', () => {
    const change = () => reportFacts(item('Payment', payment({ status: 'APPROVED' })), item('Payment', payment()));
    expect(change().map((f) => f.id)).toEqual(change().map((f) => f.id));
  });
});

describe('what each fact adds', () => {
  const sale = reportFacts(item('Payment', payment({ status: 'APPROVED' })), item('Payment', payment()))[0];

  it('a sale adds the amount paid to the order-level dimensions and the line totals to products, variants and categories', () => {
    const list = contributions(sale, order(), new Map([['p1', 'roupas']]));
    const orderLevel = { paidOrders: 1, paidCents: 18500, units: 4 };
    expect(find(list, 'store')?.counters).toEqual({ ...orderLevel, pixOrders: 1, pixCents: 18500 });
    expect(find(list, 'customer', 'c1')?.counters).toEqual(orderLevel);
    expect(find(list, 'state', 'RJ')?.counters).toEqual(orderLevel);
    expect(find(list, 'paymentMethod', 'pix')).toMatchObject({ label: 'Pix', counters: orderLevel });
    expect(find(list, 'saleType', 'regular')?.counters).toEqual(orderLevel);
    expect(find(list, 'product', 'p1')).toMatchObject({ label: 'Camiseta', counters: { paidOrders: 1, paidCents: 15000, units: 3 } });
    expect(find(list, 'product', 'p2')?.counters).toEqual({ paidOrders: 1, paidCents: 3000, units: 1 });
    expect(find(list, 'variant', 'CAM-P')).toMatchObject({ label: 'Camiseta (P)', counters: { paidOrders: 1, paidCents: 10000, units: 2 } });
    expect(find(list, 'category', 'roupas')?.counters).toEqual({ paidOrders: 1, paidCents: 15000, units: 3 });
    expect(list.filter((c) => c.dimension === 'category')).toHaveLength(1);
    // One item per (dimension, value): a transaction cannot touch an item twice.
    expect(new Set(list.map((c) => `${c.dimension}#${c.value}`)).size).toBe(list.length);
  });

  it('a flash-sale order counts under the flash sale type', () => {
    expect(find(contributions(sale, order({ flashSaleId: 'bf' })), 'saleType', 'flash')).toBeDefined();
  });

  it('a refund adds to refunds (subtracted from revenue on read), never to sales', () => {
    const refund = reportFacts(item('Payment', payment({ status: 'REFUNDED' })), item('Payment', payment({ status: 'REFUND_PENDING' })))[0];
    const list = contributions(refund, order());
    expect(find(list, 'store')?.counters).toEqual({ refunds: 1, refundedCents: 18500, refundedUnits: 4 });
    expect(find(list, 'product', 'p1')?.counters).toEqual({ refunds: 1, refundedCents: 15000, refundedUnits: 3 });
    expect(list.every((c) => c.counters.paidCents === undefined)).toBe(true);
  });

  it('cancellations and expirations count orders only; placed orders count at order level', () => {
    const [cancelled] = reportFacts(item('Order', order({ status: 'CANCELLED' })), item('Order', order({ status: 'PAID' })));
    expect(find(contributions(cancelled, undefined), 'store')?.counters).toEqual({ cancelledOrders: 1 });
    expect(find(contributions(cancelled, undefined), 'variant', 'CAN-1')?.counters).toEqual({ cancelledOrders: 1 });
    const [expired] = reportFacts(item('Order', order({ status: 'EXPIRED' })), item('Order', order()));
    expect(find(contributions(expired, undefined), 'state', 'RJ')?.counters).toEqual({ expiredOrders: 1 });
    const [placed] = reportFacts(item('Order', order()), undefined);
    expect(contributions(placed, undefined).map((c) => c.dimension)).toEqual(['store', 'customer', 'state', 'saleType']);
  });
});

describe('recording a change', () => {
  it('counts each fact on its São Paulo day, reading the order of a payment, with the required sale for a refund', async () => {
    const counted: { fact: FactToCount; contributions: Contribution[] }[] = [];
    const deps = {
      aggregates: { count: async (fact: FactToCount, list: Contribution[]) => { counted.push({ fact, contributions: list }); return 'counted' as const; } },
      orders: { get: async (id: string) => (id === 'o1' ? order() : undefined) },
      categories: async () => new Map<string, string>(),
    };
    await recordSalesChange(deps, item('Payment', payment({ status: 'REFUNDED', updatedAt: '2026-12-02T02:00:00.000Z' })), item('Payment', payment({ status: 'REFUND_PENDING' })));
    expect(counted[0].fact).toEqual({ id: 'payment:pay1:REFUNDED', day: '2026-12-01', requires: 'payment:pay1:APPROVED' });
    await expect(recordSalesChange(deps, item('Payment', payment({ orderId: 'gone', status: 'APPROVED' })), item('Payment', payment()))).rejects.toThrow(/not found/);
  });
});

describe('Pix charges issued', () => {
  it('a Pix payment created is a charge on its creation day, once; a card attempt is not; its approval is still the sale', () => {
    const created = reportFacts(item('Payment', payment({ createdAt: '2026-11-28T02:55:00.000Z' })), undefined);
    expect(created).toEqual([{ kind: 'pixCharge', id: 'payment:pay1:CREATED', at: '2026-11-28T02:55:00.000Z' }]);
    expect(contributions(created[0], undefined)).toEqual([
      { dimension: 'store', value: '', label: 'Store', counters: { pixCharges: 1 } },
      { dimension: 'paymentMethod', value: 'pix', label: 'Pix', counters: { pixCharges: 1 } },
    ]);
    expect(reportFacts(item('Payment', payment({ status: 'APPROVED' })), item('Payment', payment())).map((f) => f.kind)).toEqual(['sale']);
    expect(reportFacts(item('Payment', payment({ method: 'card', status: 'APPROVED' })), undefined).map((f) => f.kind)).toEqual(['sale']);
  });

  it('the recomputation counts every Pix payment as a charge with the stream\'s id, whatever became of it', () => {
    const payments = [payment({ paymentId: 'a', status: 'CANCELLED' }), payment({ paymentId: 'b', status: 'APPROVED' }), payment({ paymentId: 'c', method: 'card', status: 'DECLINED' })];
    const charges = factsFromRecords(order({ status: 'PAID' }), payments).filter((f) => f.kind === 'pixCharge').map((f) => f.id);
    expect(charges).toEqual(['payment:a:CREATED', 'payment:b:CREATED']);
    expect(charges[0]).toBe(reportFacts(item('Payment', payment({ paymentId: 'a' })), undefined)[0].id);
  });
});

describe('customer lifetime counters', () => {
  it('an order placed, a sale and a refund move the customer\'s counters; other facts do not', () => {
    const [placed] = reportFacts(item('Order', order()), undefined);
    expect(lifetimeContribution(placed, undefined)).toEqual({ dimension: 'customerLifetime', value: 'c1', label: 'c1', counters: { placedOrders: 1 } });
    const [sale] = reportFacts(item('Payment', payment({ status: 'APPROVED' })), item('Payment', payment()));
    expect(lifetimeContribution(sale, order())?.counters).toEqual({ paidOrders: 1, paidCents: 18500 });
    const [refund] = reportFacts(item('Payment', payment({ status: 'REFUNDED' })), item('Payment', payment({ status: 'REFUND_PENDING' })));
    expect(lifetimeContribution(refund, order())?.counters).toEqual({ refunds: 1, refundedCents: 18500 });
    const [expired] = reportFacts(item('Order', order({ status: 'EXPIRED' })), item('Order', order()));
    expect(lifetimeContribution(expired, undefined)).toBeUndefined();
  });

  it('the consumer counts each lifetime fact under its own id, the refund requiring the sale\'s lifetime fact', async () => {
    const counted: FactToCount[] = [];
    const deps = {
      aggregates: { count: async (fact: FactToCount) => { counted.push(fact); return 'counted' as const; } },
      orders: { get: async () => order() },
      categories: async () => new Map<string, string>(),
    };
    await recordSalesChange(deps, item('Payment', payment({ status: 'REFUNDED', updatedAt: '2026-12-02T02:00:00.000Z' })), item('Payment', payment({ status: 'REFUND_PENDING' })));
    expect(counted.map((f) => [f.id, f.requires])).toEqual([
      ['payment:pay1:REFUNDED', 'payment:pay1:APPROVED'],
      ['lifetime:payment:pay1:REFUNDED', 'lifetime:payment:pay1:APPROVED'],
    ]);
  });

  it('the backfill counts the facts the records stand for, with the stream consumer\'s ids, only placed/sale/refund moving the counters', () => {
    const paid = order({ status: 'CANCELLED', timeline: [...order().timeline, { status: 'PAID', at: '2026-11-28T03:00:00.000Z', description: 'paid' }, { status: 'CANCELLED', at: '2026-11-29T03:00:00.000Z', description: 'cancelled' }] });
    const payments = [payment({ paymentId: 'back', status: 'REFUNDED', approvedAt: '2026-11-28T03:00:00.000Z' }), payment({ paymentId: 'no', status: 'DECLINED' })];
    const counted = factsFromRecords(paid, payments).filter((f) => lifetimeContribution(f, paid)).map((f) => f.id);
    expect(counted).toEqual(['order:o1:PENDING_PAYMENT', saleFactId('back'), 'payment:back:REFUNDED']);
    expect(counted[0]).toBe(reportFacts(item('Order', order()), undefined)[0].id);
  });
});

describe('flash-sale windows', () => {
  const header = { windowId: 'bf@2026-11-27T13:00:00.000Z', startsAt: '2026-11-27T13:00:00.000Z', endsAt: '2026-11-27T14:00:00.000Z', unitsPerWindow: 3, shards: 4, paid: 2, expired: 1 };
  const shard = (n: number, remaining: number, claims: number) => ({ shard: n, remaining, claimTokens: Array.from({ length: claims }, (_, i) => `t${n}-${i}`), returnedTokens: [], restocked: 0 });

  it('a claim taking a shard\'s last unit is a sell-out of that shard; a window closing or a unit coming back is not', () => {
    const before = { entity: 'FlashShard', windowId: header.windowId, shard: 1, remaining: 1, claimTokens: new Set(['a']) };
    const after = { ...before, remaining: 0, claimTokens: new Set(['a', 'b']) };
    expect(shardSoldOut(after, before, '2026-11-27T13:00:04.000Z')).toEqual({ saleId: 'bf', windowStart: header.startsAt, shard: 1, at: '2026-11-27T13:00:04.000Z' });
    expect(shardSoldOut({ ...before, remaining: 0, restocked: 1 }, before, 'x')).toBeUndefined();
    expect(shardSoldOut(before, after, 'x')).toBeUndefined();
    expect(shardSoldOut(after, undefined, 'x')).toBeUndefined();
  });

  it('claimed, paid, expired from the header and shards; sold out when every shard holding units ran out, at the latest', () => {
    // 3 units over 4 shards: shards 0, 1, 2 hold one each, shard 3 none.
    const shards = [shard(0, 0, 1), shard(1, 0, 2), shard(2, 0, 1), shard(3, 0, 0)];
    const times = new Map([[0, '2026-11-27T13:00:02.000Z'], [1, '2026-11-27T13:00:09.400Z'], [2, '2026-11-27T13:00:05.000Z']]);
    expect(windowFigures(header, shards, times)).toEqual({
      windowStart: header.startsAt, windowEnd: header.endsAt, units: 3, claimed: 4, paid: 2, expired: 1, remaining: 0, secondsToSellOut: 9,
    });
    times.delete(2);
    expect(windowFigures(header, shards, times).secondsToSellOut).toBeNull();
  });
});

describe('KPIs: top products', () => {
  it('lists products that sold, not those that only had orders placed, cancelled or expired', async () => {
    const { kpis } = await import('#domain/reports/queries.js');
    const reader = {
      storeDays: async () => [],
      dimensionDays: async (_dimension: string, days: string[]) => (days.includes('2026-11-27') ? [
        { day: '2026-11-27', value: 'P1', label: 'Café', counters: { paidOrders: 1, paidCents: 2_990, units: 1 } },
        { day: '2026-11-27', value: 'P2', label: 'Moedor', counters: { expiredOrders: 1 } },
      ] : []),
    };
    const body = await kpis(reader, '2026-11-27', '2026-11-27');
    expect(body.topProducts.current).toEqual([{ productId: 'P1', name: 'Café', revenueCents: 2_990, units: 1 }]);
  });

  it('Pix charges issued and the share of them paid, against the previous period', async () => {
    const { kpis } = await import('#domain/reports/queries.js');
    const reader = {
      storeDays: async (from: string) => [{ day: from, value: '', label: 'Store', counters: from === '2026-11-27' ? { pixCharges: 8, pixOrders: 6, paidOrders: 7 } : { pixCharges: 4, pixOrders: 1, paidOrders: 1 } }],
      dimensionDays: async () => [],
    };
    const body = await kpis(reader, '2026-11-27', '2026-11-27');
    expect(body.pixCharges).toEqual({ current: 8, previous: 4, change: 1 });
    expect(body.pixChargesPaid).toEqual({ current: 0.75, previous: 0.25, change: 2 });
  });
});

describe('CSV delivery', () => {
  const report = { from: '2026-11-01', to: '2026-11-02', groupBy: 'day' as const, currency: 'BRL' as const,
    totals: { revenueCents: 100, orders: 1, units: 1, averageOrderCents: 100, refundedCents: 0, cancelledOrders: 0 },
    rows: [{ key: '2026-11-01', label: '2026-11-01', revenueCents: 100, orders: 1, units: 1 }, { key: '2026-11-02', label: '2026-11-02', revenueCents: 0, orders: 0, units: 0 }] };

  it('answers inline up to the limit, else saves the file and links it with its expiry and size', async () => {
    const { salesCsv, salesCsvDelivery } = await import('#domain/reports/queries.js');
    const saved: { fileName: string; body: string; contentType: string }[] = [];
    const deps = {
      exports: { save: async (fileName: string, body: string, contentType: string) => { saved.push({ fileName, body, contentType }); return { url: 'https://x/y', expiresInSeconds: 300 }; } },
      now: () => new Date('2026-12-03T12:00:00.000Z'),
    };
    const csv = salesCsv(report);
    const bytes = Buffer.byteLength(csv);
    expect(await salesCsvDelivery(report, deps, bytes)).toEqual({ inline: csv, fileName: 'sales-day-2026-11-01-2026-11-02.csv' });
    expect(saved).toEqual([]);
    expect(await salesCsvDelivery(report, deps, bytes - 1)).toEqual({
      link: { url: 'https://x/y', expiresAt: '2026-12-03T12:05:00.000Z', bytes }, fileName: 'sales-day-2026-11-01-2026-11-02.csv',
    });
    expect(saved).toEqual([{ fileName: 'sales-day-2026-11-01-2026-11-02.csv', body: csv, contentType: 'text/csv; charset=utf-8' }]);
  });
});
