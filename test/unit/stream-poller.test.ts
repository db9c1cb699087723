/**
 * The local table-stream poller delivers a batch the way Lambda's event source mapping does
 * (local/streams.ts deliverBatch): a thrown invocation retries the whole batch; an answer with
 * `batchItemFailures` checkpoints the records before the lowest reported sequence number and retries
 * from it, so a failed record is neither dropped nor followed by the records after it out of order.
 */
import { deliverBatch, kinesisRecord, LOCAL_KINESIS_ARN } from '../../local/streams.js';

const records = (...sequences: string[]) => sequences.map((SequenceNumber) => ({ eventID: `e${SequenceNumber}`, dynamodb: { SequenceNumber } }));
const sequencesOf = (event: unknown) => (event as { Records: { dynamodb: { SequenceNumber: string } }[] }).Records.map((r) => r.dynamodb.SequenceNumber);
const subscription = { name: 'test', handler: 'test/handler' };

function handlerAnswering(...answers: (unknown | Error)[]) {
  const calls: string[][] = [];
  const invoke = async (_handler: string, event: unknown) => {
    calls.push(sequencesOf(event));
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { invoke, calls };
}

it('retries from the first reported failure, not the records before it, until the batch is done', async () => {
  const { invoke, calls } = handlerAnswering(
    { batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '4' }] },
    { batchItemFailures: [] },
  );
  await deliverBatch(subscription, records('1', '2', '3', '4', '5'), invoke, 1);
  expect(calls).toEqual([['1', '2', '3', '4', '5'], ['3', '4', '5']]);
});

it('retries the whole batch when the invocation throws', async () => {
  const { invoke, calls } = handlerAnswering(new Error('timeout'), undefined);
  await deliverBatch(subscription, records('1', '2'), invoke, 1);
  expect(calls).toEqual([['1', '2'], ['1', '2']]);
});

it('gives up after its attempts, with an error line naming the subscription and what is dropped', async () => {
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const failing = { batchItemFailures: [{ itemIdentifier: '2' }] };
    const { invoke, calls } = handlerAnswering(failing, failing, failing, failing, failing, failing);
    await deliverBatch(subscription, records('1', '2', '3'), invoke, 1);
    expect(calls[0]).toEqual(['1', '2', '3']);
    expect(calls.slice(1).every((c) => c.join() === '2,3')).toBe(true);
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0][0])).toContain('test');
  } finally {
    error.mockRestore();
  }
});

it('retries a Kinesis batch from the record named by its Kinesis sequence number', async () => {
  const change = (SequenceNumber: string) => kinesisRecord({ eventID: `e${SequenceNumber}`, eventName: 'INSERT', dynamodb: { SequenceNumber, Keys: { PK: { S: SequenceNumber } } } }, LOCAL_KINESIS_ARN);
  const calls: string[][] = [];
  const answers = [{ batchItemFailures: [{ itemIdentifier: '8' }] }, { batchItemFailures: [] }];
  await deliverBatch(subscription, ['7', '8', '9'].map(change), async (_handler, event) => {
    calls.push((event as { Records: { kinesis: { sequenceNumber: string } }[] }).Records.map((r) => r.kinesis.sequenceNumber));
    return answers.shift();
  }, 1);
  expect(calls).toEqual([['7', '8', '9'], ['8', '9']]);
});

it('puts a change in a Kinesis record as Kinesis Data Streams for DynamoDB does: JSON data, time in milliseconds, images as AttributeValues', () => {
  const record = kinesisRecord({
    eventID: 'e1', eventName: 'MODIFY',
    dynamodb: { SequenceNumber: '42', ApproximateCreationDateTime: new Date('2026-11-27T13:00:01Z'), Keys: { PK: { S: 'ORDER#1' } }, NewImage: { entity: { S: 'Order' }, tags: {} as never }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }, LOCAL_KINESIS_ARN) as { kinesis: { data: string; sequenceNumber: string }; eventSource: string; eventSourceARN: string };
  expect(record).toMatchObject({ eventSource: 'aws:kinesis', eventSourceARN: LOCAL_KINESIS_ARN, kinesis: { sequenceNumber: '42' } });
  expect(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString())).toEqual({
    awsRegion: 'local', eventID: 'e1', eventName: 'MODIFY', userIdentity: null, recordFormat: 'application/json', tableName: 'local', eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: Date.parse('2026-11-27T13:00:01Z'), ApproximateCreationDateTimePrecision: 'MILLISECOND',
      Keys: { PK: { S: 'ORDER#1' } }, NewImage: { entity: { S: 'Order' }, tags: { M: {} } },
    },
  });
});
