import type { OrderRecord } from '#domain/orders/ports.js';
import type { SessionState } from '#shared/sessions.js';
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

export type WindowOpening = 'opened' | 'opened-short' | 'already-open' | 'no-stock';

export type MarkerOutcome =
  | { ok: true }
  | { ok: false; existing: { claimId: string; status: 'CLAIMING' | 'CLAIMED'; createdAt: string } }
  /** The session check riding in the marker's write failed (nothing was written): the marker as read. */
  | { ok: false; revoked: SessionState };

export interface FlashSaleRepository {
  createSale(sale: FlashSale): Promise<'created' | 'variant-mismatch'>;
  listSales(): Promise<FlashSale[]>;
  getSale(id: string): Promise<FlashSale | undefined>;
  /**
   * Creates the window header and its shards, taking the window's units from the variant's stock in
   * the same transaction: `unitsPerWindow`, or what the stock holds when less ('opened-short');
   * 'no-stock' (nothing written) when the variant has none; 'already-open' when the window exists.
   */
  openWindow(sale: FlashSale, window: SaleWindow): Promise<WindowOpening>;
  windowHeader(window: SaleWindow): Promise<WindowHeader | undefined>;
  /** A sale's opened windows, newest first: all of them, or the newest `limit`. */
  windowHeaders(saleId: string, limit?: number): Promise<WindowHeader[]>;
  /** Shard states; `consistent` false is an eventually consistent (cheaper) read. */
  shards(window: SaleWindow, count: number, consistent: boolean): Promise<ShardState[]>;
  /**
   * One claim per customer per window and slot: `attribute_not_exists`. With `session`, in the same
   * write, a ConditionCheck that the caller's token was issued after the user's last revocation
   * (`validAfterMs <= issuedAtMs`): one call decides both.
   */
  putMarker(window: SaleWindow, userId: string, slot: number, claimId: string, at: string, session?: { userId: string; issuedAtMs: number }): Promise<MarkerOutcome>;
  /** Replaces a stale CLAIMING marker's claim id (the earlier attempt died before taking a unit). */
  takeOverMarker(window: SaleWindow, userId: string, slot: number, staleClaimId: string, claimId: string, at: string): Promise<boolean>;
  /** Deletes the claim's marker while it is still CLAIMING; false when it is not (its order was written, or another claim took it over). */
  deleteMarker(window: SaleWindow, userId: string, slot: number, claimId: string): Promise<boolean>;
  /** Conditional decrement (`remaining > 0`) recording the claim id on the shard. */
  takeUnit(window: SaleWindow, shard: number, claimId: string): Promise<boolean>;
  /** Writes the claim's order and marks the marker CLAIMED, in one transaction. */
  createClaimOrder(order: OrderRecord, marker: { window: SaleWindow; userId: string; slot: number }): Promise<void>;
  /** Gives a claim's unit back to its shard (once). */
  releaseUnit(window: SaleWindow, shard: number, claimId: string): Promise<boolean>;
  /**
   * A closed window's unsold units back to the variant's stock: the shard's `remaining` (exactly
   * `units`, as read) moves to its `restocked` count and to the stock, in one transaction; false
   * when the shard no longer holds `units` (someone moved it first).
   */
  restockShard(window: SaleWindow, sku: string, shard: number, units: number): Promise<boolean>;
  orderStates(claimIds: string[]): Promise<Map<string, { status: string; customerId: string } | undefined>>;
  recordReconciliation(window: SaleWindow, fixed: string[], at: string): Promise<void>;
  /**
   * Writes the closed window's unsold-units notice unless it exists (`attribute_not_exists`): true
   * when this call wrote it. Its stream record becomes the one FlashSaleWindowUnsold of the window.
   */
  noteUnsoldWindow(notice: UnsoldWindowNotice): Promise<boolean>;
}

/** What a closed window did not sell, over its shards, when the reconciler gave it back to the stock. */
export interface UnsoldWindowNotice {
  saleId: string;
  windowId: string;
  sku: string;
  productName: string;
  startsAt: string;
  endsAt: string;
  windowUnits: number;
  unsoldUnits: number;
  claimedUnits: number;
  at: string;
}
