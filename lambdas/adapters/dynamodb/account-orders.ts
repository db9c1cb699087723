import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountOrders } from '#domain/identity/ports.js';
import { anonymisedAddress } from '#domain/orders/anonymise.js';
import type { OrderRecord } from '#domain/orders/ports.js';
import { OPEN_STATUSES } from '#domain/orders/state-machine.js';
import { ddb, tableName } from './client.js';
import * as keys from './keys.js';

/** One page of the customer's orders (GSI1 `CUSTOMER#<sub>`), with only the attributes asked for. */
const customerOrdersPage = (
  userId: string,
  read: { projection: string; names: Record<string, string>; filter?: string; values?: Record<string, unknown> },
  cursor: Record<string, unknown> | undefined,
) =>
  ddb.send(new QueryCommand({
    TableName: tableName,
    IndexName: keys.GSI1,
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
    ...(read.filter ? { FilterExpression: read.filter } : {}),
    ExpressionAttributeNames: read.names,
    ExpressionAttributeValues: { ':pk': keys.customerOrdersKey(userId), ':prefix': keys.customerOrdersPrefix, ...read.values },
    ProjectionExpression: read.projection,
    ExclusiveStartKey: cursor,
  }));

export const accountOrders: AccountOrders = {
  async hasOpenOrders(userId) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await customerOrdersPage(userId, {
        projection: 'PK',
        names: { '#status': 'status' },
        filter: '#status IN (:s0, :s1, :s2)',
        values: { ':s0': OPEN_STATUSES[0], ':s1': OPEN_STATUSES[1], ':s2': OPEN_STATUSES[2] },
      }, cursor);
      if ((page.Items ?? []).length > 0) return true;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return false;
  },

  async anonymise(userId, at) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await customerOrdersPage(userId, { projection: 'PK, SK, #address', names: { '#address': 'address' } }, cursor);
      for (const item of page.Items ?? []) {
        const address = item.address as OrderRecord['address'];
        if ('anonymisedAt' in address) continue;
        // Only the address changes, never the status: the outbox and the live pushes react to status
        // changes, so this publishes nothing.
        await ddb.send(new UpdateCommand({
          TableName: tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET #address = :address, updatedAt = :at',
          ConditionExpression: 'customerId = :customer',
          ExpressionAttributeNames: { '#address': 'address' },
          ExpressionAttributeValues: { ':address': anonymisedAddress(address, at), ':at': at, ':customer': userId },
        }));
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  },
};
