/**
 * Replay of a failed table-stream batch (`npm run replay:stream`, scripts/replay-stream.ts): the
 * on-failure message Lambda puts in a stream consumer's dead-letter queue holds only the batch's
 * shard and sequence-number range; the records themselves stay in the stream (DynamoDB Streams: 24
 * hours; the Kinesis copy of the table's changes: 7 days). This module reads such messages, re-reads
 * the range from the stream the consumer reads and builds the event it gets from its event source
 * mapping (the same entity filter). No AWS client is created here.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import {
  GetRecordsCommand as KinesisGetRecordsCommand, GetShardIteratorCommand as KinesisGetShardIteratorCommand, type _Record as KinesisRecord,
} from '@aws-sdk/client-kinesis';
import { entityOf, kinesisLambdaRecord, lambdaRecord } from '../local/streams.js';

/** Hours a stream keeps a record: DynamoDB Streams' fixed 24, and the Kinesis copy's retention (lib/stateful-stack.ts). */
export const RETENTION_HOURS = { 'dynamodb-streams': 24, kinesis: 7 * 24 } as const;

/** What one on-failure message says about its batch. */
export interface FailedBatch {
  /** Which stream the batch was read from: the message's `DDBStreamBatchInfo` or `KinesisBatchInfo`. */
  readonly source: 'dynamodb-streams' | 'kinesis';
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize?: number;
  /** When the batch's first record reached the stream: records are kept RETENTION_HOURS from then. */
  readonly firstRecordAt?: string;
  /** The consumer that failed (the message's `requestContext.functionArn`). */
  readonly functionArn?: string;
  readonly condition?: string;
  /** Set when the message came from SQS (to delete it after a successful replay). */
  readonly receiptHandle?: string;
}

interface BatchInfo {
  shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string; streamArn?: string;
  batchSize?: number; approximateArrivalOfFirstRecord?: string;
}

interface OnFailureRecord {
  requestContext?: { functionArn?: string; condition?: string };
  DDBStreamBatchInfo?: BatchInfo;
  KinesisBatchInfo?: BatchInfo;
}

function fromRecord(record: OnFailureRecord, receiptHandle?: string): FailedBatch {
  const source = record.KinesisBatchInfo ? 'kinesis' : 'dynamodb-streams';
  const info = record.KinesisBatchInfo ?? record.DDBStreamBatchInfo;
  const missing = (['shardId', 'startSequenceNumber', 'endSequenceNumber', 'streamArn'] as const).filter((k) => typeof info?.[k] !== 'string');
  if (!info || missing.length) throw new Error(`Not a stream on-failure message: DDBStreamBatchInfo (or KinesisBatchInfo) lacks ${missing.join(', ') || 'everything'}`);
  if (!/^\d+$/.test(info.startSequenceNumber as string) || !/^\d+$/.test(info.endSequenceNumber as string)) throw new Error('Sequence numbers must be decimal digits');
  return {
    source,
    streamArn: info.streamArn as string,
    shardId: info.shardId as string,
    startSequenceNumber: info.startSequenceNumber as string,
    endSequenceNumber: info.endSequenceNumber as string,
    batchSize: info.batchSize,
    firstRecordAt: info.approximateArrivalOfFirstRecord,
    functionArn: record.requestContext?.functionArn,
    condition: record.requestContext?.condition,
    receiptHandle,
  };
}

/**
 * Every failed batch in `text`: one on-failure record, an array of them, one SQS message
 * (`{Body, ReceiptHandle}`), the output of `aws sqs receive-message` (`{Messages: [...]}`), or one
 * of these per line.
 */
export function parseFailedBatches(text: string): FailedBatch[] {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('No message given');
  let values: unknown[];
  try {
    values = [JSON.parse(trimmed)];
  } catch {
    values = trimmed.split('\n').filter((l) => l.trim()).map((line, i) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`Line ${i + 1} is not JSON`);
      }
    });
  }
  const batches: FailedBatch[] = [];
  const visit = (value: unknown, receiptHandle?: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!value || typeof value !== 'object') throw new Error('Expected an on-failure message (a JSON object)');
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.Messages)) visit(o.Messages);
    else if (typeof o.Body === 'string') visit(JSON.parse(o.Body), typeof o.ReceiptHandle === 'string' ? o.ReceiptHandle : undefined);
    else batches.push(fromRecord(o as OnFailureRecord, receiptHandle));
  };
  for (const v of values) visit(v);
  if (!batches.length) throw new Error('No on-failure message found');
  return batches;
}

/** Stream sequence numbers are decimal strings of up to ~40 digits: compared as big integers. */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function inRange(seq: string | undefined, batch: FailedBatch): boolean {
  return seq !== undefined && compareSequenceNumbers(seq, batch.startSequenceNumber) >= 0 && compareSequenceNumbers(seq, batch.endSequenceNumber) <= 0;
}

export function inBatch(record: _Record, batch: FailedBatch): boolean {
  return inRange(record.dynamodb?.SequenceNumber, batch);
}

/** The batch's records the consumer subscribes to (its event source mapping filters on `entity`). */
export function selectRecords(records: readonly _Record[], batch: FailedBatch, entities: readonly string[]): _Record[] {
  return records.filter((r) => inBatch(r, batch) && entities.includes(entityOf(r) ?? ''));
}

