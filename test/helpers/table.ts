/**
 * Direct access to the local stack's table: for arranging states the API cannot produce (a lost
 * record, keys written by an older version) and for proving what is never stored. Never used to
 * assert what the API should have returned.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/keys.js';

export const client = () => DynamoDBDocumentClient.from(new DynamoDBClient({
  endpoint: process.env.DYNAMODB_ENDPOINT, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
}));

/** Marks an order PAID the way the payments feature will (a later issue), for the ship/deliver flow. */
export async function markOrderPaid(orderId: string, at = new Date().toISOString()): Promise<void> {
  await client().send(new UpdateCommand({
    TableName: process.env.TABLE_NAME,
    Key: { PK: `ORDER#${orderId}`, SK: 'ORDER' },
    UpdateExpression: 'SET #status = :paid, GSI2PK = :gsi2, timeline = list_append(timeline, :entry), updatedAt = :at REMOVE GSI3PK, GSI3SK',
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':paid': 'PAID', ':pending': 'PENDING_PAYMENT', ':gsi2': keys.ordersByStatusKey('PAID', orderId), ':at': at,
      ':entry': [{ status: 'PAID', at, description: 'Pagamento confirmado' }],
    },
  }));
}

/** Deletes our record of a payment attempt, as if the request that created it died before writing it. */
export async function deletePaymentRecord(orderId: string, paymentId: string): Promise<void> {
  await client().send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { PK: `ORDER#${orderId}`, SK: `PAYMENT#${paymentId}` }, ConditionExpression: 'attribute_exists(PK)' }));
}

/** Overwrites attributes of an item (e.g. index keys as an older version of the code wrote them). */
export async function setAttributes(key: { PK: string; SK: string }, values: Record<string, unknown>): Promise<void> {
  const names = Object.keys(values);
  await client().send(new UpdateCommand({
    TableName: process.env.TABLE_NAME,
    Key: key,
    UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
    ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]])),
  }));
}

/** Every item of the table as JSON text (a full scan: for tests that prove something is never stored). */
export async function wholeTableText(): Promise<string> {
  const parts: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client().send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start }));
    parts.push(JSON.stringify(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return parts.join('\n');
}

/** Lets a test run the real adapters in its own process against the stack's DynamoDB Local. */
export function inProcessAdapters(): void {
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}
