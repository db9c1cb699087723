/**
 * What the sales aggregates count, and when (docs/reports.md). The table-stream consumer
 * (reports/record-sales) hands every change of an Order, a Payment or a User profile here; each
 * change is zero or more facts, each with a deterministic id (`<entity>:<id>:<status>`), so a
 * replayed stream record is the same fact and is counted once (the aggregate store writes a marker
 * per fact in the same transaction as the increments).
 *
 * - a payment becoming APPROVED is a sale: the order was paid (the same transaction made it PAID),
 *   counted on the day it was paid, with the payment's method;
 * - a payment becoming REFUNDED is a refund of a sale, subtracted on the day it was refunded; it
 *   requires that payment's sale fact (a late or duplicate payment refunded automatically was never
 *   a sale, so its refund is not one either);
 * - an order created is an order placed (for the paid conversion); an order becoming CANCELLED or
 *   EXPIRED is a cancellation or an expiration on the day of that change (its money, if it was
 *   paid, comes back through its payment's refund);
 * - a User profile created is a new customer;
 * - a Pix payment created is a Pix charge issued, on the day it was created (charges issued against
 *   Pix sales, `pixOrders`, is how many QR codes were paid; a card attempt is not counted here).
 */
import type { OrderLine, OrderRecord } from '#domain/orders/ports.js';
import type { PaymentRecord } from '#domain/payments/records.js';

