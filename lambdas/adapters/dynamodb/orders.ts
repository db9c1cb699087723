import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderRecord, OrderRepository } from '#domain/orders/ports.js';
import { ORDER_STATUS_VALUES } from '#domain/orders/status.js';
import { type CursorShape, conditionalTransaction, ddb, decodeCursor, encodeCursor, type TransactItem, tableName } from './client.js';
import { INDEX_SHARDS, indexShard } from './index-shards.js';
import * as keys from './keys.js';
import { orderTransitionUpdate, putNewOrder, returnFlashUnit } from './order-writes.js';
import { type IndexKey, mergedPage, type PositionCodec } from './sharded-query.js';

const ORDER_FIELDS = [
  'id', 'customerId', 'status', 'items', 'subtotalCents', 'discountCents', 'shippingCents', 'totalCents', 'coupon', 'taxes', 'address',
  'shipping', 'paymentDeadline', 'carrier', 'trackingCode', 'flashSaleId', 'flashSale', 'timeline', 'correlationId', 'createdAt', 'updatedAt',
] as const;

function toOrder(item: Record<string, unknown>): OrderRecord {
  const order = Object.fromEntries(ORDER_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as OrderRecord;
  return { ...order, timeline: order.timeline ?? [] };
}

/** Stock goes back to each variant; `orderedUnits` stays, so the product can never be deleted. */
const releaseStock = (order: OrderRecord): TransactItem[] =>
  order.items.map((line) => ({
    Update: {
      TableName: tableName,
      Key: keys.variant(line.sku),
      UpdateExpression: 'ADD stock :q',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':q': line.quantity },
    },
  }));

async function queryOrders(input: { index: string; pk: [string, string]; sk?: string; values?: Record<string, unknown>; limit: number; cursor?: string; cursorShape: CursorShape; newestFirst: boolean }) {
  const page = await ddb.send(new QueryCommand({
    TableName: tableName,
    IndexName: input.index,
    KeyConditionExpression: `${input.pk[0]} = :pk${input.sk ? ` AND ${input.sk}` : ''}`,
    ExpressionAttributeValues: { ':pk': input.pk[1], ...input.values },
    ScanIndexForward: !input.newestFirst,
    Limit: input.limit,
    ExclusiveStartKey: decodeCursor(input.cursor, input.cursorShape),
  }));
  return { items: (page.Items ?? []).map(toOrder), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/**
 * Position of an order in a sharded order index (GSI2 by status, GSI3 by deadline): its index sort
 * key `<time>#<id>`; the table key and the shard's partition follow from it.
 */
const orderPosition = (sortKey: 'GSI2SK' | 'GSI3SK', partitionKey: 'GSI2PK' | 'GSI3PK', partition: (shard: number) => string): PositionCodec<Record<string, unknown>> => ({
  encode: (item) => item[sortKey],
  decode: (value, shard) => {
    if (typeof value !== 'string') return undefined;
    const hash = value.lastIndexOf('#');
    const id = value.slice(hash + 1);
    // `shard` may be a virtual shard of a merge over several keys (all statuses): its key's shard is the remainder.
    if (hash <= 0 || !id || indexShard(id) !== shard % INDEX_SHARDS) return undefined;
    return { ...keys.order(id), [partitionKey]: partition(shard), [sortKey]: value };
  },
});

/** One Query on one shard of a sharded order index. */
const queryShard = (input: { index: string; keyCondition: string; values: Record<string, unknown>; ascending: boolean }) =>
  async (_shard: number, start: IndexKey | undefined, limit: number, partition: string) => {
    const page = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: input.index,
      KeyConditionExpression: input.keyCondition,
      ExpressionAttributeValues: { ':pk': partition, ...input.values },
      ScanIndexForward: input.ascending,
      Limit: limit,
      ExclusiveStartKey: start,
    }));
    return { items: page.Items ?? [], next: page.LastEvaluatedKey };
  };

/** The cart's last-order marker only serves double submits (minutes); TTL removes it after a day. */
const CART_ORDER_TTL_SECONDS = 24 * 3600;

