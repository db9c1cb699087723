import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Delivery, StoredEndpoint, WebhookStore } from '#domain/webhooks/webhooks.js';
import { conditionalWrite, ddb, decodeCursor, encodeCursor, tableName } from './client.js';
import * as keys from './keys.js';

/**
 * Integrator webhooks in the table (docs/data-model.md): endpoints in one partition
 * (`HOOK_ENDPOINTS` / `ENDPOINT#<id>`, the signing secret in the item: encrypted at rest by the
 * table's encryption, never returned after registration); deliveries in their endpoint's partition
 * (`HOOK#<endpointId>` / `DELIVERY#<id>`), listed newest first on GSI1, and while pending on the
 * sparse GSI2 `HOOK_DUE` by next attempt time (the retry sweep).
 */
const ENDPOINT_FIELDS = ['id', 'url', 'events', 'description', 'status', 'createdAt', 'failingSince', 'disabledAt', 'secret'] as const;

const toEndpoint = (item: Record<string, unknown>): StoredEndpoint => ({
  id: item.id as string,
  url: item.url as string,
  events: item.events as StoredEndpoint['events'],
  description: (item.description as string | null) ?? null,
  status: item.status as StoredEndpoint['status'],
  createdAt: item.createdAt as string,
  failingSince: (item.failingSince as string | undefined) ?? null,
  disabledAt: (item.disabledAt as string | undefined) ?? null,
  secret: item.secret as string,
});

const toDelivery = (item: Record<string, unknown>): Delivery => ({
  id: item.id as string,
  endpointId: item.endpointId as string,
  eventId: item.eventId as string,
  type: item.type as Delivery['type'],
  payload: item.payload as string,
  status: item.status as Delivery['status'],
  attempts: item.attempts as number,
  lastStatusCode: (item.lastStatusCode as number | null) ?? null,
  lastError: (item.lastError as string | null) ?? null,
  nextAttemptAt: (item.nextAttemptAt as string | null) ?? null,
  createdAt: item.createdAt as string,
  deliveredAt: (item.deliveredAt as string | null) ?? null,
});

