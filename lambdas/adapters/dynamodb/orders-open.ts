import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenOrders } from '#domain/identity/ports.js';
import { OPEN_STATUSES } from '#domain/orders/state-machine.js';
import { ddb, tableName } from './client.js';
import * as keys from './keys.js';

export const openOrders: OpenOrders = {
  async hasOpenOrders(userId) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(new QueryCommand({
        TableName: tableName,
        IndexName: keys.GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        FilterExpression: '#status IN (:s0, :s1, :s2)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': keys.customerOrdersKey(userId),
          ':prefix': keys.customerOrdersPrefix,
          ':s0': OPEN_STATUSES[0],
          ':s1': OPEN_STATUSES[1],
          ':s2': OPEN_STATUSES[2],
        },
        ProjectionExpression: 'PK',
        ExclusiveStartKey: cursor,
      }));
      if ((page.Items ?? []).length > 0) return true;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return false;
  },
};
