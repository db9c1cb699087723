/**
 * Delivers DynamoDB Local's table stream to the wiring table's stream subscriptions, the way a
 * Lambda event source mapping would: records filtered by `entity`, batched per poll, one batch in
 * flight per subscription, a failed batch (or the part of it from the first record the handler
 * reported failed) retried before moving on.
 */
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

/** A record as Lambda hands it over (only what the delivery reads is typed; also used by scripts/stream-replay.ts). */
export interface LambdaStreamRecord {
  readonly dynamodb?: { readonly SequenceNumber?: string };
}

export function lambdaRecord(record: _Record, streamArn: string): LambdaStreamRecord {
  const { NewImage, OldImage, ...rest } = record.dynamodb ?? {};
  const image = (i: typeof NewImage) => (i ? Object.fromEntries(Object.entries(i).map(([k, v]) => [k, repair(v)])) : undefined);
  const lambda = { ...record, eventSourceARN: streamArn, dynamodb: { ...rest, NewImage: image(NewImage), OldImage: image(OldImage) } };
  return lambda;
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
      remaining = remaining.slice(Math.max(remaining.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber)), 0));
      failure = `records from sequence number ${remaining[0]?.dynamodb?.SequenceNumber} reported failed`;
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
      await deliverBatch(subscription, records.map((r) => lambdaRecord(r, options.streamArn)), options.invoke);
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
