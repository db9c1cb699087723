/**
 * Cart totals and coupon rules. All money is integer cents (BRL).
 *
 * Rounding and limits:
 * - line total = unit price × quantity; subtotal = sum of line totals;
 * - a percent coupon takes floor(subtotal × percent / 100): rounding always favours the store,
 *   so a customer never gets more than the stated percentage (10% of 999 is 99);
 * - a fixed coupon takes min(value, subtotal): it never exceeds the merchandise;
 * - discounts apply to merchandise only, never to shipping;
 * - total = subtotal − discount + shipping, and is never negative.
 *
 * A coupon is valid from `validFrom` (inclusive) until `validUntil` (exclusive). `null` limits
 * (`maxUses`, `perCustomerLimit`) mean unlimited.
 *
 * A scoped coupon (`scope`: products and/or categories) discounts only the lines in its scope: a
 * percent coupon takes its share of those lines' total, a fixed one at most their total. The
 * minimum order (`minSubtotalCents`) is always the whole merchandise subtotal. A cart with no line
 * in scope is refused (`NOT_APPLICABLE`).
 */
import { ValidationError } from '#shared/errors.js';

export interface CartLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Coupon {
  code: string;
  type: 'percent' | 'fixed';
  /** Percent (1..100) for `percent`, cents for `fixed`. */
  value: number;
  minSubtotalCents: number;
  /** Total redemptions allowed; null = unlimited. */
  maxUses: number | null;
  usedCount: number;
  /** Redemptions allowed per customer; null = unlimited. */
  perCustomerLimit: number | null;
  /** ISO timestamp, inclusive. */
  validFrom: string;
  /** ISO timestamp, exclusive. */
  validUntil: string;
  /** A disabled coupon applies to nothing (until enabled again); it keeps its history. */
  status: 'active' | 'disabled';
  /** Only for a customer who never placed an order. */
  firstPurchaseOnly: boolean;
  /** null: every product. Otherwise a line is in scope when its product is listed or has a listed category. */
  scope: CouponScope | null;
}

export interface CouponScope {
  productIds: string[];
  categoryIds: string[];
}

export type CouponRejection =
  | 'NOT_FOUND' | 'DISABLED' | 'NOT_YET_VALID' | 'EXPIRED' | 'EXHAUSTED' | 'CUSTOMER_LIMIT_REACHED' | 'FIRST_PURCHASE_ONLY'
  | 'BELOW_MINIMUM' | 'NOT_APPLICABLE';

export type CouponEvaluation =
  | { applies: true; discountCents: number }
  | { applies: false; reason: CouponRejection; message: string };

const brl = (cents: number) => `BRL ${(cents / 100).toFixed(2)}`;

const reject = (reason: CouponRejection, message: string): CouponEvaluation => ({ applies: false, reason, message });

/** Whether a line of this product (in these categories) is in the coupon's scope. */
export function inCouponScope(coupon: Pick<Coupon, 'scope'>, productId: string, categoryIds: readonly string[]): boolean {
  if (coupon.scope === null) return true;
  return coupon.scope.productIds.includes(productId) || categoryIds.some((c) => coupon.scope?.categoryIds.includes(c));
}

/** Discount of a coupon on the subtotal it applies to, clamped to 0..subtotal. */
function discountFor(coupon: Coupon, subtotalCents: number): number {
  const raw = coupon.type === 'percent'
    ? Math.floor((subtotalCents * Math.min(100, Math.max(0, coupon.value))) / 100)
    : Math.floor(coupon.value);
  return Math.min(subtotalCents, Math.max(0, raw));
}

export interface CouponContext {
  /** The whole merchandise subtotal (the minimum order is checked against it). */
  subtotalCents: number;
  /** The subtotal of the lines in the coupon's scope; the whole subtotal when omitted. */
  eligibleSubtotalCents?: number;
  now: Date;
  customerUses: number;
  /** Whether the customer has placed an order before (first-purchase coupons). */
  hasOrdered?: boolean;
}

/**
 * Whether a coupon applies to a cart, and its discount. Checks run in this order, and the first
 * failure is reported: existence, status, validity window, total uses, the customer's uses, first
 * purchase, minimum subtotal, scope.
 */
