import * as z from '#shared/zod.js';
import { Address } from '#domain/identity/schemas.js';
import { isValidCep, normalizeCep } from '#domain/identity/rules.js';
import { LineTaxes, OrderTaxes } from '#domain/taxes/schemas.js';

const Sku = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const Quantity = z.number({ message: 'quantity must be an integer from 1 to 99' }).check(z.int({ message: 'quantity must be an integer from 1 to 99' }), z.gte(1, { message: 'quantity must be an integer from 1 to 99' }), z.lte(99, { message: 'quantity must be an integer from 1 to 99' }));

export const AddToCartBody = z.object({ sku: Sku, quantity: Quantity });
export const SetQuantityBody = z.object({
  quantity: z.number({ message: 'quantity must be an integer from 0 to 99' }).check(z.int({ message: 'quantity must be an integer from 0 to 99' }), z.gte(0, { message: 'quantity must be an integer from 0 to 99' }), z.lte(99, { message: 'quantity must be an integer from 0 to 99' })),
});
export const CartItemParams = z.object({ itemId: Sku });
export const CartQuery = z.object({
  cep: z.optional(z.pipe(z.string().check(z.refine(isValidCep, { message: 'cep must have exactly 8 digits' })), z.transform(normalizeCep))),
});
export const CouponBody = z.object({ code: z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), z.transform((c) => c.toUpperCase())) });

const CouponView = z.nullable(z.object({
  code: z.string(),
  applied: z.boolean(),
  discountCents: z.number().check(z.int()),
  reason: z.optional(z.string()),
  message: z.optional(z.string()),
}));

/** The promised delivery day of a quote or order. */
const EstimatedDeliveryDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/),
  z.describe('the promised delivery day (YYYY-MM-DD, America/Sao_Paulo): `maxDays` business days after the day quoted, weekends and national holidays skipped'),
);

const ShippingOptionView = z.object({
  serviceId: z.nullable(z.string()), service: z.string(), priceCents: z.number().check(z.int()), minDays: z.number().check(z.int()), maxDays: z.number().check(z.int()),
  estimatedDeliveryDate: EstimatedDeliveryDate,
});

const ShippingView = z.object({
  cep: z.string(), uf: z.string(), region: z.string(), service: z.string(), priceCents: z.number().check(z.int()),
  freeShipping: z.boolean(), minDays: z.number().check(z.int()), maxDays: z.number().check(z.int()),
  estimatedDeliveryDate: EstimatedDeliveryDate,
  serviceId: z.nullable(z.string()),
  source: z.enum(['carrier', 'table']),
  options: z.array(ShippingOptionView),
});

const Cep = z.pipe(z.string().check(z.refine(isValidCep, { message: 'cep must have exactly 8 digits' })), z.transform(normalizeCep));

export const DeliveryQuoteQuery = z.object({
  cep: Cep,
  sku: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  quantity: z._default(z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,2}$/, { message: 'quantity must be an integer from 1 to 99' })), z.transform(Number)), z.number().check(z.gte(1, { message: 'quantity must be an integer from 1 to 99' }))), 1),
});

/** A quote for units of one SKU (the product page), with the delivery dates. */
export const DeliveryQuote = z.extend(ShippingView, { sku: z.string(), quantity: z.number().check(z.int()) });

export const Cart = z.object({
  items: z.array(z.object({
    itemId: z.string(), sku: z.string(), productId: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()),
    quantity: z.number().check(z.int()), unitPriceCents: z.number().check(z.int()), lineTotalCents: z.number().check(z.int()), available: z.number().check(z.int()),
  })),
  subtotalCents: z.number().check(z.int()),
  discountCents: z.number().check(z.int()),
  shippingCents: z.number().check(z.int()),
  totalCents: z.number().check(z.int()),
  coupon: CouponView,
  /** The approximate taxes of these items at the current rates (what the order would freeze); on GET /cart, null on the answers of cart changes. */
  taxes: z.nullable(OrderTaxes),
  shipping: z.nullable(ShippingView),
});

const isoDate = z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO-8601 timestamp' }));

const CouponCode = z.pipe(
  z.string().check(z.trim(), z.minLength(3), z.maxLength(40), z.regex(/^[A-Za-z0-9_-]+$/, { message: 'code may contain letters, digits, _ and -' })),
  z.transform((c) => c.toUpperCase()),
);
const Id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const IdList = z.array(Id).check(z.maxLength(100, { message: 'at most 100 ids' }));

/**
 * What a coupon applies to: lines of the listed products or of products in the listed categories.
 * null (or absent) is every product; a scope naming nothing is refused.
 */
