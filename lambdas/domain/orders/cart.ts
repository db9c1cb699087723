import { ulid } from 'ulid';
import { ConflictError, NotFoundError } from '#shared/errors.js';
import type { SessionRider } from '#shared/sessions.js';
import type { CartContents, CartRepository, CouponRepository, ProductCategories, PurchaseHistory, SellableVariant, ShippingQuoteStore, VariantReader } from './ports.js';
import { type CartLine, type Coupon, type PricedCart, priceCart } from './pricing.js';
import type { CartView } from './schemas.js';
import { quoteKey, type ShippingQuote, type ShippingQuoter, withDeliveryDates, withService } from './shipping.js';
import type { TaxTableStore } from '#domain/taxes/ports.js';
import { computeTaxes, type RateLookup } from '#domain/taxes/rules.js';
import { currentRates } from '#domain/taxes/use-cases.js';

export const MAX_QUANTITY = 99;
/** Distinct lines per cart: keeps checkout within one DynamoDB transaction (100 items). */
export const MAX_CART_LINES = 40;

export interface CartDeps {
  carts: CartRepository;
  variants: VariantReader;
  coupons: CouponRepository;
  /** Whether a customer ordered before (first-purchase coupons). */
  purchases: PurchaseHistory;
  /** Products' categories (category-scoped coupons). */
  productCategories: ProductCategories;
  shipping: ShippingQuoter;
  /** Where GET /cart keeps a carrier quote for the order (absent: quotes are not kept, the table prices orders). */
  shippingQuotes?: ShippingQuoteStore;
  /**
   * The tax rate table (GET /cart shows the approximate taxes); absent: the cart's `taxes` is null
   * (the answers of cart changes skip that read).
   */
  taxTables?: Pick<TaxTableStore, 'current'>;
  now: () => Date;
}

/** What pricing a coupon needs besides the lines; read only as far as the coupon's rules ask. */
export interface CouponContext {
  coupon?: Coupon;
  couponCode?: string;
  customerUses: number;
  hasOrdered: boolean;
  categoriesOf?: ReadonlyMap<string, readonly string[]>;
}

export async function couponContext(
  deps: Pick<CartDeps, 'coupons' | 'purchases' | 'productCategories'>,
  code: string | null,
  userId: string,
  productIds: string[],
): Promise<CouponContext> {
  if (!code) return { customerUses: 0, hasOrdered: false };
  const [coupon, customerUses] = await Promise.all([deps.coupons.get(code), deps.coupons.customerUses(code, userId)]);
  const [hasOrdered, categoriesOf] = await Promise.all([
    coupon?.firstPurchaseOnly ? deps.purchases.hasOrdered(userId) : false,
    coupon?.scope?.categoryIds.length ? deps.productCategories.categoriesOf([...new Set(productIds)]) : undefined,
  ]);
  return { coupon, couponCode: code, customerUses, hasOrdered, categoriesOf };
}

/** 409 with the reason when the priced cart's coupon does not apply. */
export function assertCouponApplies(priced: PricedCart): void {
  const coupon = priced.coupon;
  if (coupon && !coupon.applied) {
    throw new ConflictError(`COUPON_${coupon.reason}`, coupon.message ?? 'Coupon does not apply', [{ code: coupon.code, reason: coupon.reason }]);
  }
}

/** A cart line as shipping sees it: the unit's weight and box, times the quantity. */
export const shippingItem = (v: SellableVariant, quantity: number) => ({ weightGrams: v.weightGrams, heightCm: v.heightCm, widthCm: v.widthCm, lengthCm: v.lengthCm, quantity });

const insufficient = (sku: string, requested: number, available: number) =>
  new ConflictError('INSUFFICIENT_STOCK', `Only ${available} unit(s) of ${sku} available`, [{ sku, requested, available }]);

/**
 * The cart as the shopper sees it: prices, names and availability read from the catalog now;
 * lines whose product vanished are left out; the coupon re-evaluated against the current subtotal.
 */
export async function viewCart(deps: CartDeps, userId: string, cep?: string, shippingService?: string): Promise<CartView> {
  const [cart, rates] = await Promise.all([deps.carts.get(userId), deps.taxTables ? currentRates(deps.taxTables) : undefined]);
  return cartView(deps, userId, cart, await deps.variants.variants(cart.lines.map((l) => l.sku)), cep, rates, shippingService);
}

/**
 * viewCart() of a cart and its lines' variants already read; taxes only with the current rates
 * (`GET /cart`: the cart writes answer `taxes: null` rather than read the rate table).
 */
