import { ulid } from 'ulid';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '#shared/errors.js';
import type { SessionRider } from '#shared/sessions.js';
import { assertCouponApplies, type CartDeps, couponContext, shippingItem } from './cart.js';
import { newOrder } from './order-factory.js';
import type { CartContents, OrderLine, OrderRecord, OrderRepository, SellableVariant } from './ports.js';
import { priceCart } from './pricing.js';
import { quoteKey, storedQuoteFor } from './shipping.js';
import type { TaxTableStore } from '#domain/taxes/ports.js';
import { computeTaxes } from '#domain/taxes/rules.js';
import { ratesOf } from '#domain/taxes/use-cases.js';
import type { OrderView } from './schemas.js';
import { type OrderStatus, canTransition, timelineDescription, transitionEffects } from './state-machine.js';

/** What reading and moving orders needs. */
export interface OrderDeps {
  orders: OrderRepository;
  now: () => Date;
}

/**
 * What placing an order needs: the cart's adapters (the cart read brings the delivery address) and
 * the order write (only that, so the function that places orders does not bundle the rest of the
 * order repository).
 */
export interface PlaceOrderDeps extends CartDeps {
  orders: Pick<OrderRepository, 'create'>;
  /** Minutes a customer has to pay a regular order. */
  paymentWindowMinutes: number;
  /** The current tax rate table (the order's approximate taxes are frozen from it). */
  taxTables: Pick<TaxTableStore, 'current' | 'version'>;
}

export function toOrderView(order: OrderRecord): OrderView {
  const { timeline: _timeline, correlationId: _correlationId, flashSale: _flashSale, ...view } = order;
  return { ...view, taxes: order.taxes ?? null };
}

/**
 * How long after a cart became an order an empty cart is answered as that order's double submit
 * (409 CART_CHANGED naming the order) rather than as a cart that was never filled (400).
 */
export const RESUBMIT_WINDOW_MS = 10 * 60_000;

/** The order the cart became within the resubmit window, if any. */
const recentOrderOf = (cart: CartContents, now: Date): string | undefined =>
  cart.lastOrder && now.getTime() - Date.parse(cart.lastOrder.at) <= RESUBMIT_WINDOW_MS ? cart.lastOrder.orderId : undefined;

const cartChanged = (orderId: string | undefined) =>
  new ConflictError(
    'CART_CHANGED',
    'The cart changed while the order was being placed (it may already have become an order); nothing was reserved. Review the cart and your orders',
    orderId ? [{ orderId }] : [],
  );

const outOfStock = (details: { sku: string; requested: number; available: number }[]) =>
  new ConflictError('OUT_OF_STOCK', 'Some items are not available in the requested quantity; nothing was reserved', details);

function shortLines(lines: { sku: string; quantity: number }[], variants: Map<string, SellableVariant>) {
  return lines
    .map((l) => {
      const v = variants.get(l.sku);
      return { sku: l.sku, requested: l.quantity, available: v?.active ? Math.max(0, v.stock) : 0 };
    })
    .filter((l) => l.requested > l.available);
}

/**
 * Turns the cart into a PENDING_PAYMENT order in one transaction: every line's stock is
 * decremented with a condition (never below zero), the order is written, the coupon use is
 * recorded and the cart is emptied — all or nothing. Prices come from the catalog now.
 * Three DynamoDB calls without a coupon: the cart with the address (one Query), the variants (one
 * BatchGet), the transaction; with `session`, the caller's revocation marker is a ConditionCheck
 * of that transaction (a revoked token: 401, nothing written).
 */
