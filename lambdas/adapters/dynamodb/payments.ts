import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttemptSlot, PaymentRecord, PaymentRepository, PaymentStatus } from '#domain/payments/records.js';
import { conditionalTransaction, conditionalWrite, ddb, tableName } from './client.js';
import { allShards } from './index-shards.js';
import * as keys from './keys.js';
import { compareSortValues } from './sharded-query.js';

/** Statuses the reconciler still has to look at. */
const UNSETTLED: readonly PaymentStatus[] = ['PENDING', 'REFUND_PENDING'];

const FIELDS = [
  'paymentId', 'orderId', 'customerId', 'provider', 'providerPaymentId', 'method', 'status', 'amountCents', 'installments',
  'declineReason', 'pix', 'card', 'note', 'createdAt', 'updatedAt',
] as const;
const toPayment = (item: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, item[f] ?? null])) as unknown as PaymentRecord;

const unsettledIndex = (status: PaymentStatus, createdAt: string, paymentId: string) =>
  (UNSETTLED.includes(status) ? keys.unsettledPaymentIndex(createdAt, paymentId) : {});

const toSlot = (item: Record<string, unknown>): AttemptSlot => ({
  paymentId: item.paymentId as string, phase: item.phase as AttemptSlot['phase'], lockedUntilMs: (item.lockedUntilMs as number | undefined) ?? null,
});

/**
 * An order's payments (Query `ORDER#<id>` / `PAYMENT#`). A function of its own, not only a
 * repository method, so that the data export bundles this read without the rest of the repository.
 */
export const listPaymentsForOrder: PaymentRepository['listForOrder'] = async (orderId) => {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.order(orderId).PK, ':prefix': keys.paymentPrefix },
    ConsistentRead: true,
  }));
  return Items.map(toPayment);
};

