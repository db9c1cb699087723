import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PixReminderPorts } from '#domain/notifications/pix-reminders.js';
import { ddb, isConditionFailure, tableName } from './client.js';
import { INDEX_SHARDS } from './index-shards.js';
import * as keys from './keys.js';
import { readAllShards } from './sharded-query.js';

/**
 * The reminder's reads and its marker: orders by payment deadline on GSI3 (`PAYMENT_DUE#<n>`, the
 * sparse index the expiry sweeper reads, every shard in parallel), and one `PIX_REMINDER#<paymentId>`
 * item per payment in the order's partition (TTL after a day).
 */
export const pixReminderStore: Omit<PixReminderPorts, 'paymentsOf' | 'publish'> = {
  async ordersDueBetween(from, to) {
    const shards = await readAllShards(INDEX_SHARDS, async (shard, start) => {
      const out = await ddb.send(new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
        // GSI3SK is `<deadline>#<orderId>`: `~` sorts after `#`, so a deadline equal to `to` is in.
        ExpressionAttributeValues: { ':pk': keys.paymentDuePartition(shard), ':from': `${from}~`, ':to': `${to}~` },
        ProjectionExpression: 'id',
        ExclusiveStartKey: start,
      }));
      return { items: (out.Items ?? []).map((i) => i.id as string), next: out.LastEvaluatedKey };
    });
    return shards.flat();
  },
  async claimReminder(payment, at) {
    try {
      await ddb.send(new PutCommand({
        TableName: tableName,
        Item: { ...keys.pixReminder(payment.orderId, payment.paymentId), entity: 'PixReminder', paymentId: payment.paymentId, at, expiresAt: Math.floor(Date.parse(at) / 1000) + 24 * 3600 },
        ConditionExpression: 'attribute_not_exists(PK)',
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  async releaseReminder(payment) {
    await ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.pixReminder(payment.orderId, payment.paymentId) }));
  },
};
