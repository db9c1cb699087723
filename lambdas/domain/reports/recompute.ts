/**
 * The sales aggregates recomputed from scratch, from the orders and payments as they are now
 * (`npm run reports:check` and `reports:rebuild`, docs/reports.md), with the same facts and the same
 * increments as the stream consumer, so the two can be compared figure by figure.
 *
 * From the records alone: every order was placed (at its creation); a CANCELLED or EXPIRED one ended
 * at its timeline entry; a payment that paid its order (`approvedAt`, kept through a refund) is a sale
 * then, and, once REFUNDED, a refund at its last update; every Pix payment is a charge issued at its creation. A payment recorded before `approvedAt`
 * existed is a sale if it is APPROVED, or was refunded for a reason other than "Refunded
 * automatically" (a late or duplicate payment, never a sale), on its order's PAID entry.
 * New customers are not recomputable (a deleted account's profile is gone): they are left out.
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import type { PaymentRecord } from '#domain/payments/records.js';
import { storeDay } from './days.js';
import { type Contribution, type Counters, contributions, endFact, type Fact, pixChargeFact, placedFact, refundFact, saleFact } from './facts.js';

const AUTOMATIC_REFUND = 'Refunded automatically';

/** When a payment paid its order, if it did. */
function approvedAtOf(payment: PaymentRecord, order: OrderRecord): string | undefined {
  if (payment.approvedAt) return payment.approvedAt;
  const paid = order.timeline.find((entry) => entry.status === 'PAID')?.at;
  if (payment.status === 'APPROVED') return paid ?? payment.updatedAt;
  if ((payment.status === 'REFUNDED' || payment.status === 'REFUND_PENDING') && !payment.note?.startsWith(AUTOMATIC_REFUND)) return paid;
  return undefined;
}

/** Every fact an order and its payments stand for now. */
export function factsFromRecords(order: OrderRecord, payments: readonly PaymentRecord[]): Fact[] {
  const facts: Fact[] = [placedFact(order)];
  const ended = endFact(order);
  if (ended) facts.push(ended);
  for (const payment of payments) {
    if (payment.method === 'pix') facts.push(pixChargeFact(payment));
    const approvedAt = approvedAtOf(payment, order);
    if (!approvedAt) continue;
    facts.push(saleFact(payment, approvedAt));
    if (payment.status === 'REFUNDED') facts.push(refundFact(payment));
  }
  return facts;
}

/** One aggregate item's identity: dimension, day and value (the whole store's shards summed). */
export const aggregateKey = (dimension: string, day: string, value: string) => `${dimension}|${day}|${value}`;

/** Sums contributions into aggregate items, as the ADD increments do. */
export class AggregateTotals {
  readonly items = new Map<string, { dimension: string; day: string; value: string; label: string; counters: Counters }>();

  add(day: string, contributed: readonly Contribution[]): void {
    for (const c of contributed) {
      const key = aggregateKey(c.dimension, day, c.value);
      const item = this.items.get(key) ?? { dimension: c.dimension, day, value: c.value, label: c.label, counters: {} };
      for (const [counter, by] of Object.entries(c.counters) as [keyof Counters, number][]) {
        if (by !== 0) item.counters[counter] = (item.counters[counter] ?? 0) + by;
      }
      this.items.set(key, item);
    }
  }

  /** The facts of an order (its items, address and customer) counted into their days. */
  addOrder(order: OrderRecord, payments: readonly PaymentRecord[], categories: ReadonlyMap<string, string> = new Map()): void {
    for (const fact of factsFromRecords(order, payments)) {
      this.add(storeDay(fact.at), contributions(fact, order, fact.kind === 'placed' ? new Map() : categories));
    }
  }
}

/** Differences between two sets of aggregate items (absent counters are 0), for the check. */
export function differences(
  expected: AggregateTotals['items'],
  actual: AggregateTotals['items'],
  ignore: ReadonlySet<keyof Counters> = new Set(['newCustomers']),
): { key: string; counter: string; expected: number; actual: number }[] {
  const found: { key: string; counter: string; expected: number; actual: number }[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key)?.counters ?? {};
    const got = actual.get(key)?.counters ?? {};
    for (const counter of new Set([...Object.keys(want), ...Object.keys(got)]) as Set<keyof Counters>) {
      if (ignore.has(counter)) continue;
      const e = want[counter] ?? 0;
      const a = got[counter] ?? 0;
      if (e !== a) found.push({ key, counter, expected: e, actual: a });
    }
  }
  return found.sort((x, y) => x.key.localeCompare(y.key) || x.counter.localeCompare(y.counter));
}
