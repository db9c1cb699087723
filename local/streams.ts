/**
 * Delivers DynamoDB Local's table stream to the wiring table's stream subscriptions, the way a
 * Lambda event source mapping would: records filtered by `entity`, batched per poll, one batch in
 * flight per subscription, a failed batch (or the part of it from the first record the handler
 * reported failed) retried before moving on. A subscription whose `reader` is `kinesis` gets each
 * change as Kinesis Data Streams for DynamoDB would put it in a Kinesis record (kinesisRecord()),
 * so its handler decodes the same shape it gets in AWS.
 */
import { createHash } from 'node:crypto';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamSubscriptionDef } from '../lambdas/routes.js';

const POLL_MS = 250;
const DISCOVER_EVERY_MS = 5000;

/**
 * The Streams SDK client decodes an empty map attribute (`{"M": {}}`) as `{}`, which is not an
 * AttributeValue; Lambda receives the raw JSON. Put the `M` back so handlers see what Lambda sends.
 */
function repair(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(repair);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return { M: {} };
    return Object.fromEntries(entries.map(([k, v]) => [k, k === 'M' || k === 'L' ? repairNested(k, v) : repair(v)]));
  }
  return value;
}

function repairNested(kind: string, v: unknown): unknown {
  if (kind === 'L') return (v as unknown[]).map(repair);
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, repair(x)]));
}

/** A record as Lambda hands it over, from either reader (only what the delivery reads is typed; also used by scripts/stream-replay.ts). */
export interface LambdaStreamRecord {
  readonly dynamodb?: { readonly SequenceNumber?: string };
  readonly kinesis?: { readonly sequenceNumber: string };
}

/** The sequence number Lambda's partial batch responses name a record by. */
export function sequenceOf(record: LambdaStreamRecord): string | undefined {
  return record.kinesis?.sequenceNumber ?? record.dynamodb?.SequenceNumber;
}

/** The local Kinesis copy's name in ARNs (there is no Kinesis emulator in the local stack: the poller plays both parts). */
export const LOCAL_KINESIS_ARN = 'arn:aws:kinesis:local:000000000000:stream/table-changes';

export function lambdaRecord(record: _Record, streamArn: string): LambdaStreamRecord {
  const { NewImage, OldImage, ...rest } = record.dynamodb ?? {};
  const image = (i: typeof NewImage) => (i ? Object.fromEntries(Object.entries(i).map(([k, v]) => [k, repair(v)])) : undefined);
  const lambda = { ...record, eventSourceARN: streamArn, dynamodb: { ...rest, NewImage: image(NewImage), OldImage: image(OldImage) } };
  return lambda;
}

/**
 * A change as Kinesis Data Streams for DynamoDB writes it (the JSON in the record's data, with its
 * creation time in epoch milliseconds) inside the record Lambda's Kinesis event source hands over.
 * The DynamoDB sequence number stands in for Kinesis's (both are decimal strings that grow along a shard).
 */
export function kinesisRecord(record: _Record, kinesisArn: string): LambdaStreamRecord {
  const { dynamodb } = lambdaRecord(record, kinesisArn) as { dynamodb: Record<string, unknown> };
  const { SequenceNumber, StreamViewType: _view, ApproximateCreationDateTime, ...change } = dynamodb;
  const created = ApproximateCreationDateTime instanceof Date ? ApproximateCreationDateTime.getTime() : undefined;
  const data = {
    awsRegion: 'local', eventID: record.eventID, eventName: record.eventName, userIdentity: null, recordFormat: 'application/json',
    tableName: 'local', eventSource: 'aws:dynamodb',
    dynamodb: { ...change, ...(created === undefined ? {} : { ApproximateCreationDateTime: created, ApproximateCreationDateTimePrecision: 'MILLISECOND' }) },
  };
  return kinesisLambdaRecord({
    partitionKey: createHash('md5').update(JSON.stringify(change.Keys ?? {})).digest('hex').toUpperCase(),
    sequenceNumber: SequenceNumber as string,
    data: Buffer.from(JSON.stringify(data)).toString('base64'),
    arrivalSeconds: (created ?? Date.now()) / 1000,
  }, 'shardId-000000000000', kinesisArn);
}

/** A Kinesis record as Lambda's Kinesis event source hands it over (`data` base64). */
export function kinesisLambdaRecord(
  record: { partitionKey: string; sequenceNumber: string; data: string; arrivalSeconds: number }, shardId: string, kinesisArn: string,
): LambdaStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0', partitionKey: record.partitionKey, sequenceNumber: record.sequenceNumber, data: record.data,
      approximateArrivalTimestamp: record.arrivalSeconds,
    },
    eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: `${shardId}:${record.sequenceNumber}`, eventName: 'aws:kinesis:record',
    awsRegion: kinesisArn.split(':')[3], eventSourceARN: kinesisArn,
  } as LambdaStreamRecord;
}

