import type { OrderRecord } from '#domain/orders/ports.js';
import type { Contribution, Counters, Dimension } from './facts.js';
import type { ShardSoldOut } from './flash.js';

/** A fact to count once: its id, its São Paulo day, and the fact it requires to have been counted. */
export interface FactToCount {
  id: string;
  day: string;
  requires?: string;
}

export interface AggregateWriter {
  /**
   * Adds the contributions to the fact's day items, once: 'counted', 'duplicate' (the fact was
   * counted before: a replay) or 'unmet' (the fact it requires was never counted; nothing written).
   */
  count(fact: FactToCount, contributions: Contribution[]): Promise<'counted' | 'duplicate' | 'unmet'>;
}

export interface RecordingDeps {
  aggregates: AggregateWriter;
  orders: { get(id: string): Promise<OrderRecord | undefined> };
  /** Each product's first category, for the products that have one. */
  categories(productIds: string[]): Promise<Map<string, string>>;
}

/** One aggregate item as read: a day, the dimension's value and label, its counters. */
export interface AggregateRow {
  day: string;
  value: string;
  label: string;
  counters: Counters;
}

export interface AggregateReader {
  /** The whole-store counters of every day from `from` to `to` that has any (shards summed). */
  storeDays(from: string, to: string): Promise<AggregateRow[]>;
  /** Every value of `dimension` with counts on each of `days`. */
  dimensionDays(dimension: Exclude<Dimension, 'store'>, days: string[]): Promise<AggregateRow[]>;
}

/** A variant's stock as the inventory index holds it (active products only). */
export interface StockLine {
  sku: string;
  productId: string;
  name: string;
  stock: number;
}

export interface InventoryReader {
  /** Every variant of an active product, or those at or under `threshold`. */
  variants(threshold?: number): Promise<StockLine[]>;
}

export interface SellOutStore {
  /** Records the first time a shard ran out (a later one, or a replay, keeps the first). */
  record(soldOut: ShardSoldOut): Promise<void>;
  /** Per window start (from `fromStart` to `toStart`), each shard's first sell-out time. */
  times(saleId: string, fromStart: string, toStart: string): Promise<Map<string, Map<number, string>>>;
}

/** Keeps an export file for a short while and hands out a link to it (a pre-signed URL in AWS). */
export interface ExportStore {
  save(fileName: string, body: string, contentType: string): Promise<{ url: string; expiresInSeconds: number }>;
}