export const COUNTERS = [
  'placedOrders', 'paidOrders', 'paidCents', 'units', 'refunds', 'refundedCents', 'refundedUnits',
  'cancelledOrders', 'expiredOrders', 'newCustomers', 'pixOrders', 'pixCents', 'cardOrders', 'cardCents',
  'pixCharges',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Partial<Record<Counter, number>>;

export const DIMENSIONS = ['store', 'product', 'variant', 'category', 'customer', 'state', 'paymentMethod', 'saleType'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Increments to one aggregate item of a day (the whole store, or one value of a dimension), or to a customer's lifetime counters. */
export interface Contribution {
  dimension: Dimension | typeof CUSTOMER_LIFETIME;
  /** '' for the whole store. */
  value: string;
  label: string;
  counters: Counters;
}

export type Fact =
  | { kind: 'placed' | 'cancelled' | 'expired'; id: string; at: string; order: OrderRecord }
  | { kind: 'sale' | 'refund'; id: string; at: string; orderId: string; method: PaymentRecord['method']; amountCents: number; requires?: string }
  | { kind: 'newCustomer'; id: string; at: string; customerId: string }
  | { kind: 'pixCharge'; id: string; at: string };

type Item = Record<string, unknown>;

/**
 * A customer's counters over all time (orders placed, paid, cents paid and refunded: the admin
 * customer search's order count and lifetime value). Not a report dimension: one item per customer,
 * no day. Counted as facts of their own (`lifetime:<fact id>`, each with its own marker), so the
 * backfill of customers' past orders and the stream consumer can both count a fact and it counts once.
 */
export const CUSTOMER_LIFETIME = 'customerLifetime';
export const lifetimeFactId = (factId: string) => `lifetime:${factId}`;

/** The lifetime increments of a fact, if it changes a customer's counters. */
export function lifetimeContribution(fact: Fact, order: OrderRecord | undefined): Contribution | undefined {
  const source = 'order' in fact ? fact.order : order;
  if (!source) return undefined;
  const counters: Counters | undefined = fact.kind === 'placed' ? { placedOrders: 1 }
    : fact.kind === 'sale' ? { paidOrders: 1, paidCents: fact.amountCents }
      : fact.kind === 'refund' ? { refunds: 1, refundedCents: fact.amountCents }
        : undefined;
  return counters && { dimension: CUSTOMER_LIFETIME, value: source.customerId, label: source.customerId, counters };
}

/** The id of the sale fact of a payment (a refund requires it). */
export const saleFactId = (paymentId: string) => `payment:${paymentId}:APPROVED`;

export const placedFact = (order: OrderRecord): Fact => ({ kind: 'placed', id: `order:${order.id}:PENDING_PAYMENT`, at: order.createdAt, order });

/** The fact of an order that ended unpaid or cancelled (none for the other statuses). */
export function endFact(order: OrderRecord): Fact | undefined {
  if (order.status !== 'CANCELLED' && order.status !== 'EXPIRED') return undefined;
  const at = [...order.timeline].reverse().find((entry) => entry.status === order.status)?.at ?? order.updatedAt;
  return { kind: order.status === 'CANCELLED' ? 'cancelled' : 'expired', id: `order:${order.id}:${order.status}`, at, order };
}

function orderFacts(next: OrderRecord, previous: OrderRecord | undefined): Fact[] {
  if (previous?.status === next.status) return [];
  if (!previous && next.status === 'PENDING_PAYMENT') return [placedFact(next)];
  const ended = endFact(next);
  return ended ? [ended] : [];
}

const money = (payment: PaymentRecord, at: string) => ({ orderId: payment.orderId, method: payment.method, amountCents: payment.amountCents, at });
export const saleFact = (payment: PaymentRecord, at: string): Fact => ({ kind: 'sale', id: saleFactId(payment.paymentId), ...money(payment, at) });
export const refundFact = (payment: PaymentRecord): Fact => ({
  kind: 'refund', id: `payment:${payment.paymentId}:REFUNDED`, requires: saleFactId(payment.paymentId), ...money(payment, payment.updatedAt),
});

/** A Pix charge issued (the payment record's creation). */
export const pixChargeFact = (payment: PaymentRecord): Fact => ({ kind: 'pixCharge', id: `payment:${payment.paymentId}:CREATED`, at: payment.createdAt });

function paymentFacts(next: PaymentRecord, previous: PaymentRecord | undefined): Fact[] {
  const facts = !previous && next.method === 'pix' ? [pixChargeFact(next)] : [];
  if (previous?.status === next.status) return facts;
  if (next.status === 'APPROVED') facts.push(saleFact(next, next.updatedAt));
  if (next.status === 'REFUNDED') facts.push(refundFact(next));
  return facts;
}

/** The facts of one change of a stored item (its images before and after), told apart by its `entity` tag. */
export function reportFacts(next: Item | undefined, previous: Item | undefined): Fact[] {
  if (next?.entity === 'Order') return orderFacts(next as unknown as OrderRecord, previous as unknown as OrderRecord | undefined);
  if (next?.entity === 'Payment') return paymentFacts(next as unknown as PaymentRecord, previous as unknown as PaymentRecord | undefined);
  if (next?.entity === 'User' && !previous && typeof next.userId === 'string' && typeof next.createdAt === 'string') {
    return [{ kind: 'newCustomer', id: `customer:${next.userId}:CREATED`, at: next.createdAt, customerId: next.userId }];
  }
  return [];
}

const METHOD_LABEL: Record<PaymentRecord['method'], string> = { pix: 'Pix', card: 'Card' };

/** An order's lines summed by a key (two lines of one product are one product row: one order, their units and totals). */
function linesBy(lines: OrderLine[], keyOf: (line: OrderLine) => string | undefined, labelOf: (line: OrderLine) => string) {
  const groups = new Map<string, { label: string; quantity: number; cents: number }>();
  for (const line of lines) {
    const key = keyOf(line);
    if (key === undefined) continue;
    const group = groups.get(key) ?? { label: labelOf(line), quantity: 0, cents: 0 };
    group.quantity += line.quantity;
    group.cents += line.lineTotalCents;
    groups.set(key, group);
  }
  return [...groups];
}

const variantLabel = (line: OrderLine) => {
  const attributes = Object.values(line.attributes ?? {}).join(', ');
  return attributes ? `${line.name} (${attributes})` : line.name;
};

/**
 * The increments a fact makes, per dimension. Store, customer, state, payment method and sale type
 * count the order's money (what was paid: items less discount plus shipping); product, variant and
 * category count their lines (items at the price sold, before the order's discount and shipping).
 * `categories` maps a product to its first category (absent: no category row).
 */
export function contributions(fact: Fact, order: OrderRecord | undefined, categories: ReadonlyMap<string, string> = new Map()): Contribution[] {
  if (fact.kind === 'newCustomer') return [{ dimension: 'store', value: '', label: 'Store', counters: { newCustomers: 1 } }];
  if (fact.kind === 'pixCharge') {
    return [
      { dimension: 'store', value: '', label: 'Store', counters: { pixCharges: 1 } },
      { dimension: 'paymentMethod', value: 'pix', label: METHOD_LABEL.pix, counters: { pixCharges: 1 } },
    ];
  }
  const source = 'order' in fact ? fact.order : order;
  if (!source) return [];
  const units = source.items.reduce((sum, line) => sum + line.quantity, 0);
  const orderLevel = (counters: Counters): Contribution[] => [
    { dimension: 'store', value: '', label: 'Store', counters },
    { dimension: 'customer', value: source.customerId, label: (source.address && 'recipient' in source.address ? source.address.recipient : undefined) ?? source.customerId, counters },
    { dimension: 'state', value: source.address?.state ?? 'unknown', label: source.address?.state ?? 'unknown', counters },
    { dimension: 'saleType', value: source.flashSaleId ? 'flash' : 'regular', label: source.flashSaleId ? 'Flash sale' : 'Regular', counters },
  ];
  const lineLevel = (counters: (quantity: number, cents: number) => Counters): Contribution[] => [
    ...linesBy(source.items, (l) => l.productId, (l) => l.name).map(([value, g]) => ({ dimension: 'product' as const, value, label: g.label, counters: counters(g.quantity, g.cents) })),
    ...linesBy(source.items, (l) => l.sku, variantLabel).map(([value, g]) => ({ dimension: 'variant' as const, value, label: g.label, counters: counters(g.quantity, g.cents) })),
    ...linesBy(source.items, (l) => categories.get(l.productId), (l) => categories.get(l.productId) as string)
      .map(([value, g]) => ({ dimension: 'category' as const, value, label: g.label, counters: counters(g.quantity, g.cents) })),
  ];
  switch (fact.kind) {
    case 'placed':
      return orderLevel({ placedOrders: 1 });
    case 'cancelled':
      return [...orderLevel({ cancelledOrders: 1 }), ...lineLevel(() => ({ cancelledOrders: 1 }))];
    case 'expired':
      return [...orderLevel({ expiredOrders: 1 }), ...lineLevel(() => ({ expiredOrders: 1 }))];
    case 'sale': {
      const counters = { paidOrders: 1, paidCents: fact.amountCents, units };
      const [store, ...rest] = orderLevel(counters);
      return [
        { ...store, counters: { ...counters, [`${fact.method}Orders`]: 1, [`${fact.method}Cents`]: fact.amountCents } },
        ...rest,
        { dimension: 'paymentMethod', value: fact.method, label: METHOD_LABEL[fact.method], counters },
        ...lineLevel((quantity, cents) => ({ paidOrders: 1, paidCents: cents, units: quantity })),
      ];
    }
    case 'refund': {
      const counters = { refunds: 1, refundedCents: fact.amountCents, refundedUnits: units };
      return [
        ...orderLevel(counters),
        { dimension: 'paymentMethod', value: fact.method, label: METHOD_LABEL[fact.method], counters },
        ...lineLevel((quantity, cents) => ({ refunds: 1, refundedCents: cents, refundedUnits: quantity })),
      ];
    }
  }
}
