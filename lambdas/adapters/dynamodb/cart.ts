import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CartRepository, CouponRepository, SellableVariant, VariantReader } from '#domain/orders/ports.js';
import type { Coupon } from '#domain/orders/pricing.js';
import { ddb, isConditionFailure, tableName } from './client.js';
import * as keys from './keys.js';

export const cartRepository: CartRepository = {
  async get(userId) {
    const { Items = [] } = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      // CART#... and CART_COUPON sort together ('#' < '_')
      ExpressionAttributeValues: { ':pk': keys.userPartition(userId), ':from': keys.cartPrefix, ':to': 'CART_COUPON' },
      ConsistentRead: true,
    }));
    return {
      lines: Items.filter((i) => i.entity === 'CartLine')
        .sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)))
        .map((i) => ({ sku: i.sku as string, quantity: i.quantity as number })),
      couponCode: (Items.find((i) => i.entity === 'CartCoupon')?.code as string | undefined) ?? null,
    };
  },

  async add(userId, sku, quantity, maxQuantity) {
    try {
      await ddb.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.cartLine(userId, sku),
        UpdateExpression: 'SET entity = :entity, sku = :sku, addedAt = if_not_exists(addedAt, :now) ADD quantity :q',
        ConditionExpression: 'attribute_not_exists(quantity) OR quantity <= :room',
        ExpressionAttributeValues: { ':entity': 'CartLine', ':sku': sku, ':now': new Date().toISOString(), ':q': quantity, ':room': maxQuantity - quantity },
      }));
      return 'ok';
    } catch (error) {
      if (isConditionFailure(error)) return 'over-limit';
      throw error;
    }
  },

  async set(userId, sku, quantity) {
    try {
      if (quantity === 0) {
        await ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.cartLine(userId, sku), ConditionExpression: 'attribute_exists(PK)' }));
      } else {
        await ddb.send(new UpdateCommand({
          TableName: tableName,
          Key: keys.cartLine(userId, sku),
          UpdateExpression: 'SET quantity = :q',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':q': quantity },
        }));
      }
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async setCoupon(userId, code) {
    if (code === null) {
      await ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.cartCoupon(userId) }));
    } else {
      await ddb.send(new PutCommand({ TableName: tableName, Item: { ...keys.cartCoupon(userId), entity: 'CartCoupon', code } }));
    }
  },
};

export const variantReader: VariantReader = {
  async variants(skus) {
    const found = new Map<string, SellableVariant>();
    const unique = [...new Set(skus)];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((sku) => keys.variant(sku));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 5) throw new Error('BatchGet left keys unprocessed after retries');
        const result: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of result.Responses?.[tableName] ?? []) {
          found.set(item.sku as string, {
            sku: item.sku as string,
            productId: item.productId as string,
            name: item.productName as string,
            attributes: (item.attributes as Record<string, string> | undefined) ?? {},
            priceCents: item.priceCents as number,
            stock: item.stock as number,
            weightGrams: (item.weightGrams as number | undefined) ?? 500,
            active: (item.productStatus ?? 'active') === 'active',
          });
        }
        pending = result.UnprocessedKeys?.[tableName]?.Keys;
        if (pending?.length) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      }
    }
    return found;
  },
};

const toCoupon = (item: Record<string, unknown>): Coupon => ({
  code: item.code as string,
  type: item.type as Coupon['type'],
  value: item.value as number,
  minSubtotalCents: (item.minSubtotalCents as number | undefined) ?? 0,
  maxUses: (item.maxUses as number | undefined) ?? null,
  usedCount: (item.usedCount as number | undefined) ?? 0,
  perCustomerLimit: (item.perCustomerLimit as number | undefined) ?? null,
  validFrom: item.validFrom as string,
  validUntil: item.validUntil as string,
});

export const couponRepository: CouponRepository = {
  async get(code) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.coupon(code), ConsistentRead: true }));
    return Item ? toCoupon(Item) : undefined;
  },

  async create(coupon) {
    try {
      await ddb.send(new PutCommand({
        TableName: tableName,
        Item: { ...keys.coupon(coupon.code), entity: 'Coupon', ...coupon, maxUses: coupon.maxUses ?? undefined, perCustomerLimit: coupon.perCustomerLimit ?? undefined },
        ConditionExpression: 'attribute_not_exists(PK)',
      }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async customerUses(code, userId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.couponUse(code, userId), ConsistentRead: true }));
    return (Item?.uses as number | undefined) ?? 0;
  },
};
