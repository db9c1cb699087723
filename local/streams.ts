/**
 * Delivers DynamoDB Local's table stream to the wiring table's stream subscriptions, the way a
 * Lambda event source mapping would: records filtered by `entity`, batched per poll, one batch in
 * flight per subscription, a failed batch retried before moving on.
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

/** A stream record as Lambda hands it to a consumer (also used by scripts/stream-replay.ts). */
export function lambdaRecord(record: _Record, streamArn: string): unknown {
  const { NewImage, OldImage, ...rest } = record.dynamodb ?? {};
  const image = (i: typeof NewImage) => (i ? Object.fromEntries(Object.entries(i).map(([k, v]) => [k, repair(v)])) : undefined);
  return { ...record, eventSourceARN: streamArn, dynamodb: { ...rest, NewImage: image(NewImage), OldImage: image(OldImage) } };
}

/** The item's `entity` (the new image's, or the old one's for a REMOVE): what the subscriptions filter on. */
export function entityOf(record: _Record): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return image?.entity?.S;
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
    const event = { Records: records.map((r) => lambdaRecord(r, options.streamArn)) };
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await options.invoke(subscription.handler, event);
          return;
        } catch (error) {
          if (attempt >= 3) {
            console.error(`stream subscription ${subscription.name} dropped a batch of ${records.length} after 3 attempts`, error);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
      }
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
