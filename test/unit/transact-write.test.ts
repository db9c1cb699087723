/**
 * DynamoDB Local serialises transactions and never reports TransactionConflict, so the retry on
 * conflicts is proven here with injected failures.
 */
process.env.TABLE_NAME = 'unit-test';
process.env.AWS_REGION = 'us-east-1';

const cancelled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

describe('transactWrite', () => {
  it('retries a transaction cancelled by a conflict until it goes through', async () => {
    const { transactWrite } = await import('#adapters/dynamodb/client.js');
    const failures = [cancelled('None', 'TransactionConflict'), cancelled('TransactionConflict', 'None')];
    const send = jest.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
      return {};
    });
    await transactWrite({ TransactItems: [] }, send);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('does not retry a condition failure: that is an answer', async () => {
    const { transactWrite } = await import('#adapters/dynamodb/client.js');
    const send = jest.fn(async () => {
      throw cancelled('ConditionalCheckFailed', 'TransactionConflict');
    });
    await expect(transactWrite({ TransactItems: [] }, send)).rejects.toThrow('Transaction cancelled');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last attempt and surfaces the conflict', async () => {
    const { transactWrite } = await import('#adapters/dynamodb/client.js');
    const send = jest.fn(async () => {
      throw cancelled('TransactionConflict');
    });
    await expect(transactWrite({ TransactItems: [] }, send, 3)).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(send).toHaveBeenCalledTimes(3);
  });
});
