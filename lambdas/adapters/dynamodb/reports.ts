/**
 * The sales aggregates (docs/reports.md): one item per São Paulo day and dimension value, kept by
 * the table-stream consumer with ADD increments, and read by the report routes with Queries only.
 *
 * Exactly once: each fact's increments are written in one TransactWriteItems together with a marker
 * item (`REPORT_FACT#<factId>#<part>`, put only if absent), so a replayed stream record fails the
 * marker's condition and writes nothing. A transaction holds at most 100 items: the marker, the
 * required fact's check and up to 98 increments; a fact with more (an order of many lines) is split
 * into parts, each with its own marker, each counted once.
 */
import { QueryCommand, type QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Contribution, COUNTERS, type Counters, CUSTOMER_LIFETIME, type Dimension } from '#domain/reports/facts.js';
import type { AggregateReader, AggregateRow, AggregateWriter, InventoryReader, SellOutStore } from '#domain/reports/ports.js';
import { batchGetAll, conditionalTransaction, ddb, tableName, type TransactItem } from './client.js';
import { INDEX_SHARDS, indexShard } from './index-shards.js';
import * as keys from './keys.js';

const INCREMENTS_PER_TRANSACTION = 98;

const keyOf = (contribution: Contribution, day: string, factId: string) => {
  if (contribution.dimension === CUSTOMER_LIFETIME) return keys.customerLifetime(contribution.value);
  return contribution.dimension === 'store'
    ? keys.storeSalesDay(indexShard(factId, keys.STORE_SALES_SHARDS), day)
    : keys.dimensionSalesDay(contribution.dimension, day, contribution.value);
};

function increment(contribution: Contribution, day: string, factId: string): TransactItem {
  const counters = Object.entries(contribution.counters).filter(([, by]) => by !== 0);
  const names: Record<string, string> = { '#entity': 'entity', '#day': 'day', '#dimension': 'dimension', '#value': 'value', '#label': 'label' };
  const values: Record<string, unknown> = { ':entity': contribution.dimension === CUSTOMER_LIFETIME ? 'CustomerLifetime' : 'SalesAggregate', ':day': day, ':dimension': contribution.dimension, ':value': contribution.value, ':label': contribution.label };
  counters.forEach(([counter, by], i) => {
    names[`#c${i}`] = counter;
    values[`:c${i}`] = by;
  });
  const add = counters.length ? ` ADD ${counters.map((_, i) => `#c${i} :c${i}`).join(', ')}` : '';
  return {
    Update: {
      TableName: tableName, Key: keyOf(contribution, day, factId),
      UpdateExpression: `SET #entity = :entity, #day = :day, #dimension = :dimension, #value = :value, #label = :label${add}`,
      ExpressionAttributeNames: names, ExpressionAttributeValues: values,
    },
  };
}

export const aggregateWriter: AggregateWriter = {
  async count(fact, contributions) {
    let counted = false;
    for (let part = 0; part * INCREMENTS_PER_TRANSACTION < Math.max(contributions.length, 1); part++) {
      const chunk = contributions.slice(part * INCREMENTS_PER_TRANSACTION, (part + 1) * INCREMENTS_PER_TRANSACTION);
      const items: TransactItem[] = [
        { Put: { TableName: tableName, Item: { ...keys.reportFact(fact.id, part), entity: 'ReportFact', day: fact.day }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ...(fact.requires ? [{ ConditionCheck: { TableName: tableName, Key: keys.reportFact(fact.requires, 0), ConditionExpression: 'attribute_exists(PK)' } }] : []),
        ...chunk.map((contribution) => increment(contribution, fact.day, fact.id)),
      ];
      const outcome = await conditionalTransaction({ TransactItems: items });
      if (outcome.ok) counted = true;
      else if (outcome.failedIndex === 1 && fact.requires) return 'unmet';
      else if (outcome.failedIndex !== 0) throw outcome.error;
    }
    return counted ? 'counted' : 'duplicate';
  },
};

const COUNTER_FIELDS = new Set<string>(COUNTERS);

function toRow(item: Record<string, unknown>): AggregateRow {
  const counters: Counters = {};
  for (const [name, value] of Object.entries(item)) {
    if (COUNTER_FIELDS.has(name) && typeof value === 'number') counters[name as keyof Counters] = value;
  }
  return { day: item.day as string, value: item.value as string, label: item.label as string, counters };
}

async function queryAll(input: { partition: string; from?: string; to?: string }): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: input.from ? 'PK = :pk AND SK BETWEEN :from AND :to' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': input.partition, ...(input.from ? { ':from': input.from, ':to': input.to } : {}) },
      ExclusiveStartKey: start,
    }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Runs `task` over `inputs` with at most `limit` at once, results in input order. */
async function mapLimited<T, R>(inputs: T[], limit: number, task: (input: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await task(inputs[index]);
    }
  }));
  return results;
}