export async function placeOrder(
  deps: PlaceOrderDeps,
  input: { userId: string; addressId: string; correlationId: string; shippingService?: string; session?: SessionRider },
): Promise<OrderView> {
  const { address, ...cart } = await deps.carts.get(input.userId, { addressId: input.addressId });
  if (cart.lines.length === 0) {
    // A double submit that arrives after the first one emptied the cart.
    const placed = recentOrderOf(cart, deps.now());
    if (placed) throw cartChanged(placed);
    throw new ValidationError('The cart is empty', [{ field: 'cart', message: 'add items before ordering' }]);
  }
  if (!address) throw new ValidationError('Unknown delivery address', [{ field: 'addressId', message: 'no such address in your account' }]);

  // The current tax table's pointer rides in the variants' BatchGet; its version (immutable) is read once per container.
  let taxVersion: string | null = null;
  const variants = await deps.variants.variants(cart.lines.map((l) => l.sku), undefined, { settle: (version) => { taxVersion = version; } });
  const short = shortLines(cart.lines, variants);
  if (short.length) throw outOfStock(short);

  const now = deps.now();
  const lines = cart.lines.map((l) => {
    const v = variants.get(l.sku) as SellableVariant;
    return { sku: l.sku, productId: v.productId, name: v.name, quantity: l.quantity, unitPriceCents: v.priceCents };
  });
  const context = await couponContext(deps, cart.couponCode, input.userId, lines.map((l) => l.productId));
  const merchandise = priceCart(lines, { ...context, now, shippingCents: null });
  assertCouponApplies(merchandise);
  const request = {
    cep: address.cep,
    items: cart.lines.map((l) => shippingItem(variants.get(l.sku) as SellableVariant, l.quantity)),
    merchandiseCents: merchandise.subtotalCents - merchandise.discountCents,
    service: input.shippingService,
  };
  // The carrier quote the customer saw for this cart and CEP (GET /cart?cep=), else the configured quoter (the CEP table at checkout).
  const quote = storedQuoteFor(cart.shippingQuote, quoteKey(request, cart.lines), now, input.shippingService) ?? (await deps.shipping.quote(request));
  if (!quote) throw new ValidationError('We do not deliver to this CEP', [{ field: 'addressId', message: 'CEP outside the delivery area' }]);
  const priced = priceCart(lines, { ...context, now, shippingCents: quote.priceCents });
  const rates = await ratesOf(deps.taxTables, taxVersion);
  const taxes = computeTaxes(priced.items.map((item) => ({ ...item, ncm: (variants.get(item.sku) as SellableVariant).ncm })), priced.discountCents, rates);

  const order = newOrder({
    id: ulid(),
    customerId: input.userId,
    items: priced.items.map((item, i): OrderLine => {
      const { ncm, source, federalCents, stateCents, totalCents } = taxes.lines[i];
      return { ...item, attributes: (variants.get(item.sku) as SellableVariant).attributes, taxes: { ncm, source, federalCents, stateCents, totalCents } };
    }),
    subtotalCents: priced.subtotalCents,
    discountCents: priced.discountCents,
    shippingCents: priced.shippingCents,
    totalCents: priced.totalCents,
    coupon: priced.coupon?.applied ? { code: priced.coupon.code, discountCents: priced.coupon.discountCents } : null,
    taxes: { tableVersion: taxes.tableVersion, federalCents: taxes.federalCents, stateCents: taxes.stateCents, totalCents: taxes.totalCents },
    address,
    shipping: { service: quote.service, minDays: quote.minDays, maxDays: quote.maxDays, carrierService: quote.serviceId, source: quote.source },
    paymentWindowMinutes: deps.paymentWindowMinutes,
    flashSale: null,
    correlationId: input.correlationId,
    now,
  });
  const outcome = await deps.orders.create(order, {
    coupon: order.coupon && context.coupon
      ? { code: order.coupon.code, perCustomerLimit: context.coupon.perCustomerLimit, firstPurchaseOnly: context.coupon.firstPurchaseOnly, now: order.createdAt }
      : null,
    consumeCart: { lines: cart.lines, couponCode: cart.couponCode },
    ...(input.session ? { session: { userId: input.session.userId, issuedAtMs: input.session.issuedAtMs } } : {}),
  });
  if (outcome.ok) return toOrderView(order);
  if (outcome.reason === 'session-revoked') throw new UnauthorizedError('Token has been revoked');
  if (outcome.reason === 'cart-changed') throw cartChanged(recentOrderOf(await deps.carts.get(input.userId), deps.now()));
  if (outcome.reason === 'out-of-stock') {
    // Someone else took the units between our read and the transaction: report what is short now.
    const fresh = await deps.variants.variants(cart.lines.map((l) => l.sku));
    const nowShort = shortLines(cart.lines, fresh);
    throw outOfStock(nowShort.length ? nowShort : cart.lines.map((l) => ({ sku: l.sku, requested: l.quantity, available: Math.max(0, fresh.get(l.sku)?.stock ?? 0) })));
  }
  if (outcome.reason === 'coupon-customer-limit') {
    throw new ConflictError('COUPON_CUSTOMER_LIMIT_REACHED', 'You have already used this coupon as many times as allowed', [{ code: cart.couponCode }]);
  }
  if (outcome.reason === 'coupon-first-purchase') {
    throw new ConflictError('COUPON_FIRST_PURCHASE_ONLY', 'Coupon is only for a first purchase', [{ code: cart.couponCode }]);
  }
  // The coupon's own condition failed: it ran out, or it was disabled, deleted or its window moved meanwhile.
  const fresh = await deps.coupons.get(cart.couponCode as string);
  assertCouponApplies(priceCart(lines, { ...context, coupon: fresh, now: deps.now(), shippingCents: null }));
  throw new ConflictError('COUPON_EXHAUSTED', 'This coupon has no uses left', [{ code: cart.couponCode }]);
}