const CouponScopeBody = z.nullable(z.pipe(
  z.object({ productIds: z._default(IdList, []), categoryIds: z._default(IdList, []) })
    .check(z.refine((s) => s.productIds.length + s.categoryIds.length > 0, { message: 'scope must name at least one product or category (null for every product)' })),
  z.transform((s) => ({ productIds: [...new Set(s.productIds)], categoryIds: [...new Set(s.categoryIds)] })),
));
const CouponStatus = z.enum(['active', 'disabled'], { message: 'status must be active or disabled' });

/** The rules of a whole coupon that no single field shows (also checked after an update, on the merged coupon). */
export function couponRuleProblems(c: { type: string; value: number; validFrom: string; validUntil: string }): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.type === 'percent' && c.value > 100) problems.push({ path: 'value', message: 'a percent coupon is at most 100' });
  if (Date.parse(c.validUntil) <= Date.parse(c.validFrom)) problems.push({ path: 'validUntil', message: 'validUntil must be after validFrom' });
  return problems;
}

export const CreateCouponBody = z
  .object({
    code: CouponCode,
    type: z.enum(['percent', 'fixed']),
    value: z.number().check(z.int(), z.gte(1)),
    minSubtotalCents: z._default(z.number().check(z.int(), z.gte(0)), 0),
    maxUses: z._default(z.nullable(z.number().check(z.int(), z.gte(1))), null),
    perCustomerLimit: z._default(z.nullable(z.number().check(z.int(), z.gte(1))), null),
    validFrom: isoDate,
    validUntil: isoDate,
    firstPurchaseOnly: z._default(z.boolean(), false),
    scope: z._default(CouponScopeBody, null),
  }).check(z.superRefine((c, ctx) => {
    for (const problem of couponRuleProblems(c)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  }));

/** Every field optional; `null` clears a limit or the scope. The merged coupon must still be valid. */
export const UpdateCouponBody = z.object({
  type: z.optional(z.enum(['percent', 'fixed'])),
  value: z.optional(z.number().check(z.int(), z.gte(1))),
  minSubtotalCents: z.optional(z.number().check(z.int(), z.gte(0))),
  maxUses: z.optional(z.nullable(z.number().check(z.int(), z.gte(1)))),
  perCustomerLimit: z.optional(z.nullable(z.number().check(z.int(), z.gte(1)))),
  validFrom: z.optional(isoDate),
  validUntil: z.optional(isoDate),
  firstPurchaseOnly: z.optional(z.boolean()),
  scope: z.optional(CouponScopeBody),
  status: z.optional(CouponStatus),
});

export const CouponParams = z.object({ code: CouponCode });

export const CouponResponse = z.object({
  code: z.string(), type: z.enum(['percent', 'fixed']), value: z.number().check(z.int()), minSubtotalCents: z.number().check(z.int()),
  maxUses: z.nullable(z.number().check(z.int())), perCustomerLimit: z.nullable(z.number().check(z.int())),
  /** Orders that redeemed it (never decreases: a cancelled order keeps its redemption). */
  usedCount: z.number().check(z.int()),
  /** maxUses − usedCount, never below 0; null when unlimited. */
  remainingUses: z.nullable(z.number().check(z.int())),
  validFrom: z.string(), validUntil: z.string(),
  status: CouponStatus,
  firstPurchaseOnly: z.boolean(),
  scope: z.nullable(z.object({ productIds: z.array(z.string()), categoryIds: z.array(z.string()) })),
  createdAt: z.string(), updatedAt: z.string(),
});

export const CouponList = z.object({ items: z.array(CouponResponse), nextCursor: z.nullable(z.string()) });

export const ORDER_STATUS_VALUES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED'] as const;

export const CreateOrderBody = z.object({
  addressId: z.string().check(z.minLength(1), z.maxLength(64)),
  shippingService: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
});

const OrderItem = z.object({
  sku: z.string(), productId: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()),
  quantity: z.number().check(z.int()), unitPriceCents: z.number().check(z.int()), lineTotalCents: z.number().check(z.int()),
  /** The line's approximate taxes; absent on orders placed before taxes were computed. */
  taxes: z.optional(LineTaxes),
});

/**
 * The delivery address of an order whose customer deleted their account: only what the fiscal record
 * and the sales figures need (city and state), and when the rest was removed (docs/privacy.md).
 */
export const AnonymisedAddress = z.object({ city: z.string(), state: z.string(), anonymisedAt: z.string() });
export type AnonymisedAddress = z.infer<typeof AnonymisedAddress>;