/** The item's `entity` (the new image's, or the old one's for a REMOVE): what the subscriptions filter on. */
export function entityOf(record: _Record): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return image?.entity?.S;
}

/** The first invocation and the five retries the CDK's event source mapping allows (`retryAttempts: 5`). */
const ATTEMPTS = 6;

/**
 * One batch to one subscription, the way Lambda's event source mapping delivers it: a thrown
 * invocation retries the whole batch; an answer with `batchItemFailures` (the stream() wrapper's)
 * checkpoints the records before the lowest reported sequence number and retries from that record
 * with the rest. After its attempts the remainder is dropped with an error line (in AWS it would
 * go to the on-failure destination). New records of the subscription wait meanwhile, so order is kept.
 */
export async function deliverBatch(
  subscription: Pick<StreamSubscriptionDef, 'name' | 'handler'>,
  records: readonly LambdaStreamRecord[],
  invoke: (handler: string, event: unknown) => Promise<unknown>,
  backoffMs = 500,
): Promise<void> {
  let remaining = records;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      const answer = (await invoke(subscription.handler, { Records: remaining })) as { batchItemFailures?: { itemIdentifier?: string }[] } | undefined;
      const failed = new Set((answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      if (failed.size === 0) return;
      // An identifier that names no record of the batch fails the whole batch (Lambda does the same).
      remaining = remaining.slice(Math.max(remaining.findIndex((r) => failed.has(sequenceOf(r))), 0));
      failure = `records from sequence number ${sequenceOf(remaining[0] ?? {})} reported failed`;
    } catch (error) {
      failure = error;
    }
    if (attempt >= ATTEMPTS) {
      console.error(`stream subscription ${subscription.name} dropped ${remaining.length} record(s) after ${ATTEMPTS} attempts`, failure);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, backoffMs * attempt));
  }
}

export function startStreamPoller(options: {
  endpoint: string;
  streamArn: string;
  subscriptions: readonly StreamSubscriptionDef[];
  invoke: (handler: string, event: unknown) => Promise<unknown>;
}): { stop(): void; idle(): Promise<void> } {
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const iterators = new Map<string, string>();
  const finishedShards = new Set<string>();
  const pending = new Map<string, _Record[]>(options.subscriptions.map((s) => [s.name, []]));
  const busy = new Set<string>();
  let stopped = false;
  let lastDiscovery = 0;
  let inFlight: Promise<void> = Promise.resolve();

  async function discover(): Promise<void> {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: options.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId as string;
      if (iterators.has(id) || finishedShards.has(id)) continue;
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({
        StreamArn: options.streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON',
      }));
      if (ShardIterator) iterators.set(id, ShardIterator);
    }
  }

  async function deliver(subscription: StreamSubscriptionDef): Promise<void> {
    const records = pending.get(subscription.name) ?? [];
    if (records.length === 0 || busy.has(subscription.name)) return;
    pending.set(subscription.name, []);
    busy.add(subscription.name);
    try {
      const shape = subscription.reader === 'kinesis' ? (r: _Record) => kinesisRecord(r, LOCAL_KINESIS_ARN) : (r: _Record) => lambdaRecord(r, options.streamArn);
      await deliverBatch(subscription, records.map(shape), options.invoke);
    } finally {
      busy.delete(subscription.name);
    }
  }

  async function poll(): Promise<void> {
    if (Date.now() - lastDiscovery > DISCOVER_EVERY_MS) {
      lastDiscovery = Date.now();
      await discover();
    }
    for (const [shardId, iterator] of iterators) {
      const result = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      if (result.NextShardIterator) iterators.set(shardId, result.NextShardIterator);
      else {
        iterators.delete(shardId);
        finishedShards.add(shardId);
      }
      for (const record of result.Records ?? []) {
        const entity = entityOf(record);
        for (const s of options.subscriptions) {
          if (entity && s.entities.includes(entity)) pending.get(s.name)?.push(record);
        }
      }
    }
    for (const s of options.subscriptions) void deliver(s);
  }

  const loop = async () => {
    while (!stopped) {
      inFlight = poll().catch((error: unknown) => {
        if (!stopped) console.error('stream poller error', error);
      });
      await inFlight;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
    },
    /** Resolves once nothing is pending or being delivered (used by benchmarks). */
    idle: async () => {
      while ([...pending.values()].some((r) => r.length > 0) || busy.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
