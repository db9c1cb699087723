/**
 * The table's changes reach their consumers by one of two readers (docs/decisions.md "Table stream
 * readers"): DynamoDB Streams, whose Lambda records carry the change as it is, and Kinesis Data
 * Streams for DynamoDB, whose records carry the same change as base64 JSON in `kinesis.data`, with
 * `ApproximateCreationDateTime` in milliseconds (or microseconds) instead of seconds. Consumers read
 * both through `tableChange()` and see a DynamoDB Streams record either way.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export type TableChangeRecord = DynamoDBRecord | KinesisStreamRecord;
export type TableChangeEvent = DynamoDBStreamEvent | KinesisStreamEvent;

/** What Kinesis Data Streams for DynamoDB writes into a record's data (only what is read here). */
interface KinesisChange {
  readonly eventID?: string;
  readonly eventName?: DynamoDBRecord['eventName'];
  readonly awsRegion?: string;
  readonly dynamodb?: NonNullable<DynamoDBRecord['dynamodb']> & {
    readonly ApproximateCreationDateTime?: number;
    readonly ApproximateCreationDateTimePrecision?: 'MILLISECOND' | 'MICROSECOND';
  };
}

export function isKinesisRecord(record: TableChangeRecord): record is KinesisStreamRecord {
  return 'kinesis' in record;
}

/** Epoch seconds from a Kinesis change's creation time (milliseconds, or microseconds when the table's setting says so). */
function epochSeconds(change: KinesisChange): number | undefined {
  const raw = change.dynamodb?.ApproximateCreationDateTime;
  if (raw === undefined) return undefined;
  return change.dynamodb?.ApproximateCreationDateTimePrecision === 'MICROSECOND' ? raw / 1e6 : raw / 1e3;
}

/**
 * The change a record carries, as a DynamoDB Streams record. A Kinesis record's sequence number
 * becomes the change's `SequenceNumber`, so failures and logs name the record the reader retries.
 */
export function tableChange(record: TableChangeRecord): DynamoDBRecord {
  if (!isKinesisRecord(record)) return record;
  const change = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as KinesisChange;
  const { ApproximateCreationDateTimePrecision: _precision, ...dynamodb } = change.dynamodb ?? {};
  return {
    eventID: change.eventID,
    eventName: change.eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: change.awsRegion,
    eventSourceARN: record.eventSourceARN,
    dynamodb: { ...dynamodb, ApproximateCreationDateTime: epochSeconds(change), SequenceNumber: record.kinesis.sequenceNumber },
  };
}

export function tableChanges(event: TableChangeEvent): DynamoDBRecord[] {
  return (event.Records as TableChangeRecord[]).map(tableChange);
}