/** The order if the caller may see it; another customer's order is 404, never 403. */
export async function visibleOrder(deps: Pick<OrderDeps, 'orders'>, orderId: string, caller: { userId: string; isAdmin: boolean }): Promise<OrderRecord> {
  const order = await deps.orders.get(orderId);
  if (!order || (!caller.isAdmin && order.customerId !== caller.userId)) throw new NotFoundError('Order');
  return order;
}

/**
 * Applies a status change with a conditional write on the current status, with its effects
 * (stock release) in the same transaction. A concurrent identical change applies once; the loser
 * sees the new state and gets 409.
 */
export async function changeStatus(
  deps: Pick<OrderDeps, 'orders' | 'now'>,
  order: OrderRecord,
  to: OrderStatus,
  options: { correlationId: string; set?: { carrier?: string; trackingCode?: string }; requireDeadlinePassed?: boolean },
): Promise<OrderRecord> {
  if (!canTransition(order.status, to)) {
    throw new ConflictError('ILLEGAL_TRANSITION', `An order cannot go from ${order.status} to ${to}`, [{ from: order.status, to }]);
  }
  const effects = transitionEffects(order.status, to);
  const at = deps.now().toISOString();
  const entry = { status: to, at, description: timelineDescription(to) };
  const applied = await deps.orders.transition(order, to, {
    at, entry, set: options.set, requireDeadlinePassed: options.requireDeadlinePassed, correlationId: options.correlationId,
    ...releaseOptions(order, to, effects.releaseStock, at),
  });
  if (!applied) {
    const current = await deps.orders.get(order.id);
    throw new ConflictError('ILLEGAL_TRANSITION', `The order is ${current?.status ?? 'gone'} now; it cannot go to ${to}`, [{ from: current?.status, to }]);
  }
  return { ...order, status: to, updatedAt: at, timeline: [...order.timeline, entry], ...options.set };
}

/**
 * What goes back when an order ends without being delivered: regular orders release variant
 * stock (only if never paid); flash-sale orders give their unit back to their window while it is
 * open (it can sell it again), and to the variant's stock once it has closed (the window took the
 * unit from that stock when it opened).
 */
function releaseOptions(order: OrderRecord, to: OrderStatus, releaseStock: boolean, at: string): { releaseStock: boolean; returnFlashUnit: false | 'window' | 'stock' } {
  if (order.flashSale) {
    if (to !== 'CANCELLED' && to !== 'EXPIRED') return { releaseStock: false, returnFlashUnit: false };
    return { releaseStock: false, returnFlashUnit: Date.parse(at) < Date.parse(order.flashSale.windowEnd) ? 'window' : 'stock' };
  }
  return { releaseStock, returnFlashUnit: false };
}

