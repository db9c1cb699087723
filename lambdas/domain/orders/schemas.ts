import * as z from 'zod';
import { Address } from '#domain/identity/schemas.js';
import { isValidCep, normalizeCep } from '#domain/identity/rules.js';

const Sku = z.string().trim().min(1).max(64);
const Quantity = z.number({ message: 'quantity must be an integer from 1 to 99' }).int({ message: 'quantity must be an integer from 1 to 99' })
  .min(1, { message: 'quantity must be an integer from 1 to 99' }).max(99, { message: 'quantity must be an integer from 1 to 99' });

export const AddToCartBody = z.object({ sku: Sku, quantity: Quantity });
export const SetQuantityBody = z.object({
  quantity: z.number({ message: 'quantity must be an integer from 0 to 99' }).int({ message: 'quantity must be an integer from 0 to 99' })
    .min(0, { message: 'quantity must be an integer from 0 to 99' }).max(99, { message: 'quantity must be an integer from 0 to 99' }),
});
export const CartItemParams = z.object({ itemId: Sku });
export const CartQuery = z.object({
  cep: z.string().refine(isValidCep, { message: 'cep must have exactly 8 digits' }).transform(normalizeCep).optional(),
});
export const CouponBody = z.object({ code: z.string().trim().min(1).max(40).transform((c) => c.toUpperCase()) });

const CouponView = z.object({
  code: z.string(),
  applied: z.boolean(),
  discountCents: z.number().int(),
  reason: z.string().optional(),
  message: z.string().optional(),
}).nullable();

const ShippingView = z.object({
  cep: z.string(), uf: z.string(), region: z.string(), service: z.string(), priceCents: z.number().int(),
  freeShipping: z.boolean(), minDays: z.number().int(), maxDays: z.number().int(),
});

export const Cart = z.object({
  items: z.array(z.object({
    itemId: z.string(), sku: z.string(), productId: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()),
    quantity: z.number().int(), unitPriceCents: z.number().int(), lineTotalCents: z.number().int(), available: z.number().int(),
  })),
  subtotalCents: z.number().int(),
  discountCents: z.number().int(),
  shippingCents: z.number().int(),
  totalCents: z.number().int(),
  coupon: CouponView,
  shipping: ShippingView.nullable(),
});

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO-8601 timestamp' });

export const CreateCouponBody = z
  .object({
    code: z.string().trim().min(3).max(40).regex(/^[A-Za-z0-9_-]+$/, { message: 'code may contain letters, digits, _ and -' }).transform((c) => c.toUpperCase()),
    type: z.enum(['percent', 'fixed']),
    value: z.number().int().min(1),
    minSubtotalCents: z.number().int().min(0).default(0),
    maxUses: z.number().int().min(1).nullable().default(null),
    perCustomerLimit: z.number().int().min(1).nullable().default(null),
    validFrom: isoDate,
    validUntil: isoDate,
  })
  .superRefine((c, ctx) => {
    if (c.type === 'percent' && c.value > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percent coupon is at most 100' });
    if (Date.parse(c.validUntil) <= Date.parse(c.validFrom)) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after validFrom' });
  });

export const CouponResponse = z.object({
  code: z.string(), type: z.enum(['percent', 'fixed']), value: z.number().int(), minSubtotalCents: z.number().int(),
  maxUses: z.number().int().nullable(), perCustomerLimit: z.number().int().nullable(), usedCount: z.number().int(),
  validFrom: z.string(), validUntil: z.string(),
});

export const ORDER_STATUS_VALUES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED'] as const;

export const CreateOrderBody = z.object({ addressId: z.string().min(1).max(64) });

const OrderItem = z.object({
  sku: z.string(), productId: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()),
  quantity: z.number().int(), unitPriceCents: z.number().int(), lineTotalCents: z.number().int(),
});

export const Order = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUS_VALUES),
  items: z.array(OrderItem),
  subtotalCents: z.number().int(),
  discountCents: z.number().int(),
  shippingCents: z.number().int(),
  totalCents: z.number().int(),
  coupon: z.object({ code: z.string(), discountCents: z.number().int() }).nullable(),
  address: Address,
  shipping: z.object({ service: z.string(), minDays: z.number().int(), maxDays: z.number().int() }).nullable(),
  paymentDeadline: z.string(),
  carrier: z.string().nullable(),
  trackingCode: z.string().nullable(),
  flashSaleId: z.string().nullable(),
  customerId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const OrderList = z.object({ items: z.array(Order), nextCursor: z.string().nullable() });

export const OrderIdParams = z.object({ id: z.string().min(1).max(64) });

const Limit = z.string().regex(/^\d+$/, { message: 'limit must be an integer from 1 to 100' }).transform(Number)
  .pipe(z.number().int().min(1, { message: 'limit must be at least 1' }).max(100, { message: 'limit must be at most 100' }));

export const ListQuery = z.object({ limit: Limit.optional(), cursor: z.string().max(2048).optional() });

export const AdminOrdersQuery = z.object({
  status: z.enum(ORDER_STATUS_VALUES, { message: `status must be one of ${ORDER_STATUS_VALUES.join(', ')}` }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: Limit.optional(),
  // One position per index shard (per status and shard without a status).
  cursor: z.string().max(8192).optional(),
});

export const UpdateOrderBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('SHIPPED'), carrier: z.string().trim().min(1).max(60), trackingCode: z.string().trim().min(1).max(60) }),
  z.object({ status: z.literal('DELIVERED') }),
], { message: 'status must be SHIPPED (with carrier and trackingCode) or DELIVERED' });

export const Tracking = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUS_VALUES),
  carrier: z.string().nullable(),
  trackingCode: z.string().nullable(),
  events: z.array(z.object({ status: z.enum(ORDER_STATUS_VALUES), at: z.string(), description: z.string() })),
});

export type CartView = z.infer<typeof Cart>;
export type OrderView = z.infer<typeof Order>;
export type CreateCouponInput = z.infer<typeof CreateCouponBody>;