/** The event the consumer gets, as from its event source mapping. */
export function replayEvent(records: readonly _Record[], batch: FailedBatch): { Records: unknown[] } {
  return { Records: records.map((r) => lambdaRecord(r, batch.streamArn)) };
}

/** The table change a Kinesis record carries (the JSON Kinesis Data Streams for DynamoDB writes). */
function kinesisChange(record: KinesisRecord): { dynamodb?: { NewImage?: Record<string, { S?: string }>; OldImage?: Record<string, { S?: string }> } } {
  return JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'));
}

/** The Kinesis copy's records of the batch that the subscription's filter (on the change's `entity`) passes. */
export function selectKinesisRecords(records: readonly KinesisRecord[], batch: FailedBatch, entities: readonly string[]): KinesisRecord[] {
  return records.filter((r) => {
    const { dynamodb } = kinesisChange(r);
    const entity = (dynamodb?.NewImage ?? dynamodb?.OldImage)?.entity?.S;
    return inRange(r.SequenceNumber, batch) && entities.includes(entity ?? '');
  });
}

export function kinesisReplayEvent(records: readonly KinesisRecord[], batch: FailedBatch): { Records: unknown[] } {
  return {
    Records: records.map((r) => kinesisLambdaRecord({
      partitionKey: r.PartitionKey ?? '', sequenceNumber: r.SequenceNumber ?? '', data: Buffer.from(r.Data ?? new Uint8Array()).toString('base64'),
      arrivalSeconds: (r.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
    }, batch.shardId, batch.streamArn)),
  };
}

/** Hours left before the batch's first record leaves its stream, when known. */
export function hoursLeft(batch: FailedBatch, nowMs: number): number | undefined {
  if (!batch.firstRecordAt) return undefined;
  return (Date.parse(batch.firstRecordAt) + RETENTION_HOURS[batch.source] * 3600_000 - nowMs) / 3600_000;
}

type Client = { send(command: never): Promise<unknown> };

/** One stream's API for reading a shard from a sequence number. */
interface ShardReader<R> {
  start(batch: FailedBatch): Promise<string | undefined>;
  page(iterator: string): Promise<{ records: R[]; next?: string }>;
  sequence(record: R): string | undefined;
}

/** Pages read with no record before giving up on an open shard that has nothing more. */
const EMPTY_PAGES = 10;

/**
 * Re-reads the batch's records: from its first sequence number until a record past its last (or
 * the shard's end). Fails clearly when the records have left the stream.
 */
async function readRange<R>(reader: ShardReader<R>, batch: FailedBatch): Promise<R[]> {
  const found: R[] = [];
  try {
    let iterator = await reader.start(batch);
    let empty = 0;
    while (iterator && empty < EMPTY_PAGES) {
      const { records, next } = await reader.page(iterator);
      empty = records.length ? 0 : empty + 1;
      for (const record of records) {
        const seq = reader.sequence(record);
        if (seq !== undefined && compareSequenceNumbers(seq, batch.endSequenceNumber) > 0) return found;
        if (inRange(seq, batch)) found.push(record);
      }
      iterator = next;
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException') {
      throw new Error(`The records of shard ${batch.shardId} from ${batch.startSequenceNumber} are no longer in the stream (kept ${RETENTION_HOURS[batch.source]} hours): rebuild from the table instead (docs/deploy.md, runbook)`);
    }
    throw error;
  }
  if (!found.length) throw new Error(`No record of shard ${batch.shardId} between ${batch.startSequenceNumber} and ${batch.endSequenceNumber} is left in the stream`);
  return found;
}

/** The batch's records from DynamoDB Streams. */
export function readBatch(streams: Client, batch: FailedBatch): Promise<_Record[]> {
  const send = (command: GetShardIteratorCommand | GetRecordsCommand) => streams.send(command as never);
  return readRange<_Record>({
    start: async (b) => ((await send(new GetShardIteratorCommand({
      StreamArn: b.streamArn, ShardId: b.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: b.startSequenceNumber,
    }))) as { ShardIterator?: string }).ShardIterator,
    page: async (iterator) => {
      const page = await send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 })) as { Records?: _Record[]; NextShardIterator?: string };
      return { records: page.Records ?? [], next: page.NextShardIterator };
    },
    sequence: (r) => r.dynamodb?.SequenceNumber,
  }, batch);
}

/** The batch's records from the Kinesis copy of the table's changes (the stream named by its ARN). */
export function readKinesisBatch(kinesis: Client, batch: FailedBatch): Promise<KinesisRecord[]> {
  const send = (command: KinesisGetShardIteratorCommand | KinesisGetRecordsCommand) => kinesis.send(command as never);
  return readRange<KinesisRecord>({
    start: async (b) => ((await send(new KinesisGetShardIteratorCommand({
      StreamName: b.streamArn.split(':stream/')[1], ShardId: b.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: b.startSequenceNumber,
    }))) as { ShardIterator?: string }).ShardIterator,
    page: async (iterator) => {
      const page = await send(new KinesisGetRecordsCommand({ ShardIterator: iterator, Limit: 1000 })) as { Records?: KinesisRecord[]; NextShardIterator?: string };
      return { records: page.Records ?? [], next: page.NextShardIterator };
    },
    sequence: (r) => r.SequenceNumber,
  }, batch);
}
