import type { AddressView } from '#domain/identity/schemas.js';
import type { SessionRider } from '#shared/sessions.js';
import type { TaxPointerRider } from '#domain/taxes/ports.js';
import type { Coupon } from './pricing.js';
import type { AnonymisedAddress } from './schemas.js';
import type { StoredShippingQuote } from './shipping.js';
import type { OrderStatus } from './state-machine.js';

/** A variant as the cart and checkout see it: always read fresh from the table. */
export interface SellableVariant {
  sku: string;
  productId: string;
  name: string;
  attributes: Record<string, string>;
  priceCents: number;
  stock: number;
  weightGrams: number;
  heightCm: number;
  widthCm: number;
  lengthCm: number;
  /** NCM code, null when the variant has none (its taxes use the default rates). */
  ncm: string | null;
  active: boolean;
}

export interface CartContents {
  /** `addToken`: the request that last added to the line (POST /cart is applied once per token). */
  lines: { sku: string; quantity: number; addToken?: string }[];
  couponCode: string | null;
  /** The order this cart last became (written by the order's transaction), if any. */
  lastOrder?: { orderId: string; at: string } | null;
  /** The last carrier quote GET /cart?cep= made for this cart (POST /orders charges it). */
  shippingQuote?: StoredShippingQuote | null;
}

export interface CartRepository {
  /**
   * The cart; with `addressId`, that saved address of the customer too, read in the same call
   * (checkout: one Query of the user's partition instead of a Query and a GetItem).
   */
  get(userId: string, options?: { addressId?: string }): Promise<CartContents & { address?: AddressView }>;
  /**
   * Adds `quantity` once per `token`: a repeat of the same token (a retried write, a client's retry)
   * adds nothing. Answers the line's quantity after the write, or 'over-limit' when the line would
   * exceed `maxQuantity`.
   */
  add(userId: string, sku: string, quantity: number, maxQuantity: number, token: string): Promise<{ quantity: number } | 'over-limit'>;
  /** Sets a line's quantity (0 removes); false when the line does not exist. */
  set(userId: string, sku: string, quantity: number): Promise<boolean>;
  setCoupon(userId: string, code: string | null): Promise<void>;
}

/** Keeps a cart's latest carrier quote (one per cart, replaced). */
export interface ShippingQuoteStore {
  save(userId: string, quote: StoredShippingQuote): Promise<void>;
}

export interface VariantReader {
  /** With `session`, the caller's revocation marker is read in the same BatchGet and settled on it (a revoked token throws 401). */
  variants(skus: string[], session?: SessionRider, taxPointer?: TaxPointerRider): Promise<Map<string, SellableVariant>>;
}

export interface CouponRepository {
  get(code: string): Promise<Coupon | undefined>;
  customerUses(code: string, userId: string): Promise<number>;
}

/** The stored coupon with its bookkeeping (admin views). */
export interface CouponRecord extends Coupon {
  createdAt: string;
  /** The optimistic-lock token of updates. */
  updatedAt: string;
}

export type CouponChanges = Partial<Omit<Coupon, 'code' | 'usedCount'>>;

/** The admin side of coupons. */
export interface CouponAdminRepository {
  get(code: string): Promise<CouponRecord | undefined>;
  create(coupon: CouponRecord): Promise<boolean>;
  /** Every coupon by code, a page at a time. */
  list(limit: number, cursor?: string): Promise<{ items: CouponRecord[]; nextCursor: string | null }>;
  /** Writes `changes` if the coupon still has `seenUpdatedAt`; 'changed' when someone else updated (or deleted) it first. */
  update(code: string, changes: CouponChanges, seenUpdatedAt: string, at: string): Promise<'updated' | 'changed'>;
  /** Deletes a coupon never redeemed. */
  delete(code: string): Promise<'deleted' | 'not-found' | 'used'>;
}

/** Whether a customer has placed an order before (first-purchase coupons). */
export interface PurchaseHistory {
  hasOrdered(userId: string): Promise<boolean>;
}

/** The categories of products (category-scoped coupons): product id -> category ids; unknown products are absent. */
export interface ProductCategories {
  categoriesOf(productIds: string[]): Promise<Map<string, string[]>>;
}

export interface TimelineEntry {
  status: OrderStatus;
  at: string;
  description: string;
  /** A carrier's tracking event (logistics): its code and, when the carrier tells it, where. */
  code?: string;
  location?: string;
}

export interface OrderLine {
  sku: string;
  productId: string;
  name: string;
  attributes: Record<string, string>;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  /** The line's approximate taxes, frozen at placement; absent on orders placed before taxes were computed. */
  taxes?: OrderLineTaxes;
}

