/**
 * The local table-stream poller delivers a batch the way Lambda's event source mapping does
 * (local/streams.ts deliverBatch): a thrown invocation retries the whole batch; an answer with
 * `batchItemFailures` checkpoints the records before the lowest reported sequence number and retries
 * from it, so a failed record is neither dropped nor followed by the records after it out of order.
 */
import { deliverBatch } from '../../local/streams.js';

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
