/**
 * Reading an index key that is spread over INDEX_SHARDS partitions (index-shards.ts) as if it were one.
 *
 * Paginated readers (admin orders by status, orders due for expiry, the low-stock report) query
 * every shard in parallel and merge the shards' streams k-way, so a page keeps the order one
 * partition gave before (by the index sort key; ties between shards go to the lower shard number,
 * ties inside a shard keep DynamoDB's order).
 *
 * The cursor records one position per shard: the index key of the last item that shard gave to an
 * emitted page (its DynamoDB ExclusiveStartKey, stored compactly by a per-reader codec), `null` for
 * a shard not read from yet, `false` for a shard with nothing left. The next page resumes every
 * shard exactly where its own stream stopped, so each matching item is returned exactly once across
 * pages, even when many items share a sort key (low stock: many variants at 0) and whatever order
 * DynamoDB gives ties in. A cursor also carries a short hash of the query it belongs to and the
 * shard count; anything else is refused as a ValidationError (400), like the catalog search's.
 *
 * Cost: the first read of each shard asks for `limit + 1` items (any one shard may hold the whole
 * page; the extra one tells whether more follow), so a page reads up to N × (limit + 1) index items.
 * A shard whose buffer runs dry while it still has more (a 1 MB page) is read again before merging on.
 * `nextCursor` is null only when every shard is known to be exhausted.
 */
import { ValidationError } from '#shared/errors.js';

export type IndexKey = Record<string, unknown>;

export interface ShardPage<T> {
  items: T[];
  /** DynamoDB's LastEvaluatedKey: the shard may have more after it. */
  next?: IndexKey;
}

export interface PositionCodec<T> {
  /** A compact, JSON-safe position for the item (enough to rebuild its index key). */
  encode(item: T): unknown;
  /** The ExclusiveStartKey for a position in `shard`, or undefined when the value is not a valid position. */
  decode(value: unknown, shard: number): IndexKey | undefined;
}

export interface MergedPageInput<T> {
  shards: number;
  limit: number;
  cursor?: string;
  /** What identifies the query (partition prefix, range, threshold...): a cursor only resumes the same query. */
  query: string;
  ascending: boolean;
  sortValue: (item: T) => string | number;
  position: PositionCodec<T>;
  /** One Query on one shard, in index order, after `start` (from the beginning when undefined). */
  fetch: (shard: number, start: IndexKey | undefined, limit: number) => Promise<ShardPage<T>>;
}

type Position = null | false | unknown;

interface ShardState<T> {
  shard: number;
  /** Where this page's reading of the shard began (the cursor's position). */
  from: Position;
  buffer: T[];
  /** LastEvaluatedKey of the latest read: more may follow. */
  more?: IndexKey;
  /** The last item this page took from the shard. */
  last?: T;
  taken: boolean;
}

const invalidCursor = () => new ValidationError('Invalid cursor', [{ field: 'cursor', message: 'cursor is malformed or belongs to a different query' }]);

/** A short, stable hash of the query (FNV-1a, hex): cursors stay small. */
export function queryFingerprint(query: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(query, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** DynamoDB orders string sort keys by their UTF-8 bytes and numbers numerically. */
export function compareSortValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}

interface CursorBody {
  v: 1;
  q: string;
  /** One entry per shard: null (not read yet), false (exhausted) or a codec position. */
  p: Position[];
}

export function encodeShardCursor(query: string, positions: Position[]): string {
  const body: CursorBody = { v: 1, q: queryFingerprint(query), p: positions };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Positions per shard (null: from the start, false: exhausted, else an ExclusiveStartKey); throws ValidationError. */
export function decodeShardCursor<T>(cursor: string, query: string, shards: number, codec: PositionCodec<T>): { from: Position[]; keys: (IndexKey | null | false)[] } {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const b = body as Partial<CursorBody> | null;
  if (!b || typeof b !== 'object' || b.v !== 1 || b.q !== queryFingerprint(query) || !Array.isArray(b.p) || b.p.length !== shards) throw invalidCursor();
  const keys = b.p.map((value, shard) => {
    if (value === null || value === false) return value;
    const key = codec.decode(value, shard);
    if (!key) throw invalidCursor();
    return key;
  });
  // A cursor is only handed out while something is left.
  if (keys.every((k) => k === false)) throw invalidCursor();
  return { from: b.p, keys };
}

/**
 * One page of the merged shards: at most `limit` items in index order, every item exactly once
 * across the pages of one cursor chain.
 */
export async function mergedPage<T>(input: MergedPageInput<T>): Promise<{ items: T[]; nextCursor: string | null }> {
  const { shards, limit } = input;
  const decoded = input.cursor
    ? decodeShardCursor(input.cursor, input.query, shards, input.position)
    : { from: Array<Position>(shards).fill(null), keys: Array<IndexKey | null | false>(shards).fill(null) };

  const states: ShardState<T>[] = decoded.keys.map((_key, shard) => ({ shard, from: decoded.from[shard], buffer: [], taken: false }));
  const read = async (state: ShardState<T>, start: IndexKey | undefined, count: number) => {
    const page = await input.fetch(state.shard, start, count);
    state.buffer.push(...page.items);
    state.more = page.next;
  };
  await Promise.all(states.map((state, shard) => {
    const key = decoded.keys[shard];
    return key === false ? undefined : read(state, key ?? undefined, limit + 1);
  }));

  const direction = input.ascending ? 1 : -1;
  const items: T[] = [];
  while (items.length < limit) {
    // A shard that ran dry but has more must be read before its next item can be compared.
    const dry = states.filter((s) => s.buffer.length === 0 && s.more);
    if (dry.length) {
      await Promise.all(dry.map((s) => read(s, s.more, limit - items.length + 1)));
      continue;
    }
    let best: ShardState<T> | undefined;
    for (const state of states) {
      const head = state.buffer[0];
      if (head === undefined) continue;
      if (!best || direction * compareSortValues(input.sortValue(head), input.sortValue(best.buffer[0] as T)) < 0) best = state;
    }
    if (!best) break;
    const item = best.buffer.shift() as T;
    best.last = item;
    best.taken = true;
    items.push(item);
  }

  const exhausted = (s: ShardState<T>) => s.buffer.length === 0 && !s.more;
  if (states.every(exhausted)) return { items, nextCursor: null };
  const positions = states.map((s): Position => {
    if (exhausted(s)) return false;
    return s.taken ? input.position.encode(s.last as T) : s.from;
  });
  return { items, nextCursor: encodeShardCursor(input.query, positions) };
}

/** Every item of every shard (background readers: snapshot rebuild, reconciler), all pages, shards in parallel. */
export async function readAllShards<T>(shards: number, fetch: (shard: number, start: IndexKey | undefined) => Promise<ShardPage<T>>): Promise<T[][]> {
  return Promise.all(Array.from({ length: shards }, async (_, shard) => {
    const items: T[] = [];
    let start: IndexKey | undefined;
    do {
      const page = await fetch(shard, start);
      items.push(...page.items);
      start = page.next;
    } while (start);
    return items;
  }));
}
