/**
 * The live-tracking connections (domain port ConnectionStore) in the single table: one item per
 * connection by id, a copy in its user's partition and, for the admin feed, a copy in the
 * `ADMIN_FEED` partition (docs/data-model.md). The copies carry the whole connection, so a fan-out
 * is one Query. Every item has the TTL attribute: API Gateway drops a connection after two hours,
 * and TTL removes the records of one whose $disconnect was lost.
 */
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Connection, ConnectionStore } from '#domain/realtime/connections.js';
import { ddb, tableName, transactWrite } from './client.js';
import * as keys from './keys.js';

const itemKeys = (c: Pick<Connection, 'connectionId' | 'userId' | 'feed'>) => [
  keys.connection(c.connectionId),
  keys.userConnection(c.userId, c.connectionId),
  ...(c.feed === 'admin' ? [keys.adminFeedConnection(c.connectionId)] : []),
];

const toConnection = (item: Record<string, unknown>): Connection => ({
  connectionId: item.connectionId as string,
  userId: item.userId as string,
  feed: item.feed as Connection['feed'],
  tokenIssuedAtMs: item.tokenIssuedAtMs as number,
  connectedAt: item.connectedAt as string,
});

async function queryAll(pk: string): Promise<Connection[]> {
  const found: Connection[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.connectionPrefix },
      ConsistentRead: true,
      ExclusiveStartKey: cursor,
    }));
    for (const item of page.Items ?? []) found.push(toConnection(item));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return found;
}

export const connectionStore: ConnectionStore = {
  async add(connection, expiresAtMs) {
    const attributes = { ...connection, expiresAt: Math.floor(expiresAtMs / 1000) };
    const [primary, ...copies] = itemKeys(connection);
    await transactWrite({
      TransactItems: [
        { Put: { TableName: tableName, Item: { ...primary, entity: 'Connection', ...attributes } } },
        ...copies.map((key) => ({ Put: { TableName: tableName, Item: { ...key, entity: 'ConnectionCopy', ...attributes } } })),
      ],
    });
  },

  async get(connectionId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.connection(connectionId), ConsistentRead: true }));
    return Item ? toConnection(Item) : undefined;
  },

  async remove(connection) {
    await Promise.all(itemKeys(connection).map((Key) => ddb.send(new DeleteCommand({ TableName: tableName, Key }))));
  },

  ofUser: (userId) => queryAll(keys.userPartition(userId)),

  adminFeed: () => queryAll(keys.adminFeedPartition),
};
