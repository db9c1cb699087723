import type { OrderRecord } from '#domain/orders/ports.js';
import type { ShardState } from './invariant.js';
import type { FlashSale } from './schemas.js';
import type { SaleWindow } from './windows.js';

export interface WindowHeader {
  windowId: string;
  startsAt: string;
  endsAt: string;
  unitsPerWindow: number;
  shards: number;
  paid: number;
  expired: number;
}

export type MarkerOutcome = { ok: true } | { ok: false; existing: { claimId: string; status: 'CLAIMING' | 'CLAIMED'; createdAt: string } };

export interface FlashSaleRepository {
  createSale(sale: FlashSale): Promise<'created' | 'variant-mismatch'>;
  listSales(): Promise<FlashSale[]>;
  getSale(id: string): Promise<FlashSale | undefined>;
  /** Creates the window header and its shards with their units; 'already-open' when it exists. */
  openWindow(sale: FlashSale, window: SaleWindow): Promise<'opened' | 'already-open'>;
  windowHeader(window: SaleWindow): Promise<WindowHeader | undefined>;
  /** A sale's opened windows, newest first: all of them, or the newest `limit`. */
  windowHeaders(saleId: string, limit?: number): Promise<WindowHeader[]>;
  /** Shard states; `consistent` false is an eventually consistent (cheaper) read. */
  shards(window: SaleWindow, count: number, consistent: boolean): Promise<ShardState[]>;
  /** One claim per customer per window and slot: `attribute_not_exists`. */
  putMarker(window: SaleWindow, userId: string, slot: number, claimId: string, at: string): Promise<MarkerOutcome>;
  /** Replaces a stale CLAIMING marker's claim id (the earlier attempt died before taking a unit). */
  takeOverMarker(window: SaleWindow, userId: string, slot: number, staleClaimId: string, claimId: string, at: string): Promise<boolean>;
  deleteMarker(window: SaleWindow, userId: string, slot: number, claimId: string): Promise<void>;
  /** Conditional decrement (`remaining > 0`) recording the claim id on the shard. */
  takeUnit(window: SaleWindow, shard: number, claimId: string): Promise<boolean>;
  /** Writes the claim's order and marks the marker CLAIMED, in one transaction. */
  createClaimOrder(order: OrderRecord, marker: { window: SaleWindow; userId: string; slot: number }): Promise<void>;
  /** Gives a claim's unit back to its shard (once). */
  releaseUnit(window: SaleWindow, shard: number, claimId: string): Promise<boolean>;
  orderStates(claimIds: string[]): Promise<Map<string, { status: string; customerId: string } | undefined>>;
  recordReconciliation(window: SaleWindow, fixed: string[], at: string): Promise<void>;
}
