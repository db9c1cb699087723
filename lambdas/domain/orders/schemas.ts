import * as z from '#shared/zod.js';
import { Address } from '#domain/identity/address-schemas.js';
import { isValidCep, normalizeCep } from '#domain/identity/rules.js';
import { ListQuery } from '#domain/list-query.js';
import { ORDER_STATUS_VALUES } from './status.js';

export { ListQuery, ORDER_STATUS_VALUES };

const Cents = z.number().check(z.int(), z.gte(0));
/** The approximate taxes frozen on an order (Lei 12.741/2012), and shown on GET /cart. */
const OrderTaxes = z.object({ tableVersion: z.nullable(z.string()), federalCents: Cents, stateCents: Cents, totalCents: Cents });
/** A line's share of them. */
const LineTaxes = z.object({ ncm: z.nullable(z.string()), source: z.enum(['table', 'default']), federalCents: Cents, stateCents: Cents, totalCents: Cents });

const Sku = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const Quantity = z.number({ message: 'quantity must be an integer from 1 to 99' }).check(z.int({ message: 'quantity must be an integer from 1 to 99' }), z.gte(1, { message: 'quantity must be an integer from 1 to 99' }), z.lte(99, { message: 'quantity must be an integer from 1 to 99' }));

export const AddToCartBody = z.object({ sku: Sku, quantity: Quantity });
export const SetQuantityBody = z.object({
  quantity: z.number({ message: 'quantity must be an integer from 0 to 99' }).check(z.int({ message: 'quantity must be an integer from 0 to 99' }), z.gte(0, { message: 'quantity must be an integer from 0 to 99' }), z.lte(99, { message: 'quantity must be an integer from 0 to 99' })),
});
export const CartItemParams = z.object({ itemId: Sku });
export const CartQuery = z.object({
  cep: z.optional(z.pipe(z.string().check(z.refine(isValidCep, { message: 'cep must have exactly 8 digits' })), z.transform(normalizeCep))),
  /**
   * With `cep`: price the quote's option with this carrier service id (as `POST /orders` will charge it);
   * when the quote does not offer it (say the carrier was down and the CEP table answered), the cheapest
   * option is priced and `shipping.serviceId` says which.
   */
  shippingService: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
});
export const CouponBody = z.object({ code: z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), z.transform((c) => c.toUpperCase())) });

const CouponView = z.nullable(z.object({
  code: z.string(),
  applied: z.boolean(),
  discountCents: Cents,
  reason: z.optional(z.string()),
  message: z.optional(z.string()),
}));

/** The promised delivery day of a quote or order. */
const EstimatedDeliveryDate = z.string().check(z.describe('YYYY-MM-DD (America/Sao_Paulo): maxDays business days on, weekends and national holidays skipped'));

const ShippingOptionView = z.object({
  serviceId: z.nullable(z.string()), service: z.string(), priceCents: Cents, minDays: Cents, maxDays: Cents,
  estimatedDeliveryDate: EstimatedDeliveryDate,
});

export const ShippingView = z.object({
  cep: z.string(), uf: z.string(), region: z.string(), service: z.string(), priceCents: Cents,
  freeShipping: z.boolean(), minDays: Cents, maxDays: Cents,
  estimatedDeliveryDate: EstimatedDeliveryDate,
  serviceId: z.nullable(z.string()),
  source: z.enum(['carrier', 'table']),
  options: z.array(ShippingOptionView),
});

export const Cart = z.object({
  items: z.array(z.object({
    itemId: z.string(), sku: z.string(), productId: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()),
    quantity: Cents, unitPriceCents: Cents, lineTotalCents: Cents, available: Cents,
  })),
  subtotalCents: Cents,
  discountCents: Cents,
  shippingCents: Cents,
  totalCents: Cents,
  coupon: CouponView,
  /** The approximate taxes of these items at the current rates (what the order would freeze); on GET /cart, null on the answers of cart changes. */
  taxes: z.nullable(OrderTaxes),
  shipping: z.nullable(ShippingView),
});



export const CreateOrderBody = z.object({
  addressId: z.string().check(z.minLength(1), z.maxLength(64)),
  shippingService: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
});

const OrderItem = z.object({
  sku: z.string(), productId: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()),
  quantity: Cents, unitPriceCents: Cents, lineTotalCents: Cents,
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
  subtotalCents: Cents,
  discountCents: Cents,
  shippingCents: Cents,
  totalCents: Cents,
  coupon: z.nullable(z.object({ code: z.string(), discountCents: Cents })),
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


export type CartView = z.infer<typeof Cart>;
export type OrderView = z.infer<typeof Order>;
