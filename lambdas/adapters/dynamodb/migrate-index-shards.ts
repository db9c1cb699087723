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
import { ORDER_STATUS_VALUES } from '#domain/orders/schemas.js';
import { indexShard } from './index-shards.js';

interface OldPartition {
  index: 'GSI1' | 'GSI2' | 'GSI3' | 'GSI4';
  key: 'GSI1PK' | 'GSI2PK' | 'GSI3PK' | 'GSI4PK';
  value: string;
  /** The id the item's shard is computed from. */
  id: (item: Record<string, unknown>) => unknown;
}

export const OLD_PARTITIONS: readonly OldPartition[] = [
  ...ORDER_STATUS_VALUES.map((status): OldPartition => ({ index: 'GSI2', key: 'GSI2PK', value: `ORDERS#${status}`, id: (i) => i.id })),
  { index: 'GSI3', key: 'GSI3PK', value: 'PAYMENT_DUE', id: (i) => i.id },
  { index: 'GSI2', key: 'GSI2PK', value: 'PAYMENTS#UNSETTLED', id: (i) => i.paymentId },
  { index: 'GSI1', key: 'GSI1PK', value: 'CATALOG', id: (i) => (i.entity === 'Variant' ? i.productId : i.id) },
  { index: 'GSI4', key: 'GSI4PK', value: 'INVENTORY', id: (i) => i.productId },
];

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

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
        const next = `${partition.value}#${indexShard(id)}`;
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
