/**
 * The local stand-in for IAM's dynamodb:LeadingKeys (local/leading-keys.ts): the partitions a write
 * touches, and a write refused before it leaves the client when the handler's list does not name it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mayWritePartition, WRITE_PARTITIONS } from '../../lib/leading-keys.js';
import { enforceLeadingKeys, writtenPartitions } from '../../local/leading-keys.js';

describe('leading keys', () => {
  it('reads the partitions of every kind of write, in both key shapes', () => {
    expect(writtenPartitions('PutItemCommand', { Item: { PK: { S: 'USER#1' } } })).toEqual(['USER#1']);
    expect(writtenPartitions('UpdateCommand', { Key: { PK: 'SKU#A', SK: 'VARIANT' } })).toEqual(['SKU#A']);
    expect(writtenPartitions('TransactWriteItemsCommand', {
      TransactItems: [{ Put: { Item: { PK: 'ORDER#1' } } }, { ConditionCheck: { Key: { PK: 'SKU#A' } } }, { Delete: { Key: { PK: 'USER#1' } } }, { Update: { Key: { PK: 'FLASH_SHARD#x' } } }],
    })).toEqual(['ORDER#1', 'USER#1', 'FLASH_SHARD#x']);
    expect(writtenPartitions('BatchWriteItemCommand', {
      RequestItems: { t: [{ PutRequest: { Item: { PK: 'USER#1' } } }, { DeleteRequest: { Key: { PK: 'USER#2' } } }] },
    })).toEqual(['USER#1', 'USER#2']);
    expect(writtenPartitions('QueryCommand', { KeyConditionExpression: 'PK = :pk' })).toEqual([]);
  });

  it('lets a handler without a list write anywhere, and a listed one only its prefixes', () => {
    expect(mayWritePartition('orders/create-order', 'ORDER#1')).toBe(true);
    expect(mayWritePartition('cart/add-item', 'USER#abc')).toBe(true);
    expect(mayWritePartition('cart/add-item', 'ORDER#1')).toBe(false);
    expect(WRITE_PARTITIONS['flash-sale/claim']).toEqual(expect.arrayContaining(['FLASH_CLAIM#', 'ORDER#', 'IDEMPOTENCY#']));
  });

  it('refuses a write outside the list before it is sent, as IAM would', async () => {
    let handler = 'cart/add-item';
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
    enforceLeadingKeys(client, () => handler);
    const sent: string[] = [];
    // Stands in for the network: records what got past the check.
    client.middlewareStack.add(() => async (args) => {
      sent.push(JSON.stringify(args.input));
      return { output: { $metadata: {} }, response: {} } as never;
    }, { step: 'finalizeRequest', name: 'fakeNetwork' });

    await expect(client.send(new PutCommand({ TableName: 't', Item: { PK: 'ORDER#1', SK: 'ORDER' } }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(client.send(new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: 't', Item: { PK: 'USER#1', SK: 'CART#A' } } }, { Put: { TableName: 't', Item: { PK: 'COUPON#X', SK: 'COUPON' } } }],
    }))).rejects.toThrow(/cart\/add-item may not write partition COUPON#X/);
    expect(sent).toEqual([]);
    await client.send(new PutCommand({ TableName: 't', Item: { PK: 'USER#1', SK: 'CART#A' } }));
    handler = 'orders/create-order';
    await client.send(new PutCommand({ TableName: 't', Item: { PK: 'ORDER#1', SK: 'ORDER' } }));
    expect(sent).toHaveLength(2);
  });
});
