/**
 * `npm run replay:stream` (scripts/stream-replay.ts): reading Lambda's on-failure messages in every
 * shape an operator has them, picking the batch's records out of the stream, and the event it replays.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import kinesalite from 'kinesalite';
import { tableChange } from '#triggers/table-changes.js';
import {
  compareSequenceNumbers, type FailedBatch, hoursLeft, kinesisReplayEvent, parseFailedBatches, readBatch, readKinesisBatch, replayEvent, selectKinesisRecords, selectRecords,
} from '../../scripts/stream-replay.js';

const STREAM = 'arn:aws:dynamodb:sa-east-1:123456789012:table/store/stream/2026-11-01T00:00:00.000';
const FN = 'arn:aws:lambda:sa-east-1:123456789012:function:orders-publish-events';
const onFailure = (start: string, end: string) => ({
  requestContext: { requestId: 'r1', functionArn: FN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2026-11-27T13:00:05.000Z',
  DDBStreamBatchInfo: {
    shardId: 'shardId-00000001', startSequenceNumber: start, endSequenceNumber: end,
    approximateArrivalOfFirstRecord: '2026-11-27T13:00:00Z', approximateArrivalOfLastRecord: '2026-11-27T13:00:01Z', batchSize: 3, streamArn: STREAM,
  },
});

// Real sequence numbers are ~21-40 digits: beyond Number's precision.
const S1 = '100000000000000000000000001';
const S2 = '100000000000000000000000002';
const S3 = '100000000000000000000000003';
const S4 = '100000000000000000000000004';

const record = (seq: string, entity: string, event: 'INSERT' | 'MODIFY' | 'REMOVE' = 'MODIFY'): _Record => ({
  eventName: event,
  dynamodb: {
    SequenceNumber: seq,
    Keys: { PK: { S: `X#${seq}` }, SK: { S: 'X' } },
    ...(event === 'REMOVE' ? { OldImage: { entity: { S: entity } } } : { NewImage: { entity: { S: entity }, tags: {} as never } }),
  },
});

describe('parsing dead-letter messages', () => {
  const expected: Partial<FailedBatch> = { streamArn: STREAM, shardId: 'shardId-00000001', startSequenceNumber: S1, endSequenceNumber: S3, functionArn: FN, firstRecordAt: '2026-11-27T13:00:00Z' };

  it('reads a message body as saved from the console', () => {
    expect(parseFailedBatches(JSON.stringify(onFailure(S1, S3)))).toEqual([expect.objectContaining(expected)]);
  });

  it('reads `aws sqs receive-message` output, keeping each receipt handle', () => {
    const text = JSON.stringify({ Messages: [
      { MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(onFailure(S1, S3)) },
      { MessageId: 'm2', ReceiptHandle: 'h2', Body: JSON.stringify(onFailure(S4, S4)) },
    ] });
    const batches = parseFailedBatches(text);
    expect(batches.map((b) => [b.startSequenceNumber, b.receiptHandle])).toEqual([[S1, 'h1'], [S4, 'h2']]);
  });

  it('reads an array, and one message per line', () => {
    expect(parseFailedBatches(JSON.stringify([onFailure(S1, S2), onFailure(S3, S4)]))).toHaveLength(2);
    expect(parseFailedBatches(`${JSON.stringify(onFailure(S1, S2))}\n${JSON.stringify(onFailure(S3, S4))}\n`)).toHaveLength(2);
  });

  it.each([
    ['empty input', '', /No message/],
    ['a message without batch info', JSON.stringify({ requestContext: {} }), /DDBStreamBatchInfo \(or KinesisBatchInfo\) lacks/],
    ['a message missing the range', JSON.stringify({ DDBStreamBatchInfo: { shardId: 's', streamArn: STREAM } }), /startSequenceNumber, endSequenceNumber/],
    ['a non-numeric sequence number', JSON.stringify(onFailure('12a', S2)), /decimal digits/],
    ['garbage', 'not json\nat all', /Line 1 is not JSON/],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseFailedBatches(text)).toThrow(message);
  });
});

describe('selecting the batch\'s records', () => {
  const [batch] = parseFailedBatches(JSON.stringify(onFailure(S2, S3)));

  it('compares sequence numbers as big integers, not as text or doubles', () => {
    expect(compareSequenceNumbers('9', '10')).toBe(-1);
    expect(compareSequenceNumbers(S2, S1)).toBe(1);
    expect(compareSequenceNumbers(S3, S3)).toBe(0);
  });

  it('keeps the records inside the range that the subscription\'s entity filter passes (REMOVE by its old image)', () => {
    const records = [record(S1, 'Order'), record(S2, 'Order'), record(S2 + '0', 'Order'), record(S3, 'Product'), record(S3, 'Payment', 'REMOVE'), record(S4, 'Order')];
    expect(selectRecords(records, batch, ['Order', 'Payment']).map((r) => [r.dynamodb?.SequenceNumber, r.eventName])).toEqual([[S2, 'MODIFY'], [S3, 'REMOVE']]);
  });

  it('builds the event a consumer gets from its event source mapping', () => {
    const event = replayEvent([record(S2, 'Order')], batch) as { Records: { eventSourceARN: string; dynamodb: { NewImage: Record<string, unknown> } }[] };
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0].eventSourceARN).toBe(STREAM);
    // An empty map comes back from the Streams SDK as {}: put back as Lambda sends it.
    expect(event.Records[0].dynamodb.NewImage.tags).toEqual({ M: {} });
  });

  it('tells how long the records stay in the stream', () => {
    expect(hoursLeft(batch, Date.parse('2026-11-27T19:00:00Z'))).toBeCloseTo(18);
  });
});

describe('re-reading from the stream', () => {
  const [batch] = parseFailedBatches(JSON.stringify(onFailure(S2, S3)));
  const fake = (pages: (_Record[] | Error)[]) => {
    const sent: string[] = [];
    let page = 0;
    return {
      sent,
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push(command.constructor.name);
        if (command.constructor.name === 'GetShardIteratorCommand') {
          expect(command.input).toMatchObject({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: S2, ShardId: 'shardId-00000001', StreamArn: STREAM });
          return { ShardIterator: 'it-0' };
        }
        const next = pages[page++];
        if (next instanceof Error) throw next;
        return { Records: next, NextShardIterator: page < pages.length ? `it-${page}` : undefined };
      },
    };
  };

  it('reads from the first sequence number until a record past the last', async () => {
    const streams = fake([[record(S2, 'Order')], [], [record(S3, 'Order'), record(S4, 'Order')], [record(S4 + '1', 'Order')]]);
    const records = await readBatch(streams as never, batch);
    expect(records.map((r) => r.dynamodb?.SequenceNumber)).toEqual([S2, S3]);
    expect(streams.sent).toEqual(['GetShardIteratorCommand', 'GetRecordsCommand', 'GetRecordsCommand', 'GetRecordsCommand']);
  });

  it('says so when the records have left the stream', async () => {
    const trimmed = Object.assign(new Error('trimmed'), { name: 'TrimmedDataAccessException' });
    await expect(readBatch(fake([trimmed]) as never, batch)).rejects.toThrow(/no longer in the stream/);
    await expect(readBatch(fake([[], []]) as never, batch)).rejects.toThrow(/No record of shard/);
  });
});

describe('replaying a batch of the Kinesis copy of the table\'s changes (against kinesalite)', () => {
  const change = (entity: string, id: string) => JSON.stringify({
    awsRegion: 'sa-east-1', eventID: `e-${id}`, eventName: 'MODIFY', recordFormat: 'application/json', tableName: 'store', eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: 1_764_248_400_250, ApproximateCreationDateTimePrecision: 'MILLISECOND',
      Keys: { PK: { S: `${entity.toUpperCase()}#${id}` }, SK: { S: 'X' } }, NewImage: { entity: { S: entity }, id: { S: id } },
    },
  });
  let server: Server;
  let kinesis: KinesisClient;
  let arn: string;
  const sequences: string[] = [];
  let shardId: string;

  beforeAll(async () => {
    server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, resolve));
    kinesis = new KinesisClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'sa-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    });
    await kinesis.send(new CreateStreamCommand({ StreamName: 'table-changes', ShardCount: 1 }));
    arn = (await kinesis.send(new DescribeStreamCommand({ StreamName: 'table-changes' }))).StreamDescription?.StreamARN as string;
    for (const [entity, id] of [['Order', 'o1'], ['Order', 'o2'], ['Product', 'p1'], ['Order', 'o3'], ['Order', 'o4']]) {
      const put = await kinesis.send(new PutRecordCommand({ StreamName: 'table-changes', PartitionKey: id, Data: Buffer.from(change(entity, id)) }));
      sequences.push(put.SequenceNumber as string);
      shardId = put.ShardId as string;
    }
  });
  afterAll(async () => {
    kinesis.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const message = () => JSON.stringify({
    requestContext: { requestId: 'r1', functionArn: FN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
    version: '1.0', timestamp: '2026-11-27T13:00:05.000Z',
    KinesisBatchInfo: {
      shardId, startSequenceNumber: sequences[1], endSequenceNumber: sequences[3],
      approximateArrivalOfFirstRecord: '2026-11-27T13:00:00Z', approximateArrivalOfLastRecord: '2026-11-27T13:00:01Z', batchSize: 3, streamArn: arn,
    },
  });

  it('reads the range back and rebuilds the event the consumer got: its entities only, decodable as the same changes', async () => {
    const [batch] = parseFailedBatches(message());
    expect(batch).toMatchObject({ source: 'kinesis', streamArn: arn, functionArn: FN });
    const records = selectKinesisRecords(await readKinesisBatch(kinesis, batch), batch, ['Order']);
    const event = kinesisReplayEvent(records, batch) as KinesisStreamEvent;
    expect(event.Records.map((r) => r.kinesis.sequenceNumber)).toEqual([sequences[1], sequences[3]]);
    expect(event.Records.every((r) => r.eventSourceARN === arn && r.eventSource === 'aws:kinesis')).toBe(true);
    expect(event.Records.map((r) => tableChange(r).dynamodb?.NewImage?.id)).toEqual([{ S: 'o2' }, { S: 'o3' }]);
  });

  it('tells how long the records stay in the Kinesis copy (7 days)', () => {
    const [batch] = parseFailedBatches(message());
    expect(hoursLeft(batch, Date.parse('2026-11-28T13:00:00Z'))).toBeCloseTo(144);
  });
});
