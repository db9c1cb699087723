import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FlashSaleRepository, WindowHeader } from '#domain/flash-sale/ports.js';
import type { FlashSale } from '#domain/flash-sale/schemas.js';
import { type SaleWindow, shardUnits } from '#domain/flash-sale/windows.js';
import { batchGetAll, cancellationReasons, conditionalTransaction, conditionalWrite, ddb, tableName, transactWrite } from './client.js';
import * as keys from './keys.js';
import { toSessionState } from './users.js';
import { flashUnitReturn, putNewOrder } from './order-writes.js';

const toSale = (item: Record<string, unknown>): FlashSale => ({
  id: item.id as string, productId: item.productId as string, sku: item.sku as string, name: item.name as string,
  priceCents: item.priceCents as number, unitsPerWindow: item.unitsPerWindow as number, startsAt: item.startsAt as string,
  endsAt: item.endsAt as string, paymentWindowMinutes: item.paymentWindowMinutes as number, perCustomerLimit: item.perCustomerLimit as number,
  shards: item.shards as number, createdAt: item.createdAt as string,
});

const toHeader = (item: Record<string, unknown>): WindowHeader => ({
  windowId: item.windowId as string, startsAt: item.startsAt as string, endsAt: item.endsAt as string,
  unitsPerWindow: item.unitsPerWindow as number, shards: item.shards as number, paid: (item.paid as number) ?? 0, expired: (item.expired as number) ?? 0,
});

async function readHeader(window: SaleWindow): Promise<WindowHeader | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.flashWindow(window.saleId, window.startsAt), ConsistentRead: true }));
  return Item ? toHeader(Item) : undefined;
}

const unmarshalled = (item: Record<string, AttributeValue> | undefined) => (item ? unmarshall(item) : undefined);

const setOf = (value: unknown): string[] => (value instanceof Set ? [...value] : Array.isArray(value) ? (value as string[]) : []);

