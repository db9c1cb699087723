/**
 * One-off re-key of items written before the index keys were sharded (index-shards.ts, INDEX_SHARDS): every
 * item still in an old constant partition (`ORDERS#<status>`, `PAYMENT_DUE`, `PAYMENTS#UNSETTLED`,
 * `CATALOG`, `INVENTORY`) gets `<old>#<n>`, n the shard of its own id. Each update is conditional on
 * the key still being the old value, so a concurrent status change (which writes the sharded key) wins
 * and a second run changes nothing. Deploy the sharding code first (from then on nothing writes an old
 * key), then run `npm run migrate:index-shards`; until it finishes, the readers do not see old-keyed
 * items (admin lists, expiry sweeper, reconciler, snapshot rebuild, low-stock report).
 * Changing INDEX_SHARDS later needs a similar pass over the old `<key>#<n>` partitions (not written).
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_STATUS_VALUES } from '#domain/orders/status.js';
import { isConditionFailure } from './conditions.js';
import { indexShard } from './index-shards.js';
import * as keys from './keys.js';

interface OldPartition {
  index: typeof keys.GSI1 | typeof keys.GSI2 | typeof keys.GSI3 | typeof keys.GSI4;
  key: 'GSI1PK' | 'GSI2PK' | 'GSI3PK' | 'GSI4PK';
  value: string;
  /** The id the item's shard is computed from. */
  id: (item: Record<string, unknown>) => unknown;
}

export const OLD_PARTITIONS: readonly OldPartition[] = [
  ...ORDER_STATUS_VALUES.map((status): OldPartition => ({ index: keys.GSI2, key: 'GSI2PK', value: keys.legacyIndexPartitions.ordersByStatus(status), id: (i) => i.id })),
  { index: keys.GSI3, key: 'GSI3PK', value: keys.legacyIndexPartitions.paymentDue, id: (i) => i.id },
  { index: keys.GSI2, key: 'GSI2PK', value: keys.legacyIndexPartitions.unsettledPayments, id: (i) => i.paymentId },
  { index: keys.GSI1, key: 'GSI1PK', value: keys.legacyIndexPartitions.catalog, id: (i) => (i.entity === 'Variant' ? i.productId : i.id) },
  { index: keys.GSI4, key: 'GSI4PK', value: keys.legacyIndexPartitions.inventory, id: (i) => i.productId },
];

export async function migrateIndexShards(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  options: { dryRun?: boolean; log?: (line: string) => void } = {},
): Promise<{ moved: number; skipped: number; invalid: string[] }> {
  let moved = 0;
  let skipped = 0;
  const invalid: string[] = [];
  for (const partition of OLD_PARTITIONS) {
    let start: Record<string, unknown> | undefined;
    let count = 0;
    do {
      const page = await ddb.send(new QueryCommand({
        TableName: tableName,
        IndexName: partition.index,
        KeyConditionExpression: '#k = :old',
        ExpressionAttributeNames: { '#k': partition.key },
        ExpressionAttributeValues: { ':old': partition.value },
        ExclusiveStartKey: start,
      }));
      for (const item of page.Items ?? []) {
        const id = partition.id(item);
        if (typeof id !== 'string' || !id) {
          invalid.push(`${String(item.PK)} / ${String(item.SK)} in ${partition.value}`);
          continue;
        }
        const next = keys.shardOfLegacyPartition(partition.value, indexShard(id));
        count++;
        if (options.dryRun) continue;
        try {
          await ddb.send(new UpdateCommand({
            TableName: tableName,
            Key: { PK: item.PK, SK: item.SK },
            UpdateExpression: 'SET #k = :new',
            ConditionExpression: '#k = :old',
            ExpressionAttributeNames: { '#k': partition.key },
            ExpressionAttributeValues: { ':old': partition.value, ':new': next },
          }));
          moved++;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          skipped++;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    if (count) options.log?.(`${partition.index} ${partition.value}: ${count} item(s)${options.dryRun ? ' to move' : ''}`);
  }
  return { moved, skipped, invalid };
}