export const Order = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUS_VALUES),
  items: z.array(OrderItem),
  subtotalCents: z.number().check(z.int()),
  discountCents: z.number().check(z.int()),
  shippingCents: z.number().check(z.int()),
  totalCents: z.number().check(z.int()),
  coupon: z.nullable(z.object({ code: z.string(), discountCents: z.number().check(z.int()) })),
  /** "Valor aproximado dos tributos" (Lei 12.741/2012), frozen at placement: the sum of the lines' (docs/decisions.md "Approximate taxes"). null on flash-sale orders and orders placed before taxes. */
  taxes: z.nullable(OrderTaxes),
  address: z.union([Address, AnonymisedAddress]),
  shipping: z.nullable(z.object({
    service: z.string(), minDays: z.number().check(z.int()), maxDays: z.number().check(z.int()),
    carrierService: z.optional(z.nullable(z.string())), source: z.optional(z.enum(['carrier', 'table'])),
    estimatedDeliveryDate: z.optional(EstimatedDeliveryDate),
  })),
  paymentDeadline: z.string(),
  carrier: z.nullable(z.string()),
  trackingCode: z.nullable(z.string()),
  flashSaleId: z.nullable(z.string()),
  customerId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const OrderList = z.object({ items: z.array(Order), nextCursor: z.nullable(z.string()) });

export const OrderIdParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

const Limit = z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'limit must be an integer from 1 to 100' })), z.transform(Number)), z.number().check(z.int(), z.gte(1, { message: 'limit must be at least 1' }), z.lte(100, { message: 'limit must be at most 100' })));

export const ListQuery = z.object({ limit: z.optional(Limit), cursor: z.optional(z.string().check(z.maxLength(2048))) });

const ISO_BOUND = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const BOUND_MESSAGE = 'must be an ISO-8601 date or timestamp (2026-11-27, 2026-11-27T13:00:00Z, 2026-11-27T10:00:00-03:00)';

/** How long the instant a bound names lasts: a day, a minute, a second, or exact (with a fraction). */
function boundLengthMs(value: string): number {
  if (value.length === 10) return 86_400_000;
  if (/T\d{2}:\d{2}(?:Z|[+-])/.test(value)) return 60_000;
  return /\.\d/.test(value) ? 1 : 1000;
}

/**
 * A range bound as the canonical UTC timestamp the order indexes sort by (`toISOString`), so that
 * comparing as text is comparing in time whatever offset or precision the client wrote. `to` is
 * inclusive up to the end of the instant it names (`to=2026-11-27` covers that whole day).
 */
const rangeBound = (end: 'from' | 'to') => z.pipe(
  z.string().check(z.regex(ISO_BOUND, { message: BOUND_MESSAGE }), z.refine((v) => !Number.isNaN(Date.parse(v)), { message: BOUND_MESSAGE })),
  z.transform((v) => new Date(Date.parse(v) + (end === 'to' ? boundLengthMs(v) - 1 : 0)).toISOString()),
);

export const AdminOrdersQuery = z.object({
  status: z.optional(z.enum(ORDER_STATUS_VALUES, { message: `status must be one of ${ORDER_STATUS_VALUES.join(', ')}` })),
  from: z.optional(rangeBound('from')),
  to: z.optional(rangeBound('to')),
  limit: z.optional(Limit),
  // One position per index shard (per status and shard without a status).
  cursor: z.optional(z.string().check(z.maxLength(8192))),
}).check(z.superRefine((q, ctx) => {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be later than to' });
  }
}));

export const UpdateOrderBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('SHIPPED'), carrier: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)), trackingCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)) }),
  z.object({ status: z.literal('DELIVERED') }),
], { message: 'status must be SHIPPED (with carrier and trackingCode) or DELIVERED' });

export const Tracking = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUS_VALUES),
  carrier: z.nullable(z.string()),
  trackingCode: z.nullable(z.string()),
  events: z.array(z.object({
    status: z.enum(ORDER_STATUS_VALUES), at: z.string(), description: z.string(),
    /** Carrier tracking events carry their code (POSTED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, DELIVERY_FAILED) and location. */
    code: z.optional(z.string()), location: z.optional(z.string()),
  })),
});

export type CartView = z.infer<typeof Cart>;
export type DeliveryQuoteView = z.infer<typeof DeliveryQuote>;
export type OrderView = z.infer<typeof Order>;
export type CreateCouponInput = z.infer<typeof CreateCouponBody>;
export type UpdateCouponInput = z.infer<typeof UpdateCouponBody>;
export type CouponView = z.infer<typeof CouponResponse>;
