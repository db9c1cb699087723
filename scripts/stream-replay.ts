/**
 * Replay of a failed table-stream batch (`npm run replay:stream`, scripts/replay-stream.ts): the
 * on-failure message Lambda puts in a stream consumer's dead-letter queue holds only the batch's
 * shard and sequence-number range; the records themselves stay in the stream for 24 hours. This
 * module reads such messages, re-reads the range from the stream and builds the event the consumer
 * gets from its event source mapping (the same entity filter). No AWS client is created here.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { entityOf, lambdaRecord } from '../local/streams.js';

/** What one on-failure message says about its batch. */
export interface FailedBatch {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize?: number;
  /** When the batch's first record reached the stream: records are kept 24 hours from then. */
  readonly firstRecordAt?: string;
  /** The consumer that failed (the message's `requestContext.functionArn`). */
  readonly functionArn?: string;
  readonly condition?: string;
  /** Set when the message came from SQS (to delete it after a successful replay). */
  readonly receiptHandle?: string;
}

interface OnFailureRecord {
  requestContext?: { functionArn?: string; condition?: string };
  DDBStreamBatchInfo?: {
    shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string; streamArn?: string;
    batchSize?: number; approximateArrivalOfFirstRecord?: string;
  };
}

function fromRecord(record: OnFailureRecord, receiptHandle?: string): FailedBatch {
  const info = record.DDBStreamBatchInfo;
  const missing = (['shardId', 'startSequenceNumber', 'endSequenceNumber', 'streamArn'] as const).filter((k) => typeof info?.[k] !== 'string');
  if (!info || missing.length) throw new Error(`Not a stream on-failure message: DDBStreamBatchInfo lacks ${missing.join(', ') || 'everything'}`);
  if (!/^\d+$/.test(info.startSequenceNumber as string) || !/^\d+$/.test(info.endSequenceNumber as string)) throw new Error('Sequence numbers must be decimal digits');
  return {
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

export function inBatch(record: _Record, batch: FailedBatch): boolean {
  const seq = record.dynamodb?.SequenceNumber;
  return seq !== undefined && compareSequenceNumbers(seq, batch.startSequenceNumber) >= 0 && compareSequenceNumbers(seq, batch.endSequenceNumber) <= 0;
}

/** The batch's records the consumer subscribes to (its event source mapping filters on `entity`). */
export function selectRecords(records: readonly _Record[], batch: FailedBatch, entities: readonly string[]): _Record[] {
  return records.filter((r) => inBatch(r, batch) && entities.includes(entityOf(r) ?? ''));
}

/** The event the consumer gets, as from its event source mapping. */
export function replayEvent(records: readonly _Record[], batch: FailedBatch): { Records: unknown[] } {
  return { Records: records.map((r) => lambdaRecord(r, batch.streamArn)) };
}

/** Hours left before the batch's first record leaves the stream (24 h retention), when known. */
export function hoursLeft(batch: FailedBatch, nowMs: number): number | undefined {
  if (!batch.firstRecordAt) return undefined;
  return (Date.parse(batch.firstRecordAt) + 24 * 3600_000 - nowMs) / 3600_000;
}

type StreamsClient = { send(command: GetShardIteratorCommand | GetRecordsCommand): Promise<unknown> };

/** Pages read with no record before giving up on an open shard that has nothing more. */
const EMPTY_PAGES = 10;

/**
 * Re-reads the batch's records from the stream: from its first sequence number until a record past
 * its last (or the shard's end). Fails clearly when the records have left the stream.
 */
export async function readBatch(streams: StreamsClient, batch: FailedBatch): Promise<_Record[]> {
  const found: _Record[] = [];
  try {
    const start = await streams.send(new GetShardIteratorCommand({
      StreamArn: batch.streamArn, ShardId: batch.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: batch.startSequenceNumber,
    })) as { ShardIterator?: string };
    let iterator = start.ShardIterator;
    let empty = 0;
    while (iterator && empty < EMPTY_PAGES) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 })) as { Records?: _Record[]; NextShardIterator?: string };
      const records = page.Records ?? [];
      empty = records.length ? 0 : empty + 1;
      for (const record of records) {
        const seq = record.dynamodb?.SequenceNumber;
        if (seq !== undefined && compareSequenceNumbers(seq, batch.endSequenceNumber) > 0) return found;
        if (inBatch(record, batch)) found.push(record);
      }
      iterator = page.NextShardIterator;
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException') {
      throw new Error(`The records of shard ${batch.shardId} from ${batch.startSequenceNumber} are no longer in the stream (kept 24 hours): rebuild from the table instead (docs/deploy.md, runbook)`);
    }
    throw error;
  }
  if (!found.length) throw new Error(`No record of shard ${batch.shardId} between ${batch.startSequenceNumber} and ${batch.endSequenceNumber} is left in the stream`);
  return found;
}