export const paymentRepository: PaymentRepository = {
  async takeAttemptSlot(orderId, slot) {
    const outcome = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.paymentAttempt(orderId), entity: 'PaymentAttempt', paymentId: slot.paymentId, phase: 'CHARGING',
        lockedUntilMs: slot.lockedUntilMs,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR phase = :live OR lockedUntilMs < :nowMs',
      ExpressionAttributeValues: { ':live': 'LIVE', ':nowMs': slot.nowMs },
      ReturnValues: 'ALL_OLD',
    })));
    if (!outcome.ok) return { taken: false };
    return { taken: true, previous: outcome.attributes ? toSlot(outcome.attributes) : null };
  },

  /** Applies only while the slot is still this attempt's; a lost slot is not an error. */
  async markAttemptLive(orderId, paymentId) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.paymentAttempt(orderId),
      UpdateExpression: 'SET phase = :live REMOVE lockedUntilMs',
      ConditionExpression: 'paymentId = :paymentId',
      ExpressionAttributeValues: { ':live': 'LIVE', ':paymentId': paymentId },
    })));
    return outcome.ok;
  },

  async releaseAttemptSlot(orderId, paymentId, previous) {
    const condition = { ConditionExpression: 'paymentId = :paymentId', ExpressionAttributeValues: { ':paymentId': paymentId } };
    await conditionalWrite(previous
      ? ddb.send(new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.paymentAttempt(orderId), entity: 'PaymentAttempt', paymentId: previous.paymentId, phase: previous.phase,
          ...(previous.lockedUntilMs === null ? {} : { lockedUntilMs: previous.lockedUntilMs }),
        },
        ...condition,
      }))
      : ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.paymentAttempt(orderId), ...condition })));
  },

  async create(payment) {
    const outcome = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.payment(payment.orderId, payment.paymentId),
        ...keys.providerPaymentIndex(payment.provider, payment.providerPaymentId),
        ...unsettledIndex(payment.status, payment.createdAt, payment.paymentId),
        entity: 'Payment',
        ...payment,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    // The key holds a fresh payment id: the item found is this very write, applied once already
    // (the SDK retried a lost answer), unless it records another provider charge.
    if (!outcome.ok && outcome.old?.providerPaymentId !== payment.providerPaymentId) {
      throw new Error(`Payment ${payment.paymentId} already exists for another provider charge`);
    }
  },

  listForOrder: listPaymentsForOrder,

  async findByProviderId(provider, providerPaymentId) {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI3,
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.providerPaymentIndex(provider, providerPaymentId).GSI3PK },
    }));
    if (!Items[0]) return undefined;
    // The index is eventually consistent: read the item itself.
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: Items[0].PK, SK: Items[0].SK }, ConsistentRead: true }));
    return Item ? toPayment(Item) : undefined;
  },

  async setStatus(payment, from, to, changes) {
    const settled = !UNSETTLED.includes(to);
    const unsettledKey = keys.unsettledPaymentIndex(payment.createdAt, payment.paymentId);
    const { ok } = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.payment(payment.orderId, payment.paymentId),
      UpdateExpression: `SET #status = :to, updatedAt = :at, note = :note, declineReason = :reason${settled ? ' REMOVE GSI2PK, GSI2SK' : ', GSI2PK = :gsi2pk, GSI2SK = :gsi2sk'}`,
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': to, ':from': from, ':at': changes.at, ':note': changes.note ?? payment.note, ':reason': changes.declineReason ?? payment.declineReason,
        ...(settled ? {} : { ':gsi2pk': unsettledKey.GSI2PK, ':gsi2sk': unsettledKey.GSI2SK }),
      },
    })));
    return ok;
  },

  async confirm(order, payment, { at, deadlineAfter }, entry, correlationId) {
    const flash = order.flashSale;
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: keys.order(order.id),
            UpdateExpression: 'SET #status = :paid, updatedAt = :at, GSI2PK = :gsi2pk, timeline = list_append(timeline, :entry), correlationId = :cid REMOVE GSI3PK, GSI3SK',
            ConditionExpression: '#status = :pending AND paymentDeadline > :deadlineAfter',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':paid': 'PAID', ':pending': 'PENDING_PAYMENT', ':at': at, ':deadlineAfter': deadlineAfter, ':gsi2pk': keys.ordersByStatusKey('PAID', order.id),
              ':entry': [entry], ':cid': correlationId,
            },
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: keys.payment(payment.orderId, payment.paymentId),
            UpdateExpression: 'SET #status = :approved, updatedAt = :at, approvedAt = :at REMOVE GSI2PK, GSI2SK',
            ConditionExpression: '#status = :pendingPayment',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':approved': 'APPROVED', ':pendingPayment': 'PENDING', ':at': at },
          },
        },
        // A flash-sale unit counts as paid in its window's accounting.
        ...(flash
          ? [{ Update: { TableName: tableName, Key: keys.flashWindow(flash.saleId, flash.windowStart), UpdateExpression: 'ADD paid :one', ExpressionAttributeValues: { ':one': 1 } } }]
          : []),
      ],
    });
    if (outcome.ok) return 'confirmed';
    if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'payment-not-pending';
    if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'order-not-payable';
    throw outcome.error;
  },

  /** The oldest `limit` across the shards: each shard's oldest `limit`, merged. */
  async unsettled(before, limit, after) {
    const perShard = await Promise.all(allShards().map(async (shard) => {
      const { Items = [] } = await ddb.send(new QueryCommand({
        TableName: tableName,
        IndexName: keys.GSI2,
        // BETWEEN is inclusive: the item at `after` itself is dropped below (it was on the previous page).
        KeyConditionExpression: after === undefined ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk AND GSI2SK BETWEEN :after AND :before',
        ExpressionAttributeValues: { ':pk': keys.unsettledPaymentsPartition(shard), ':before': before, ...(after === undefined ? {} : { ':after': after }) },
        Limit: after === undefined ? limit : limit + 1,
      }));
      return Items.filter((item) => item.GSI2SK !== after && item.GSI2SK !== before);
    }));
    return perShard.flat()
      .sort((a, b) => compareSortValues(a.GSI2SK as string, b.GSI2SK as string))
      .slice(0, limit)
      .map(toPayment);
  },

  async markDelivery(provider, deliveryId) {
    const { ok } = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.webhookDelivery(provider, deliveryId), entity: 'WebhookDelivery', expiresAt: Math.floor(Date.now() / 1000) + 7 * 24 * 3600 },
      ConditionExpression: 'attribute_not_exists(PK)',
    })));
    return ok;
  },

  async seenDelivery(provider, deliveryId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.webhookDelivery(provider, deliveryId), ConsistentRead: true }));
    return Item !== undefined;
  },
};