export const aggregateReader: AggregateReader = {
  async storeDays(from, to) {
    const shards = await Promise.all(Array.from({ length: keys.STORE_SALES_SHARDS }, (_, shard) => queryAll({ partition: keys.storeSalesPartition(shard), from, to })));
    return shards.flat().map(toRow);
  },
  async dimensionDays(dimension: Exclude<Dimension, 'store'>, days) {
    const perDay = await mapLimited(days, 16, (day) => queryAll({ partition: keys.dimensionSalesPartition(dimension, day) }));
    return perDay.flat().map(toRow);
  },
};

/** Each product's first category (products without one are left out). */
export async function primaryCategories(productIds: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(productIds.map(keys.product), { projection: 'PK, categoryIds' });
  const found = new Map<string, string>();
  for (const item of items) {
    const first = (item.categoryIds as string[] | undefined)?.[0];
    if (first) found.set((item.PK as string).slice('PRODUCT#'.length), first);
  }
  return found;
}

/** The inventory index (GSI4, one partition per shard, by stock): every variant of an active product, or those at or under a threshold. */
export const inventoryReader: InventoryReader = {
  async variants(threshold) {
    const shards = await Promise.all(Array.from({ length: INDEX_SHARDS }, async (_, shard) => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page: QueryCommandOutput = await ddb.send(new QueryCommand({
          TableName: tableName, IndexName: keys.GSI4,
          KeyConditionExpression: threshold === undefined ? 'GSI4PK = :pk' : 'GSI4PK = :pk AND stock <= :threshold',
          ExpressionAttributeValues: { ':pk': keys.inventoryPartition(shard), ...(threshold === undefined ? {} : { ':threshold': threshold }) },
          ExclusiveStartKey: start,
        }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    }));
    return shards.flat().map((i) => ({ sku: i.sku as string, productId: i.productId as string, name: i.productName as string, stock: i.stock as number }));
  },
};

export const sellOutStore: SellOutStore = {
  async record(soldOut) {
    await ddb.send(new UpdateCommand({
      TableName: tableName, Key: keys.flashShardSoldOut(soldOut.saleId, soldOut.windowStart, soldOut.shard),
      UpdateExpression: 'SET soldOutAt = if_not_exists(soldOutAt, :at), #entity = :entity, saleId = :saleId, windowStart = :windowStart, #shard = :shard',
      ExpressionAttributeNames: { '#entity': 'entity', '#shard': 'shard' },
      ExpressionAttributeValues: { ':at': soldOut.at, ':entity': 'FlashSellOut', ':saleId': soldOut.saleId, ':windowStart': soldOut.windowStart, ':shard': soldOut.shard },
    }));
  },
  async times(saleId, fromStart, toStart) {
    const times = new Map<string, Map<number, string>>();
    for (const item of await queryAll({ partition: keys.flashSellOutPartition(saleId), from: `${fromStart}#`, to: `${toStart}#~` })) {
      const perShard = times.get(item.windowStart as string) ?? new Map<number, string>();
      perShard.set(item.shard as number, item.soldOutAt as string);
      times.set(item.windowStart as string, perShard);
    }
    return times;
  },
};
