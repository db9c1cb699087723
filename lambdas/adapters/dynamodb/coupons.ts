/**
 * The admin side of coupons: create, list, update, delete. Apart from ./cart.ts so that the
 * shoppers' cart functions do not bundle it. The redemption itself (usedCount, CouponUse) is part
 * of the order's transaction (./orders.ts).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CouponAdminRepository, CouponRecord } from '#domain/orders/ports.js';
import { toCoupon } from './cart.js';
import { conditionalWrite, ddb, decodeCursor, encodeCursor, tableName } from './client.js';
import * as keys from './keys.js';

const toRecord = (item: Record<string, unknown>): CouponRecord => ({
  ...toCoupon(item),
  // Coupons written before these fields existed: their window's start stands in, and `''` is their lock token.
  createdAt: (item.createdAt as string | undefined) ?? (item.validFrom as string),
  updatedAt: (item.updatedAt as string | undefined) ?? '',
});

/** null limits and scope are stored as absent attributes. */
const storable = (value: unknown) => (value === null ? undefined : value);

export const couponAdmin: CouponAdminRepository = {
  async get(code) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.coupon(code), ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  },

  async create(coupon) {
    const { ok } = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.coupon(coupon.code), ...keys.couponsIndex(coupon.code), entity: 'Coupon', ...coupon,
        maxUses: storable(coupon.maxUses), perCustomerLimit: storable(coupon.perCustomerLimit), scope: storable(coupon.scope),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    })));
    return ok;
  },

  async list(limit, cursor) {
    const page = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.couponsPartition },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.couponsCursor),
    }));
    return { items: (page.Items ?? []).map(toRecord), nextCursor: encodeCursor(page.LastEvaluatedKey) };
  },

  async update(code, changes, seenUpdatedAt, at) {
    const set: string[] = ['updatedAt = :at', 'GSI1PK = :gsi1pk', 'GSI1SK = :gsi1sk'];
    const remove: string[] = [];
    const names: Record<string, string> = {};
    // The index keys too: coupons created before the list existed join it on their first update.
    const values: Record<string, unknown> = { ':at': at, ':gsi1pk': keys.couponsPartition, ':gsi1sk': code };
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    // Coupons written before updates existed have no token yet: their first update requires none.
    const condition = seenUpdatedAt === '' ? 'attribute_exists(PK) AND attribute_not_exists(updatedAt)' : 'updatedAt = :seen';
    if (seenUpdatedAt !== '') values[':seen'] = seenUpdatedAt;
    const { ok } = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.coupon(code),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: values,
    })));
    return ok ? 'updated' : 'changed';
  },

  async delete(code) {
    // usedCount only grows (a cancelled order keeps its redemption), so 0 means never redeemed and no CouponUse item exists.
    const outcome = await conditionalWrite(ddb.send(new DeleteCommand({
      TableName: tableName,
      Key: keys.coupon(code),
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(usedCount) OR usedCount = :zero)',
      ExpressionAttributeValues: { ':zero': 0 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (outcome.ok) return 'deleted';
    return outcome.old ? 'used' : 'not-found';
  },
};