/** Refunds the payment of a paid order (the payments context implements it). */
export interface OrderRefunds {
  /** Refunds what was paid; payments whose refund the provider did not take yet stay pending (retried). */
  refundOrder(orderId: string): Promise<unknown>;
}

/** Undoes a paid order's bought labels (the logistics context implements it). */
export interface OrderShipments {
  /**
   * Cancels the order's active labels at the carrier; idempotent (a label already cancelled is
   * skipped). Throws ConflictError SHIPMENT_POSTED when the carrier has the parcel already.
   */
  cancelLabels(orderId: string): Promise<void>;
}

/**
 * Cancels an order: a pending one releases its stock in the same transaction; a paid one first has
 * its bought label cancelled at the carrier (a label the carrier already holds as posted is 409 and
 * the order stays PAID), then is refunded right after the transition (a failed refund stays
 * REFUND_PENDING and the payment reconciler retries it). Shipped or later is 409.
 */
export async function cancelOrder(
  deps: Pick<OrderDeps, 'orders' | 'now'> & { refunds: OrderRefunds; shipments: OrderShipments },
  orderId: string,
  caller: { userId: string; isAdmin: boolean; correlationId: string },
): Promise<OrderView> {
  const order = await visibleOrder(deps, orderId, caller);
  if (order.status !== 'PENDING_PAYMENT' && order.status !== 'PAID') {
    throw new ConflictError('ILLEGAL_TRANSITION', `An order that is ${order.status} cannot be cancelled`, [{ from: order.status, to: 'CANCELLED' }]);
  }
  if (order.status === 'PAID') await deps.shipments.cancelLabels(order.id);
  const cancelled = await changeStatus(deps, order, 'CANCELLED', { correlationId: caller.correlationId });
  if (transitionEffects(order.status, 'CANCELLED').refund) await deps.refunds.refundOrder(order.id);
  return toOrderView(cancelled);
}

/** Asked before an order expires (the payments context implements it). */
export interface ExpiryPayments {
  /**
   * True while one of the order's payments is pending at the provider: the order waits for the
   * payment reconciler to ask the provider (an approval in time pays it; after the deadline and
   * its grace the charge is cancelled there, and the order expires on a later run).
   */
  hasPendingPayment(orderId: string): Promise<boolean>;
}

/**
 * Expires every pending order whose deadline passed; each releases its stock exactly once (the
 * transition is conditional, so a concurrent run or a racing payment simply makes it skip). An
 * order with a payment still pending at the provider is left for the payment reconciler to settle
 * first, so an order paid in time is never expired because the notice was late (it becomes PAID,
 * keeping its stock). An order that cannot be expired now (reported in `failed`) does not stop the
 * others; the next run retries it. Pages through all due orders once.
 */
export async function expireDueOrders(deps: Pick<OrderDeps, 'orders' | 'now'> & { payments: ExpiryPayments }, correlationId: string): Promise<{ expired: number; skipped: number; failed: string[] }> {
  let expired = 0;
  let skipped = 0;
  const failed: string[] = [];
  const now = deps.now().toISOString();
  let cursor: string | undefined;
  do {
    const page = await deps.orders.dueForExpiry(now, 50, cursor);
    for (const order of page.items) {
      if (order.status !== 'PENDING_PAYMENT') continue;
      try {
        if (await deps.payments.hasPendingPayment(order.id)) {
          skipped++;
          continue;
        }
        const at = deps.now().toISOString();
        const applied = await deps.orders.transition(order, 'EXPIRED', {
          at,
          ...releaseOptions(order, 'EXPIRED', transitionEffects('PENDING_PAYMENT', 'EXPIRED').releaseStock, at),
          entry: { status: 'EXPIRED', at, description: timelineDescription('EXPIRED') },
          requireDeadlinePassed: true,
          correlationId,
        });
        if (applied) expired++;
        else skipped++;
      } catch (error) {
        failed.push(`${order.id}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { expired, skipped, failed };
}
