/** How hot GSI partition keys are spread over shards (see INDEX_SHARDS). */

/**
 * How many partitions each formerly constant GSI partition key is spread over (`ORDERS#<status>`,
 * `PAYMENT_DUE`, `PAYMENTS#UNSETTLED`, `CATALOG`, `INVENTORY`): each becomes `<key>#<0..N-1>`, and
 * each shard is its own index partition (~1,000 WCU/s), so these keys take N times the writes.
 * Readers query every shard in parallel and merge (lambdas/adapters/dynamodb/sharded-query.ts).
 *
 * Changing this number re-keys every item that carries one of these keys: items written under the
 * old count sit in shards readers no longer query (or in the wrong one). A change needs a migration
 * that rewrites those GSI keys (and invalidates outstanding cursors, which record one position per
 * shard and are refused when the count differs).
 */
export const INDEX_SHARDS = 10;

/**
 * The shard of an item: FNV-1a (32-bit) of the UTF-8 bytes of its own id, mod INDEX_SHARDS. Stable
 * across processes and runtimes (no random seed), so every writer of an item's keys agrees. Orders
 * and payments use their own id; products and their variants use the product id.
 */
export function indexShard(id: string, shards: number = INDEX_SHARDS): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(id, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** 0 .. INDEX_SHARDS-1, for readers that query every shard. */
export const allShards = (): number[] => Array.from({ length: INDEX_SHARDS }, (_, i) => i);