export const webhookStore: WebhookStore = {
  async createEndpoint(endpoint) {
    await ddb.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.webhookEndpoint(endpoint.id), entity: 'WebhookEndpoint', ...endpoint },
      ConditionExpression: 'attribute_not_exists(PK)',
    }));
  },

  async listEndpoints() {
    const items: StoredEndpoint[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await ddb.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.webhookEndpointsPartition, ':prefix': keys.webhookEndpointPrefix },
        ProjectionExpression: ENDPOINT_FIELDS.map((f) => `#${f}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(ENDPOINT_FIELDS.map((f) => [`#${f}`, f])),
        ExclusiveStartKey: start,
      }));
      items.push(...(out.Items ?? []).map(toEndpoint));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  },

  async getEndpoint(id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.webhookEndpoint(id) }));
    return Item ? toEndpoint(Item) : undefined;
  },

  async deleteEndpoint(id) {
    const outcome = await conditionalWrite(ddb.send(new DeleteCommand({
      TableName: tableName, Key: keys.webhookEndpoint(id), ConditionExpression: 'attribute_exists(PK)',
    })));
    return outcome.ok;
  },

  async createDelivery(d) {
    const outcome = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.integratorDelivery(d.endpointId, d.id),
        ...keys.endpointDeliveriesIndex(d.endpointId, d.createdAt, d.id),
        ...(d.nextAttemptAt ? keys.dueDeliveryIndex(d.nextAttemptAt, d.endpointId, d.id) : {}),
        entity: 'WebhookDelivery',
        ...d,
        // Deliveries are history: kept 30 days.
        expiresAt: Math.floor(Date.parse(d.createdAt) / 1000) + 30 * 24 * 3600,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    })));
    return outcome.ok;
  },

  async getDelivery(endpointId, id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.integratorDelivery(endpointId, id), ConsistentRead: true }));
    return Item ? toDelivery(Item) : undefined;
  },

  async listDeliveries(endpointId, limit, cursor) {
    const out = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.endpointDeliveriesKey(endpointId) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.endpointDeliveriesCursor(endpointId)),
    }));
    return { items: (out.Items ?? []).map(toDelivery), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  },

  async dueDeliveries(now, limit) {
    const out = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI2,
      // GSI2SK is `<nextAttemptAt>#<endpointId>#<id>`: `~` sorts after `#`, so a delivery due exactly now is in.
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': keys.dueDeliveriesPartition, ':now': `${now}~` },
      ProjectionExpression: 'endpointId, id',
      Limit: limit,
    }));
    return (out.Items ?? []).map((i) => ({ endpointId: i.endpointId as string, id: i.id as string }));
  },

  async claimAttempt(d, leaseUntil) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.integratorDelivery(d.endpointId, d.id),
      UpdateExpression: 'SET attempts = :next, nextAttemptAt = :lease, GSI2PK = :pk, GSI2SK = :sk',
      ConditionExpression: '#status = :pending AND attempts = :attempts',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':next': d.attempts + 1, ':attempts': d.attempts, ':lease': leaseUntil, ':pending': 'PENDING',
        ':pk': keys.dueDeliveriesPartition, ':sk': keys.dueDeliveryIndex(leaseUntil, d.endpointId, d.id).GSI2SK,
      },
    })));
    return outcome.ok;
  },

  async recordAttempt(d, outcome) {
    const status = outcome.delivered ? 'DELIVERED' : outcome.next ? 'PENDING' : 'FAILED';
    const due = status === 'PENDING' && outcome.next;
    // Only the worker that holds this attempt records it (a manual retry may have started another meanwhile).
    await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.integratorDelivery(d.endpointId, d.id),
      UpdateExpression: due
        ? 'SET #status = :status, lastStatusCode = :code, lastError = :error, nextAttemptAt = :next, GSI2PK = :pk, GSI2SK = :sk'
        : 'SET #status = :status, lastStatusCode = :code, lastError = :error, nextAttemptAt = :null, deliveredAt = :delivered REMOVE GSI2PK, GSI2SK',
      ConditionExpression: '#status = :pending AND attempts = :attempts',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status, ':code': outcome.statusCode, ':error': outcome.error, ':pending': 'PENDING', ':attempts': d.attempts,
        ...(due
          ? { ':next': outcome.next, ':pk': keys.dueDeliveriesPartition, ':sk': keys.dueDeliveryIndex(outcome.next as string, d.endpointId, d.id).GSI2SK }
          : { ':null': null, ':delivered': outcome.delivered ? outcome.at : null }),
      },
    })));
  },

  async markDue(endpointId, id, at) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.integratorDelivery(endpointId, id),
      UpdateExpression: 'SET #status = :pending, nextAttemptAt = :at, GSI2PK = :pk, GSI2SK = :sk',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'PENDING', ':at': at, ':pk': keys.dueDeliveriesPartition, ':sk': keys.dueDeliveryIndex(at, endpointId, id).GSI2SK },
    })));
    return outcome.ok;
  },

  /**
   * Marks the endpoint failing since `at` unless it is failing already; answers the mark. Registration
   * and enabling store `failingSince` as null (a NULL attribute), which `if_not_exists` would keep: the
   * mark is set when it is absent or NULL, and otherwise read from the item the failed condition returns.
   */
  async endpointFailing(id, at) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.webhookEndpoint(id),
      UpdateExpression: 'SET failingSince = :at',
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(failingSince) OR attribute_type(failingSince, :null))',
      ExpressionAttributeValues: { ':at': at, ':null': 'NULL' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (outcome.ok) return at;
    return typeof outcome.old?.failingSince === 'string' ? outcome.old.failingSince : null;
  },

  async endpointRecovered(id) {
    await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName, Key: keys.webhookEndpoint(id), UpdateExpression: 'REMOVE failingSince', ConditionExpression: 'attribute_exists(PK)',
    })));
  },

  async enableEndpoint(id) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.webhookEndpoint(id),
      UpdateExpression: 'SET #status = :active REMOVE failingSince, disabledAt',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'ACTIVE' },
    })));
    return outcome.ok;
  },

  async disableEndpoint(id, at) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.webhookEndpoint(id),
      UpdateExpression: 'SET #status = :disabled, disabledAt = :at',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':disabled': 'DISABLED', ':active': 'ACTIVE', ':at': at },
    })));
    return outcome.ok;
  },
};