/**
 * Writes a new order in one transaction with its stock decrements, the coupon use and the emptied
 * cart (all or nothing). A function of its own, not only a repository method, so that the function
 * that places orders bundles this write without the rest of the repository.
 */
export const createOrder: OrderRepository['create'] = async (order, options) => {
  const items: TransactItem[] = [
    putNewOrder(order),
    ...order.items.map((line): TransactItem => ({
      Update: {
        TableName: tableName,
        Key: keys.variant(line.sku),
        UpdateExpression: 'SET stock = stock - :q ADD orderedUnits :q',
        ConditionExpression: 'attribute_exists(PK) AND stock >= :q AND productStatus = :active',
        ExpressionAttributeValues: { ':q': line.quantity, ':active': 'active' },
      },
    })),
  ];
  const firstCoupon = items.length;
  if (options.coupon) {
    const { code, perCustomerLimit, now } = options.coupon;
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.coupon(code),
        UpdateExpression: 'ADD usedCount :one',
        ConditionExpression: 'attribute_exists(PK) AND validFrom <= :now AND validUntil > :now AND (attribute_not_exists(maxUses) OR usedCount < maxUses)'
          + ' AND (attribute_not_exists(#status) OR #status = :active)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':now': now, ':active': 'active' },
      },
    });
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.couponUse(code, order.customerId),
        UpdateExpression: 'SET entity = :entity ADD uses :one',
        ConditionExpression: perCustomerLimit === null ? undefined : 'attribute_not_exists(uses) OR uses < :limit',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'CouponUse', ...(perCustomerLimit === null ? {} : { ':limit': perCustomerLimit }) },
      },
    });
  }
  // Every checkout counts in the customer's purchases; a first-purchase coupon needs none before.
  const purchasesItem = items.length;
  const firstPurchaseOnly = options.coupon?.firstPurchaseOnly === true;
  items.push({
    Update: {
      TableName: tableName,
      Key: keys.purchases(order.customerId),
      UpdateExpression: 'SET entity = :entity ADD ordersPlaced :one',
      ConditionExpression: firstPurchaseOnly ? 'attribute_not_exists(ordersPlaced) OR ordersPlaced = :zero' : undefined,
      ExpressionAttributeValues: { ':entity': 'Purchases', ':one': 1, ...(firstPurchaseOnly ? { ':zero': 0 } : {}) },
    },
  });
  // The cart is consumed only as it was priced: a concurrent order (a double submit) or cart change fails this one.
  const firstCartItem = items.length;
  for (const line of options.consumeCart.lines) {
    items.push({
      Delete: {
        TableName: tableName, Key: keys.cartLine(order.customerId, line.sku),
        ConditionExpression: 'quantity = :q', ExpressionAttributeValues: { ':q': line.quantity },
      },
    });
  }
  if (options.consumeCart.couponCode !== null) {
    items.push({
      Delete: {
        TableName: tableName, Key: keys.cartCoupon(order.customerId),
        ConditionExpression: 'code = :code', ExpressionAttributeValues: { ':code': options.consumeCart.couponCode },
      },
    });
  }
  const afterCart = items.length;
  // The caller's session, checked at the instant the order is written (no read of its own).
  const sessionItem = items.length;
  if (options.session) {
    items.push({
      ConditionCheck: {
        TableName: tableName, Key: keys.tokenMarker(options.session.userId),
        ConditionExpression: 'attribute_not_exists(validAfterMs) OR validAfterMs <= :issuedAtMs',
        ExpressionAttributeValues: { ':issuedAtMs': options.session.issuedAtMs },
      },
    });
  }
  items.push({
    Put: {
      TableName: tableName,
      Item: { ...keys.cartOrder(order.customerId), entity: 'CartOrder', orderId: order.id, at: order.createdAt, expiresAt: Math.floor(Date.parse(order.createdAt) / 1000) + CART_ORDER_TTL_SECONDS },
    },
  });

  const outcome = await conditionalTransaction({ TransactItems: items, ClientRequestToken: order.id });
  if (outcome.ok) return outcome;
  if (outcome.reasons.slice(firstCartItem, afterCart).includes('ConditionalCheckFailed')) return { ok: false, reason: 'cart-changed' };
  if (options.session && outcome.reasons[sessionItem] === 'ConditionalCheckFailed') return { ok: false, reason: 'session-revoked' };
  const failed = outcome.failedIndex;
  if (failed >= 1 && failed < firstCoupon) return { ok: false, reason: 'out-of-stock' };
  if (options.coupon && failed === firstCoupon) return { ok: false, reason: 'coupon-exhausted' };
  if (options.coupon && failed === firstCoupon + 1) return { ok: false, reason: 'coupon-customer-limit' };
  if (failed === purchasesItem) return { ok: false, reason: 'coupon-first-purchase' };
  throw outcome.error;
};