async function cartView(
  deps: CartDeps, userId: string, cart: CartContents, variants: Map<string, SellableVariant>, cep?: string, rates?: RateLookup, shippingService?: string,
): Promise<CartView> {
  const present = cart.lines.filter((l) => variants.has(l.sku));
  const lines: CartLine[] = present.map((l) => {
    const v = variants.get(l.sku) as SellableVariant;
    return { sku: l.sku, productId: v.productId, name: v.name, quantity: l.quantity, unitPriceCents: v.priceCents };
  });
  const context = await couponContext(deps, cart.couponCode, userId, lines.map((l) => l.productId));
  const now = deps.now();
  // Shipping depends on the merchandise after discount, so price once without it first.
  const merchandise = priceCart(lines, { ...context, now, shippingCents: null });
  let quote: ShippingQuote | undefined;
  if (cep) {
    const merchandiseCents = merchandise.subtotalCents - merchandise.discountCents;
    quote = await deps.shipping.quote({ cep, items: present.map((l) => shippingItem(variants.get(l.sku) as SellableVariant, l.quantity)), merchandiseCents });
    // The carrier's price is the one the order will charge (placeOrder), so it is kept with the cart.
    if (quote?.source === 'carrier') await deps.shippingQuotes?.save(userId, { key: quoteKey({ cep, merchandiseCents }, present), at: now.toISOString(), quote });
    if (quote && shippingService !== undefined) quote = withService(quote, shippingService) ?? quote;
  }
  const priced = priceCart(lines, { ...context, now, shippingCents: quote?.priceCents ?? null });
  const taxes = rates && computeTaxes(priced.items.map((item) => ({ ...item, ncm: (variants.get(item.sku) as SellableVariant).ncm })), priced.discountCents, rates);
  return {
    items: priced.items.map((item) => {
      const v = variants.get(item.sku) as SellableVariant;
      return { itemId: item.sku, ...item, attributes: v.attributes, available: v.active ? Math.max(0, v.stock) : 0 };
    }),
    subtotalCents: priced.subtotalCents,
    discountCents: priced.discountCents,
    shippingCents: priced.shippingCents,
    totalCents: priced.totalCents,
    coupon: priced.coupon,
    taxes: taxes ? { tableVersion: taxes.tableVersion, federalCents: taxes.federalCents, stateCents: taxes.stateCents, totalCents: taxes.totalCents } : null,
    shipping: quote ? withDeliveryDates(quote, now) : null,
  };
}

/**
 * Adds units of a SKU to the cart, once per `requestToken` (the request's Idempotency-Key when it
 * has one): a retry of an add that was applied but whose answer was lost (a 503) adds nothing twice.
 * Three DynamoDB calls: the cart, then one BatchGet of its lines' variants and the SKU's (with the
 * caller's revocation marker when `session` is given), then the line's conditional update, whose
 * answer (the line's new quantity) completes the cart that is answered.
 */
export async function addToCart(deps: CartDeps, userId: string, sku: string, quantity: number, requestToken: string = ulid(), session?: SessionRider): Promise<CartView> {
  const cart = await deps.carts.get(userId);
  const variants = await deps.variants.variants([sku, ...cart.lines.map((l) => l.sku)], session);
  const variant = variants.get(sku);
  if (!variant?.active) throw new NotFoundError('Product variant');
  const line = cart.lines.find((l) => l.sku === sku);
  if (line?.addToken === requestToken) return cartView(deps, userId, cart, variants);
  const current = line?.quantity ?? 0;
  if (current === 0 && cart.lines.length >= MAX_CART_LINES) {
    throw new ConflictError('CART_FULL', `A cart holds at most ${MAX_CART_LINES} different items`);
  }
  if (current + quantity > MAX_QUANTITY) {
    throw new ConflictError('QUANTITY_LIMIT', `At most ${MAX_QUANTITY} units of one item`, [{ sku, requested: current + quantity, max: MAX_QUANTITY }]);
  }
  if (current + quantity > variant.stock) throw insufficient(sku, current + quantity, Math.max(0, variant.stock));
  const added = await deps.carts.add(userId, sku, quantity, MAX_QUANTITY, requestToken);
  if (added === 'over-limit') {
    throw new ConflictError('QUANTITY_LIMIT', `At most ${MAX_QUANTITY} units of one item`, [{ sku, max: MAX_QUANTITY }]);
  }
  const lines = line
    ? cart.lines.map((l) => (l.sku === sku ? { sku, quantity: added.quantity, addToken: requestToken } : l))
    : [...cart.lines, { sku, quantity: added.quantity, addToken: requestToken }];
  return cartView(deps, userId, { ...cart, lines }, variants);
}

export async function setCartQuantity(deps: CartDeps, userId: string, sku: string, quantity: number): Promise<CartView> {
  if (quantity > 0) {
    const variant = (await deps.variants.variants([sku])).get(sku);
    const available = variant?.active ? Math.max(0, variant.stock) : 0;
    if (quantity > available) throw insufficient(sku, quantity, available);
  }
  if (!(await deps.carts.set(userId, sku, quantity))) throw new NotFoundError('Cart item');
  return viewCart(deps, userId);
}

export async function removeFromCart(deps: CartDeps, userId: string, sku: string): Promise<CartView> {
  if (!(await deps.carts.set(userId, sku, 0))) throw new NotFoundError('Cart item');
  return viewCart(deps, userId);
}

/** Applies a coupon if it applies to the cart now; otherwise 409 with the reason. */
export async function applyCoupon(deps: CartDeps, userId: string, code: string): Promise<CartView> {
  const cart = await viewCart(deps, userId);
  const lines = cart.items.map((i) => ({ sku: i.sku, productId: i.productId, name: i.name, quantity: i.quantity, unitPriceCents: i.unitPriceCents }));
  const context = await couponContext(deps, code, userId, lines.map((l) => l.productId));
  assertCouponApplies(priceCart(lines, { ...context, now: deps.now(), shippingCents: null }));
  await deps.carts.setCoupon(userId, code);
  return viewCart(deps, userId);
}

export async function removeCoupon(deps: CartDeps, userId: string): Promise<CartView> {
  await deps.carts.setCoupon(userId, null);
  return viewCart(deps, userId);
}
