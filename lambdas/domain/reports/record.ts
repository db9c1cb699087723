/**
 * Counting one change of the table into the sales aggregates (the stream consumer's use case).
 * Facts and their increments: ./facts.ts; days: ./days.ts; once-only: the AggregateWriter.
 */
import { storeDay } from './days.js';
import { contributions, lifetimeContribution, lifetimeFactId, reportFacts } from './facts.js';
import type { RecordingDeps } from './ports.js';

type Item = Record<string, unknown>;

/** Counts the facts of one change; returns what happened to each (for logs and tests). */
export async function recordSalesChange(deps: RecordingDeps, next: Item | undefined, previous: Item | undefined): Promise<('counted' | 'duplicate' | 'unmet')[]> {
  const outcomes: ('counted' | 'duplicate' | 'unmet')[] = [];
  for (const fact of reportFacts(next, previous)) {
    const order = 'order' in fact ? fact.order : 'orderId' in fact ? await deps.orders.get(fact.orderId) : undefined;
    // A payment's order is in the payment's own partition and never deleted: its absence is an anomaly, retried rather than skipped.
    if ('orderId' in fact && !order) throw new Error(`Order ${fact.orderId} of fact ${fact.id} not found`);
    const categories = order && fact.kind !== 'placed' ? await deps.categories([...new Set(order.items.map((line) => line.productId))]) : new Map<string, string>();
    const requires = fact.kind === 'refund' ? fact.requires : undefined;
    outcomes.push(await deps.aggregates.count({ id: fact.id, day: storeDay(fact.at), requires }, contributions(fact, order, categories)));
    const lifetime = lifetimeContribution(fact, order);
    if (lifetime) {
      await deps.aggregates.count({ id: lifetimeFactId(fact.id), day: storeDay(fact.at), requires: requires && lifetimeFactId(requires) }, [lifetime]);
    }
  }
  return outcomes;
}
