import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CartRepository, CouponRepository, ProductCategories, PurchaseHistory, ShippingQuoteStore, VariantReader } from '#domain/orders/ports.js';
import type { Coupon } from '#domain/orders/pricing.js';
import { STORED_QUOTE_MAX_AGE_MS, type StoredShippingQuote } from '#domain/orders/shipping.js';
import { batchGetAll, conditionalWrite, ddb, tableName } from './client.js';
import * as keys from './keys.js';
import { toAddress, toSessionState } from './users.js';
import { toSellableVariant } from './variants.js';

export const cartRepository: CartRepository = {
  async get(userId, options) {
    // CART#<sku>…, CART_COUPON, CART_FREIGHT and CART_ORDER sort together; the addresses sort just
    // before them, so a range that starts at one address reads it with the cart (and the customer's
    // later addresses, at most 19, which are dropped: cheaper than a second call).
    const address = options?.addressId === undefined ? undefined : keys.address(userId, options.addressId);
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.userPartition(userId), ':from': address?.SK ?? keys.cartPrefix, ':to': keys.cartOrderSk },
      ConsistentRead: true,
    }));
    const lastOrder = Items.find((i) => i.entity === 'CartOrder');
    const addressItem = address && Items.find((i) => i.SK === address.SK);
    return {
      ...(addressItem ? { address: toAddress(addressItem) } : {}),
      lines: Items.filter((i) => i.entity === 'CartLine')
        .sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)))
        .map((i) => ({ sku: i.sku as string, quantity: i.quantity as number, ...(i.addToken ? { addToken: i.addToken as string } : {}) })),
      couponCode: (Items.find((i) => i.entity === 'CartCoupon')?.code as string | undefined) ?? null,
      lastOrder: lastOrder ? { orderId: lastOrder.orderId as string, at: lastOrder.at as string } : null,
      shippingQuote: (Items.find((i) => i.entity === 'CartFreight')?.quote as StoredShippingQuote | undefined) ?? null,
    };
  },

  async add(userId, sku, quantity, maxQuantity, token) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.cartLine(userId, sku),
      UpdateExpression: 'SET entity = :entity, sku = :sku, addToken = :token, addedAt = if_not_exists(addedAt, :now) ADD quantity :q',
      ConditionExpression: '(attribute_not_exists(quantity) OR quantity <= :room) AND (attribute_not_exists(addToken) OR addToken <> :token)',
      ExpressionAttributeValues: { ':entity': 'CartLine', ':sku': sku, ':token': token, ':now': new Date().toISOString(), ':q': quantity, ':room': maxQuantity - quantity },
      ReturnValues: 'UPDATED_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (outcome.ok) return { quantity: outcome.attributes?.quantity as number };
    // The SDK retried a write whose answer was lost and met its own token: applied once.
    return outcome.old?.addToken === token ? { quantity: outcome.old.quantity as number } : 'over-limit';
  },

  async set(userId, sku, quantity) {
    const write = quantity === 0
      ? ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.cartLine(userId, sku), ConditionExpression: 'attribute_exists(PK)' }))
      : ddb.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.cartLine(userId, sku),
        UpdateExpression: 'SET quantity = :q',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':q': quantity },
      }));
    return (await conditionalWrite(write)).ok;
  },

  async setCoupon(userId, code) {
    if (code === null) {
      await ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.cartCoupon(userId) }));
    } else {
      await ddb.send(new PutCommand({ TableName: tableName, Item: { ...keys.cartCoupon(userId), entity: 'CartCoupon', code } }));
    }
  },
};

/** The cart's latest carrier quote; TTL cleans it up a day after it stopped counting. */
export const shippingQuoteStore: ShippingQuoteStore = {
  async save(userId, quote) {
    const expiresAt = Math.floor((Date.parse(quote.at) + STORED_QUOTE_MAX_AGE_MS) / 1000) + 24 * 3600;
    await ddb.send(new PutCommand({ TableName: tableName, Item: { ...keys.cartFreight(userId), entity: 'CartFreight', quote, expiresAt } }));
  },
};

export const variantReader: VariantReader = {
  async variants(skus, session, taxPointer) {
    const marker = session && keys.tokenMarker(session.userId);
    const extra = [...(marker ? [marker] : []), ...(taxPointer ? [keys.taxTableCurrent] : [])];
    const items = await batchGetAll([...[...new Set(skus)].map((sku) => keys.variant(sku)), ...extra], { consistent: true });
    const find = (key: { PK: string; SK: string }) => items.find((item) => item.PK === key.PK && item.SK === key.SK);
    if (session && marker) session.settle(toSessionState(find(marker)));
    if (taxPointer) taxPointer.settle((find(keys.taxTableCurrent)?.version as string | undefined) ?? null);
    return new Map(items.filter((item) => item.SK === 'VARIANT').map((item) => [item.sku as string, toSellableVariant(item)]));
  },
};

/** The one reading of a coupon item, with the defaults of items written before status, scope and first purchase existed. */
export const toCoupon = (item: Record<string, unknown>): Coupon => ({
  code: item.code as string,
  type: item.type as Coupon['type'],
  value: item.value as number,
  minSubtotalCents: (item.minSubtotalCents as number | undefined) ?? 0,
  maxUses: (item.maxUses as number | undefined) ?? null,
  usedCount: (item.usedCount as number | undefined) ?? 0,
  perCustomerLimit: (item.perCustomerLimit as number | undefined) ?? null,
  validFrom: item.validFrom as string,
  validUntil: item.validUntil as string,
  status: (item.status as Coupon['status'] | undefined) ?? 'active',
  firstPurchaseOnly: (item.firstPurchaseOnly as boolean | undefined) ?? false,
  scope: (item.scope as Coupon['scope'] | undefined) ?? null,
});

export const couponRepository: CouponRepository = {
  async get(code) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.coupon(code), ConsistentRead: true }));
    return Item ? toCoupon(Item) : undefined;
  },

  async customerUses(code, userId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.couponUse(code, userId), ConsistentRead: true }));
    return (Item?.uses as number | undefined) ?? 0;
  },
};

/**
 * Whether the customer placed an order before: the checkout counter (`PURCHASES`, written by every
 * checkout's transaction) or, for orders it does not count (flash-sale claims, orders placed before
 * the counter existed), any order in the customer's GSI1 partition.
 */
export const purchaseHistory: PurchaseHistory = {
  async hasOrdered(userId) {
    const [counter, orders] = await Promise.all([
      ddb.send(new GetCommand({ TableName: tableName, Key: keys.purchases(userId), ConsistentRead: true })),
      ddb.send(new QueryCommand({
        TableName: tableName, IndexName: keys.GSI1, Limit: 1, ProjectionExpression: 'PK',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.customerOrdersKey(userId), ':prefix': keys.customerOrdersPrefix },
      })),
    ]);
    return ((counter.Item?.ordersPlaced as number | undefined) ?? 0) > 0 || (orders.Items?.length ?? 0) > 0;
  },
};

/** Products' categories (category-scoped coupons): BatchGet of the product items, only `categoryIds`. */
export const productCategories: ProductCategories = {
  async categoriesOf(productIds) {
    const items = await batchGetAll(productIds.map((id) => keys.product(id)), { projection: 'id, categoryIds' });
    return new Map(items.map((item) => [item.id as string, (item.categoryIds as string[] | undefined) ?? []]));
  },
};
