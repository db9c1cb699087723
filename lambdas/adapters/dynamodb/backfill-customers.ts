/**
 * One-off backfill of the customer search (docs/data-model.md "Customer search"): for every profile
 * written before the search existed, its search entries (`reindexProfile`), and its lifetime counters
 * from its past orders and payments (the facts `reports:rebuild` reads from them), counted as the stream consumer counts them (one marker per fact,
 * `lifetime:<fact id>`), so a fact the consumer already counted, or a second run, adds nothing.
 * A Scan, in a script, never on a request path.
 */
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { storeDay } from '#domain/reports/days.js';
import { lifetimeContribution, lifetimeFactId } from '#domain/reports/facts.js';
import { factsFromRecords } from '#domain/reports/recompute.js';
import { ddb, tableName } from './client.js';
import { orderRepository } from './orders.js';
import { paymentRepository } from './payments.js';
import { aggregateWriter } from './reports.js';
import { reindexProfile } from './users.js';

export interface BackfillResult {
  profiles: number;
  /** Profiles changed or deleted while being indexed (their own write indexed them). */
  skipped: number;
  factsCounted: number;
}

async function countLifetime(userId: string): Promise<number> {
  let counted = 0;
  let cursor: string | undefined;
  do {
    const page = await orderRepository.listByCustomer(userId, 100, cursor);
    for (const order of page.items) {
      // The facts `npm run reports:rebuild` reads from the records, with the stream consumer's ids.
      for (const fact of factsFromRecords(order, await paymentRepository.listForOrder(order.id))) {
        const contribution = lifetimeContribution(fact, order);
        if (!contribution) continue;
        const requires = fact.kind === 'refund' && fact.requires ? lifetimeFactId(fact.requires) : undefined;
        if ((await aggregateWriter.count({ id: lifetimeFactId(fact.id), day: storeDay(fact.at), requires }, [contribution])) === 'counted') counted++;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return counted;
}

export async function backfillCustomers(options: { dryRun: boolean; log: (line: string) => void }): Promise<BackfillResult> {
  const result: BackfillResult = { profiles: 0, skipped: 0, factsCounted: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await ddb.send(new ScanCommand({
      TableName: tableName,
      FilterExpression: 'SK = :profile AND entity = :user',
      ExpressionAttributeValues: { ':profile': 'PROFILE', ':user': 'User' },
      ProjectionExpression: 'userId',
      ExclusiveStartKey: start,
    }));
    for (const item of page.Items ?? []) {
      const userId = item.userId as string;
      result.profiles++;
      if (options.dryRun) continue;
      if (!(await reindexProfile(userId))) result.skipped++;
      result.factsCounted += await countLifetime(userId);
    }
    start = page.LastEvaluatedKey;
    if (result.profiles && result.profiles % 1000 === 0) options.log(`${result.profiles} profiles`);
  } while (start);
  return result;
}