export const flashSaleRepository: FlashSaleRepository = {
  async createSale(sale) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        { Put: { TableName: tableName, Item: { ...keys.flashSale(sale.id), ...keys.flashSalesIndex(sale.startsAt, sale.id), entity: 'FlashSale', ...sale }, ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          ConditionCheck: {
            TableName: tableName, Key: keys.variant(sale.sku), ConditionExpression: 'productId = :productId',
            ExpressionAttributeValues: { ':productId': sale.productId },
          },
        },
      ],
    });
    if (outcome.ok) return 'created';
    if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'variant-mismatch';
    throw outcome.error;
  },

  async listSales() {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tableName, IndexName: keys.GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.flashSalesPartition },
    }));
    return Items.map(toSale);
  },

  async getSale(id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.flashSale(id) }));
    return Item ? toSale(Item) : undefined;
  },

  async openWindow(sale, window) {
    // The stock moves under checkouts: read it, take what there is (up to the sale's units) with a
    // condition on it, and read again if it moved in between.
    for (let attempt = 1; ; attempt++) {
      const { Item: variant } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.variant(sale.sku), ConsistentRead: true, ProjectionExpression: 'stock' }));
      const units = Math.min(sale.unitsPerWindow, Math.max(0, (variant?.stock as number | undefined) ?? 0));
      if (units === 0) return (await readHeader(window)) ? 'already-open' : 'no-stock';
      const outcome = await conditionalTransaction({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.flashWindow(sale.id, window.startsAt), ...keys.flashWindowsIndex(sale.id, window.startsAt), entity: 'FlashWindow',
                windowId: window.id, saleId: sale.id, startsAt: window.startsAt, endsAt: window.endsAt, unitsPerWindow: units,
                shards: sale.shards, paid: 0, expired: 0, openedAt: new Date().toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...shardUnits(units, sale.shards).map((remaining, shard) => ({
            Put: {
              TableName: tableName,
              Item: { ...keys.flashShard(sale.id, window.startsAt, shard), entity: 'FlashShard', windowId: window.id, shard, remaining, restocked: 0 },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
          // The window's units leave the variant's stock: a regular cart can no longer sell them.
          {
            Update: {
              TableName: tableName, Key: keys.variant(sale.sku), UpdateExpression: 'SET stock = stock - :units',
              ConditionExpression: 'stock >= :units', ExpressionAttributeValues: { ':units': units },
            },
          },
        ],
      });
      if (outcome.ok) return units < sale.unitsPerWindow ? 'opened-short' : 'opened';
      if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'already-open';
      if (attempt >= 5) throw outcome.error;
    }
  },

  windowHeader: readHeader,

  async windowHeaders(saleId, limit) {
    const headers: WindowHeader[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await ddb.send(new QueryCommand({
        TableName: tableName, IndexName: keys.GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.flashWindowsPartition(saleId) },
        ScanIndexForward: false, ExclusiveStartKey: start, ...(limit === undefined ? {} : { Limit: limit - headers.length }),
      }));
      headers.push(...(page.Items ?? []).map(toHeader));
      start = page.LastEvaluatedKey;
    } while (start && (limit === undefined || headers.length < limit));
    return headers;
  },

  async shards(window, count, consistent) {
    const found = await batchGetAll(Array.from({ length: count }, (_, shard) => keys.flashShard(window.saleId, window.startsAt, shard)), { consistent });
    return found
      .map((item) => ({
        shard: item.shard as number, remaining: item.remaining as number, claimTokens: setOf(item.claimTokens), returnedTokens: setOf(item.returnedTokens),
        restocked: (item.restocked as number | undefined) ?? 0,
      }))
      .sort((a, b) => a.shard - b.shard);
  },

  async putMarker(window, userId, slot, claimId, at, session) {
    const marker = {
      TableName: tableName,
      Item: { ...keys.flashClaim(window.saleId, window.startsAt, userId, slot), entity: 'FlashClaim', windowId: window.id, userId, slot, claimId, status: 'CLAIMING', createdAt: at },
      ConditionExpression: 'attribute_not_exists(PK)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const taken = (old: Record<string, unknown> | undefined) => ({
      ok: false as const, existing: { claimId: old?.claimId as string, status: old?.status as 'CLAIMING' | 'CLAIMED', createdAt: old?.createdAt as string },
    });
    if (!session) {
      const outcome = await conditionalWrite(ddb.send(new PutCommand(marker)));
      return outcome.ok ? { ok: true } : taken(outcome.old);
    }
    // The caller's session rides in the marker's write (no read of its own): both items are the
    // customer's own partitions, never the hot shard. The token is tied to the claim id (not the
    // claim id itself: that is the order transaction's token), so the SDK's retry of a write whose
    // answer was lost is answered as applied.
    try {
      await transactWrite({
        TransactItems: [
          { Put: marker },
          {
            ConditionCheck: {
              TableName: tableName, Key: keys.tokenMarker(session.userId),
              ConditionExpression: 'attribute_not_exists(validAfterMs) OR validAfterMs <= :issuedAtMs',
              ExpressionAttributeValues: { ':issuedAtMs': session.issuedAtMs },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
        ClientRequestToken: `marker-${claimId}`,
      });
      return { ok: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons?.includes('ConditionalCheckFailed')) throw error;
      // DynamoDB evaluates every item's condition and reports each (`None` when it held).
      const items = (error as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons ?? [];
      if (reasons[1] === 'ConditionalCheckFailed') return { ok: false, revoked: toSessionState(unmarshalled(items[1]?.Item)) };
      if (reasons[1] !== 'None') throw error;
      return taken(unmarshalled(items[0]?.Item));
    }
  },

  async takeOverMarker(window, userId, slot, staleClaimId, claimId, at) {
    return (await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.flashClaim(window.saleId, window.startsAt, userId, slot),
      UpdateExpression: 'SET claimId = :claimId, createdAt = :at',
      ConditionExpression: 'claimId = :stale AND #status = :claiming',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimId': claimId, ':stale': staleClaimId, ':claiming': 'CLAIMING', ':at': at },
    })))).ok;
  },

  async deleteMarker(window, userId, slot, claimId) {
    return (await conditionalWrite(ddb.send(new DeleteCommand({
      TableName: tableName,
      Key: keys.flashClaim(window.saleId, window.startsAt, userId, slot),
      ConditionExpression: 'claimId = :claimId AND #status = :claiming',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':claimId': claimId, ':claiming': 'CLAIMING' },
    })))).ok;
  },

  /**
   * Idempotent per claim: the SDK retries a call whose answer was lost, and a second decrement for
   * the same claim would lose a unit; a claim already holding a unit of this shard has it.
   */
  async takeUnit(window, shard, claimId) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.flashShard(window.saleId, window.startsAt, shard),
      UpdateExpression: 'SET remaining = remaining - :one ADD claimTokens :claim',
      ConditionExpression: 'remaining > :zero AND NOT contains(claimTokens, :claimId)',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':claim': new Set([claimId]), ':claimId': claimId },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    return outcome.ok || setOf(outcome.old?.claimTokens).includes(claimId);
  },

  async createClaimOrder(order, marker) {
    const { window, userId, slot } = marker;
    await transactWrite({
      TransactItems: [
        putNewOrder(order),
        {
          Update: {
            TableName: tableName,
            Key: keys.flashClaim(window.saleId, window.startsAt, userId, slot),
            UpdateExpression: 'SET #status = :claimed, orderId = :orderId',
            ConditionExpression: 'claimId = :claimId',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'CLAIMED', ':orderId': order.id, ':claimId': order.flashSale?.claimId },
          },
        },
        // Orders reference the product: it can be archived, never deleted.
        { Update: { TableName: tableName, Key: keys.variant(order.items[0].sku), UpdateExpression: 'ADD orderedUnits :one', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':one': 1 } } },
      ],
      ClientRequestToken: order.id,
    });
  },

  async releaseUnit(window, shard, claimId) {
    return (await conditionalWrite(ddb.send(new UpdateCommand(flashUnitReturn({ saleId: window.saleId, windowStart: window.startsAt, shard, claimId }))))).ok;
  },

  async restockShard(window, sku, shard, units) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Update: {
            TableName: tableName, Key: keys.flashShard(window.saleId, window.startsAt, shard),
            UpdateExpression: 'SET remaining = :zero ADD restocked :units', ConditionExpression: 'remaining = :units',
            ExpressionAttributeValues: { ':zero': 0, ':units': units },
          },
        },
        { Update: { TableName: tableName, Key: keys.variant(sku), UpdateExpression: 'ADD stock :units', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':units': units } } },
      ],
    });
    if (outcome.ok) return true;
    if (outcome.failedIndex === 0) return false;
    throw outcome.error;
  },

  async orderStates(claimIds) {
    const states = new Map<string, { status: string; customerId: string } | undefined>(claimIds.map((id) => [id, undefined]));
    const items = await batchGetAll(claimIds.map((id) => keys.order(id)), { consistent: true, projection: 'id, #status, customerId', names: { '#status': 'status' } });
    for (const item of items) states.set(item.id as string, { status: item.status as string, customerId: item.customerId as string });
    return states;
  },

  async recordReconciliation(window, fixed, at) {
    await ddb.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.flashReconciliation(window.saleId, window.startsAt, at), entity: 'FlashReconciliation', windowId: window.id, fixed, at, expiresAt: Math.floor(Date.parse(at) / 1000) + 90 * 24 * 3600 },
    }));
  },

  async noteUnsoldWindow({ at, ...notice }) {
    const outcome = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: { ...keys.flashWindowUnsold(notice.saleId, notice.startsAt), entity: 'FlashWindowUnsold', ...notice, notedAt: at },
      ConditionExpression: 'attribute_not_exists(PK)',
    })));
    return outcome.ok;
  },
};