/** A line's approximate taxes (Lei 12.741/2012): its NCM, where the rates came from and the amounts. */
export interface OrderLineTaxes {
  ncm: string | null;
  source: 'table' | 'default';
  federalCents: number;
  stateCents: number;
  totalCents: number;
}

/** The order's approximate taxes, the sums of its lines', with the rate table version used. */
export interface OrderTaxesRecord {
  tableVersion: string | null;
  federalCents: number;
  stateCents: number;
  totalCents: number;
}

/**
 * The delivery the customer chose at checkout. `carrierService` (the carrier's id for it, what a
 * shipment buys) is null when the quote came from the CEP table; orders placed before carrier
 * quotes have neither it nor `source`.
 */
export interface OrderShipping {
  /** The name the customer read. */
  service: string;
  minDays: number;
  maxDays: number;
  carrierService?: string | null;
  /** `carrier`: quoted by the carrier at checkout; `table`: the CEP table (no carrier configured, or it was slow or down). */
  source?: 'carrier' | 'table';
}

export interface OrderRecord {
  id: string;
  customerId: string;
  status: OrderStatus;
  items: OrderLine[];
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
  coupon: { code: string; discountCents: number } | null;
  /**
   * "Valor aproximado dos tributos", computed and frozen when the order was placed (a later rate
   * table does not change it); null for flash-sale claims, absent on orders placed before taxes.
   */
  taxes?: OrderTaxesRecord | null;
  /** The address the order was delivered to; only city and state once the customer deleted their account. */
  address: AddressView | AnonymisedAddress;
  shipping: OrderShipping | null;
  paymentDeadline: string;
  carrier: string | null;
  trackingCode: string | null;
  flashSaleId: string | null;
  /** Where a flash-sale order's unit came from (it goes back there on expiry or cancellation). */
  flashSale: { saleId: string; windowStart: string; windowEnd: string; shard: number; claimId: string } | null;
  timeline: TimelineEntry[];
  correlationId: string;
  createdAt: string;
  updatedAt: string;
}

export type CreateOrderOutcome =
  | { ok: true }
  | { ok: false; reason: 'cart-changed' | 'out-of-stock' | 'coupon-exhausted' | 'coupon-customer-limit' | 'coupon-first-purchase' | 'session-revoked' };

export interface OrderRepository {
  create(order: OrderRecord, options: {
    coupon: { code: string; perCustomerLimit: number | null; firstPurchaseOnly: boolean; now: string } | null;
    /**
     * The cart as it was priced: its lines are deleted only if each still holds this quantity (and
     * the coupon only if it is still this code), so one cart becomes at most one order.
     */
    consumeCart: { lines: { sku: string; quantity: number }[]; couponCode: string | null };
    /** The caller's token, checked against the revocation marker in the same transaction (ConditionCheck). */
    session?: { userId: string; issuedAtMs: number };
  }): Promise<CreateOrderOutcome>;
  get(id: string): Promise<OrderRecord | undefined>;
  /** Newest first; only those created within `range` (canonical ISO times, both inclusive) when given. */
  listByCustomer(userId: string, limit: number, cursor?: string, range?: { from?: string; to?: string }): Promise<{ items: OrderRecord[]; nextCursor: string | null }>;
  /** Newest first; every status when `status` is undefined. */
  listByStatus(status: OrderStatus | undefined, range: { from?: string; to?: string }, limit: number, cursor?: string): Promise<{ items: OrderRecord[]; nextCursor: string | null }>;
  /**
   * Moves an order from `from` to `to` with a conditional write; releases its stock in the same
   * transaction when asked. `requireDeadlinePassed` (expiry) adds `paymentDeadline <= now`.
   * Returns false when the order was not in `from` any more (someone else moved it first).
   */
  transition(order: OrderRecord, to: OrderStatus, options: {
    at: string;
    /** Give regular stock back to the variants (a never-paid order). */
    releaseStock: boolean;
    /**
     * Give a flash-sale order's unit back (cancelled or expired, paid or not): to its window while
     * the window is open, to the variant's stock once it has closed.
     */
    returnFlashUnit?: false | 'window' | 'stock';
    entry: TimelineEntry;
    set?: { carrier?: string; trackingCode?: string };
    requireDeadlinePassed?: boolean;
    correlationId: string;
  }): Promise<boolean>;
  /** Pending orders whose payment deadline is at or before `now`, oldest deadline first, a page at a time. */
  dueForExpiry(now: string, limit: number, cursor?: string): Promise<{ items: OrderRecord[]; nextCursor: string | null }>;
}