export const orderRepository: OrderRepository = {
  create: createOrder,

  async get(id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.order(id), ConsistentRead: true }));
    return Item ? toOrder(Item) : undefined;
  },

  listByCustomer(userId, limit, cursor, range) {
    if (range?.from === undefined && range?.to === undefined) {
      return queryOrders({
        index: keys.GSI1, pk: ['GSI1PK', keys.customerOrdersKey(userId)], sk: 'begins_with(GSI1SK, :prefix)', values: { ':prefix': keys.customerOrdersPrefix },
        limit, cursor, cursorShape: keys.customerOrdersCursor(userId), newestFirst: true,
      });
    }
    const between = keys.customerOrdersBetween(range.from, range.to);
    return queryOrders({
      index: keys.GSI1, pk: ['GSI1PK', keys.customerOrdersKey(userId)], sk: 'GSI1SK BETWEEN :from AND :to', values: { ':from': between[0], ':to': between[1] },
      limit, cursor, cursorShape: keys.customerOrdersCursor(userId, between), newestFirst: true,
    });
  },

  async listByStatus(status, range, limit, cursor) {
    // `to` is inclusive up to the end of that instant (the id follows the timestamp).
    const values = { ':from': range.from ?? '0000', ':to': `${range.to ?? '9999'}~` };
    const query = queryShard({ index: keys.GSI2, keyCondition: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to', values, ascending: false });
    // Without a status, every status's shards are merged: virtual shard v is shard v % N of status ⌊v / N⌋.
    const statuses = status ? [status] : ORDER_STATUS_VALUES;
    const partition = (v: number) => keys.ordersByStatusPartition(statuses[Math.floor(v / INDEX_SHARDS)], v % INDEX_SHARDS);
    const page = await mergedPage({
      shards: statuses.length * INDEX_SHARDS, limit, cursor, ascending: false,
      query: `GSI2 ORDERS#${status ?? '*'} ${values[':from']} ${values[':to']}`,
      sortValue: (item) => item.GSI2SK as string,
      position: orderPosition('GSI2SK', 'GSI2PK', partition),
      fetch: (v, start, n) => query(v, start, n, partition(v)),
    });
    return { items: page.items.map(toOrder), nextCursor: page.nextCursor };
  },

  async transition(order, to, options) {
    const items: TransactItem[] = [{ Update: orderTransitionUpdate(order, to, options) }];
    if (options.releaseStock) items.push(...releaseStock(order));
    if (options.returnFlashUnit) items.push(...returnFlashUnit(order, to, options.returnFlashUnit));
    const outcome = await conditionalTransaction({ TransactItems: items });
    if (outcome.ok) return true;
    if (outcome.failedIndex === 0) return false;
    throw outcome.error;
  },

  async dueForExpiry(now, limit, cursor) {
    const values = { ':now': `${now}~` };
    const query = queryShard({ index: keys.GSI3, keyCondition: 'GSI3PK = :pk AND GSI3SK <= :now', values, ascending: true });
    const page = await mergedPage({
      shards: INDEX_SHARDS, limit, cursor, ascending: true,
      query: `GSI3 PAYMENT_DUE ${values[':now']}`,
      sortValue: (item) => item.GSI3SK as string,
      position: orderPosition('GSI3SK', 'GSI3PK', keys.paymentDuePartition),
      fetch: (shard, start, n) => query(shard, start, n, keys.paymentDuePartition(shard)),
    });
    return { items: page.items.map(toOrder), nextCursor: page.nextCursor };
  },
};
