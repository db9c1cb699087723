/**
 * The functions' DynamoDB client (lambdas/adapters/dynamodb/client.ts) against DynamoDB Local: it
 * does not hand every call's input and output to the SDK's logger (the SDK's logger middleware is
 * removed; it filtered both through the schema on every call for a no-op logger).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { inProcessAdapters } from '../helpers/table.js';

inProcessAdapters();

it('sends calls without passing them through the SDK logger', async () => {
  const { ddb, tableName } = await import('#adapters/dynamodb/client.js');
  const logger = { trace: jest.fn(), debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const original = ddb.config.logger;
  ddb.config.logger = logger;
  try {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: { PK: 'NO_SUCH_ITEM', SK: 'NONE' } }));
    expect(Item).toBeUndefined();
    await expect(ddb.send(new GetCommand({ TableName: 'no-such-table', Key: { PK: 'x', SK: 'y' } }))).rejects.toThrow();
    expect(logger.info).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  } finally {
    ddb.config.logger = original;
  }
});
