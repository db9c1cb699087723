import type { OrderRecord, TimelineEntry } from '#domain/orders/ports.js';
import type { OrderStatus } from '#domain/orders/state-machine.js';
import { type TransactItem, tableName } from './client.js';
import * as keys from './keys.js';

/**
 * The one writer of order items: checkout (`createOrder`), the flash-sale claim
 * (`createClaimOrder`) and status changes (`transition`) all build their writes here, so an order
 * has the same index keys whoever wrote it. A module of its own so that the claim function bundles
 * these few builders without the order repository.
 */

/** The order item with the index keys of its status (GSI3 only while PENDING_PAYMENT). */
export function orderItem(order: OrderRecord) {
  return {
    ...keys.order(order.id),
    ...keys.customerOrdersIndex(order.customerId, order.createdAt, order.id),
    ...keys.ordersByStatusIndex(order.status, order.createdAt, order.id),
    ...(order.status === 'PENDING_PAYMENT' ? keys.paymentDueIndex(order.paymentDeadline, order.id) : {}),
    entity: 'Order',
    ...order,
  };
}

/**
 * The Update of a status change, conditional on the order still being in its status: the status,
 * its index key, the timeline entries and the fields to set. Shared by `orderRepository.transition`
 * and the tracking events of logistics (which append the carrier's entry in the same write). Without
 * `to`, only the entries are appended (still conditional on the status, so nothing is written over a move).
 */
export function orderTransitionUpdate(order: OrderRecord, to: OrderStatus | undefined, options: {
  at: string;
  entry?: TimelineEntry;
  entries?: TimelineEntry[];
  set?: Record<string, unknown>;
  requireDeadlinePassed?: boolean;
  correlationId: string;
}) {
  const entries = options.entries ?? (options.entry ? [options.entry] : []);
  const setParts = ['updatedAt = :at', 'timeline = list_append(timeline, :entries)', 'correlationId = :correlationId'];
  const values: Record<string, unknown> = { ':from': order.status, ':at': options.at, ':entries': entries, ':correlationId': options.correlationId };
  if (to) {
    setParts.push('#status = :to', 'GSI2PK = :gsi2pk');
    values[':to'] = to;
    values[':gsi2pk'] = keys.ordersByStatusKey(to, order.id);
  }
  for (const [field, value] of Object.entries(options.set ?? {})) {
    if (value === undefined) continue;
    setParts.push(`${field} = :${field}`);
    values[`:${field}`] = value;
  }
  const leavingPending = to !== undefined && order.status === 'PENDING_PAYMENT';
  return {
    TableName: tableName,
    Key: keys.order(order.id),
    UpdateExpression: `SET ${setParts.join(', ')}${leavingPending ? ' REMOVE GSI3PK, GSI3SK' : ''}`,
    ConditionExpression: `#status = :from${options.requireDeadlinePassed ? ' AND paymentDeadline <= :at' : ''}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
  };
}

/** Writes a new order (never over an existing one). */
export const putNewOrder = (order: OrderRecord): TransactItem => ({
  Put: { TableName: tableName, Item: orderItem(order), ConditionExpression: 'attribute_not_exists(PK)' },
});

/**
 * A flash-sale claim's unit back to the shard it came from, once (the shard remembers returned
 * claims). The Update alone, for the reconciler, or inside a transaction, for a status change.
 */
export const flashUnitReturn = (unit: { saleId: string; windowStart: string; shard: number; claimId: string }) => ({
  TableName: tableName,
  Key: keys.flashShard(unit.saleId, unit.windowStart, unit.shard),
  UpdateExpression: 'ADD remaining :one, returnedTokens :claim',
  ConditionExpression: 'contains(claimTokens, :claimId) AND NOT contains(returnedTokens, :claimId)',
  ExpressionAttributeValues: { ':one': 1, ':claim': new Set([unit.claimId]), ':claimId': unit.claimId },
});

/**
 * A flash-sale order's unit back when the order ends, and the window's counters with it: to its
 * shard while the window is open, or, once it has closed, to the variant's stock (counted as the
 * shard's `restocked`, so the window's books still balance).
 */
export function returnFlashUnit(order: OrderRecord, to: string, destination: 'window' | 'stock'): TransactItem[] {
  const f = order.flashSale;
  if (!f) return [];
  const headerChanges: string[] = [];
  const values: Record<string, unknown> = {};
  if (to === 'EXPIRED') {
    headerChanges.push('expired :one');
    values[':one'] = 1;
  }
  if (order.status === 'PAID') {
    headerChanges.push('paid :minusOne');
    values[':minusOne'] = -1;
  }
  const unit = flashUnitReturn(f);
  return [
    ...(destination === 'window'
      ? [{ Update: unit }]
      : [
        { Update: { ...unit, UpdateExpression: 'ADD restocked :one, returnedTokens :claim' } },
        { Update: { TableName: tableName, Key: keys.variant(order.items[0].sku), UpdateExpression: 'ADD stock :one', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':one': 1 } } },
      ]),
    ...(headerChanges.length
      ? [{ Update: { TableName: tableName, Key: keys.flashWindow(f.saleId, f.windowStart), UpdateExpression: `ADD ${headerChanges.join(', ')}`, ExpressionAttributeValues: values } }]
      : []),
  ];
}
