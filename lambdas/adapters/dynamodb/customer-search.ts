/**
 * The customer search index (docs/data-model.md "Customer search"): prefix Queries on the entries
 * written with each profile, then the hits' profiles and lifetime counters by BatchGetItem.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerDirectory, CustomerLifetime, ProfileRecord } from '#domain/identity/ports.js';
import { batchGetAll, ddb, decodeCursor, encodeCursor, tableName } from './client.js';
import * as keys from './keys.js';

const userIdOf = (pk: unknown) => String(pk).slice('USER#'.length);

export const customerDirectory: CustomerDirectory = {
  async search(kind, term, limit, cursor) {
    const { Items = [], LastEvaluatedKey } = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :term)',
      ExpressionAttributeValues: { ':pk': keys.customerSearchPartition(kind, term), ':term': term },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.customerSearchCursor(kind, term)),
    }));
    return { items: Items.map((item) => item.userId as string), nextCursor: encodeCursor(LastEvaluatedKey) };
  },

  async profiles(userIds) {
    const items = await batchGetAll(userIds.map(keys.user), { projection: 'PK, userId, email, #name, cpf, phone, createdAt', names: { '#name': 'name' } });
    return new Map(items.map((item): [string, ProfileRecord] => [item.userId as string, {
      userId: item.userId as string,
      email: item.email as string,
      name: item.name as string,
      phone: (item.phone as string | undefined) ?? null,
      cpf: (item.cpf as string | undefined) ?? null,
      createdAt: item.createdAt as string,
    }]));
  },

  async lifetimes(userIds) {
    const items = await batchGetAll(userIds.map(keys.customerLifetime), { projection: 'PK, placedOrders, paidOrders, paidCents, refundedCents' });
    return new Map(items.map((item): [string, CustomerLifetime] => [userIdOf(item.PK), {
      placedOrders: item.placedOrders as number | undefined,
      paidOrders: item.paidOrders as number | undefined,
      paidCents: item.paidCents as number | undefined,
      refundedCents: item.refundedCents as number | undefined,
    }]));
  },
};