export function evaluateCoupon(coupon: Coupon | undefined, input: CouponContext): CouponEvaluation {
  if (coupon === undefined) return reject('NOT_FOUND', 'Coupon not found');
  if (coupon.status === 'disabled') return reject('DISABLED', 'Coupon is not active');
  const now = input.now.getTime();
  // An unparseable date fails its comparison, so such a coupon never applies.
  if (!(now >= Date.parse(coupon.validFrom))) return reject('NOT_YET_VALID', 'Coupon is not valid yet');
  if (!(now < Date.parse(coupon.validUntil))) return reject('EXPIRED', 'Coupon has expired');
  if (coupon.maxUses !== null && coupon.usedCount >= coupon.maxUses) {
    return reject('EXHAUSTED', 'Coupon has reached its usage limit');
  }
  if (coupon.perCustomerLimit !== null && input.customerUses >= coupon.perCustomerLimit) {
    return reject('CUSTOMER_LIMIT_REACHED', 'You have already used this coupon the maximum number of times');
  }
  if (coupon.firstPurchaseOnly && input.hasOrdered === true) {
    return reject('FIRST_PURCHASE_ONLY', 'Coupon is only for a first purchase');
  }
  if (input.subtotalCents < coupon.minSubtotalCents) {
    return reject('BELOW_MINIMUM', `Coupon requires a merchandise subtotal of at least ${brl(coupon.minSubtotalCents)}`);
  }
  const eligible = input.eligibleSubtotalCents ?? input.subtotalCents;
  if (coupon.scope !== null && eligible <= 0) {
    return reject('NOT_APPLICABLE', 'Coupon does not apply to any item in the cart');
  }
  return { applies: true, discountCents: discountFor(coupon, eligible) };
}

export interface PricedLine extends CartLine {
  lineTotalCents: number;
}

export interface CouponResult {
  code: string;
  applied: boolean;
  reason?: CouponRejection;
  message?: string;
  /** 0 when not applied. */
  discountCents: number;
}

export interface PricedCart {
  items: PricedLine[];
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
  /** null when no coupon was asked for. */
  coupon: CouponResult | null;
}

export interface PriceCartOptions {
  /** The coupon found for `couponCode` (undefined when there is none). */
  coupon?: Coupon;
  /** The code the customer entered. */
  couponCode?: string;
  now: Date;
  /** How many times this customer has already redeemed the coupon. */
  customerUses: number;
  /** Whether the customer has placed an order before (first-purchase coupons). */
  hasOrdered?: boolean;
  /** The categories of each line's product (a category-scoped coupon); a product absent here has none. */
  categoriesOf?: ReadonlyMap<string, readonly string[]>;
  /** null while no shipping quote is known (priced as 0). */
  shippingCents: number | null;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/**
 * Prices a cart: line totals, subtotal, coupon discount, shipping and total.
 * Throws ValidationError for a non-integer or negative quantity, price or shipping amount.
 */
export function priceCart(lines: CartLine[], options: PriceCartOptions): PricedCart {
  const items = lines.map((line, i): PricedLine => {
    if (!isCount(line.quantity)) throw new ValidationError('Quantity must be a non-negative integer', [{ field: `items[${i}].quantity` }]);
    if (!isCount(line.unitPriceCents)) throw new ValidationError('Unit price must be a non-negative integer number of cents', [{ field: `items[${i}].unitPriceCents` }]);
    return { ...line, lineTotalCents: line.unitPriceCents * line.quantity };
  });
  const shippingCents = options.shippingCents ?? 0;
  if (!isCount(shippingCents)) throw new ValidationError('Shipping must be a non-negative integer number of cents', [{ field: 'shippingCents' }]);
  const subtotalCents = items.reduce((sum, item) => sum + item.lineTotalCents, 0);

  const code = options.coupon?.code ?? options.couponCode;
  let coupon: CouponResult | null = null;
  if (code !== undefined) {
    const scoped = options.coupon;
    const eligibleSubtotalCents = scoped === undefined
      ? subtotalCents
      : items.filter((item) => inCouponScope(scoped, item.productId, options.categoriesOf?.get(item.productId) ?? []))
        .reduce((sum, item) => sum + item.lineTotalCents, 0);
    const evaluation = evaluateCoupon(options.coupon, {
      subtotalCents, eligibleSubtotalCents, now: options.now, customerUses: options.customerUses, hasOrdered: options.hasOrdered,
    });
    coupon = evaluation.applies
      ? { code, applied: true, discountCents: evaluation.discountCents }
      : { code, applied: false, reason: evaluation.reason, message: evaluation.message, discountCents: 0 };
  }
  const discountCents = coupon?.discountCents ?? 0;
  return {
    items,
    subtotalCents,
    discountCents,
    shippingCents,
    totalCents: subtotalCents - discountCents + shippingCents,
    coupon,
  };
}
