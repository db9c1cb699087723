import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, ddb, tableName } from './client.js';
import * as keys from './keys.js';

/**
 * Idempotency records: one item per (route, caller, key), so records spread over partitions
 * (Powertools' persistence layer would put them all in one partition of a composite-key table,
 * which the flash sale would turn into a hot spot).
 */
interface IdempotencyRecord {
  status: 'IN_PROGRESS' | 'COMPLETED';
  requestHash: string;
  response?: { status: number; body: unknown; headers?: Record<string, string> };
  lockedUntilMs: number;
}

/** Records are kept for a day, then removed by TTL. */
const RETENTION_SECONDS = 24 * 3600;

export const idempotencyStore = {
  /** Claims the key; returns the existing record when someone holds it or has finished with it. */
  async begin(scope: string, requestHash: string, nowMs: number, lockMs: number): Promise<IdempotencyRecord | undefined> {
    const outcome = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.idempotency(scope), entity: 'Idempotency', status: 'IN_PROGRESS', requestHash, lockedUntilMs: nowMs + lockMs,
        expiresAt: Math.floor(nowMs / 1000) + RETENTION_SECONDS,
      },
      // A crashed holder's lock expires, so the request can be retried.
      ConditionExpression: 'attribute_not_exists(PK) OR (#status = :inProgress AND lockedUntilMs < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': nowMs },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (outcome.ok) return undefined;
    return (outcome.old as IdempotencyRecord | undefined) ?? this.get(scope);
  },

  async get(scope: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(scope), ConsistentRead: true }));
    return Item as IdempotencyRecord | undefined;
  },

  async complete(scope: string, response: IdempotencyRecord['response']): Promise<void> {
    await ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.idempotency(scope),
      UpdateExpression: 'SET #status = :completed, #response = :response',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': response },
    }));
  },

  /** Releases the key after a failure the client may retry (5xx). */
  async release(scope: string): Promise<void> {
    await ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.idempotency(scope) }));
  },
};
