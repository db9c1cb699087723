import type { AddressView } from '#domain/identity/schemas.js';
import type { OrderLine, OrderRecord, OrderTaxesRecord } from './ports.js';
import { timelineDescription } from './state-machine.js';

/** What an order is made of; the factory adds its status, deadline, timeline and clock fields. */
export interface NewOrderInput {
  id: string;
  customerId: string;
  items: OrderLine[];
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
  coupon: OrderRecord['coupon'];
  /** The approximate taxes at placement; null when not computed (flash-sale claims). */
  taxes: OrderTaxesRecord | null;
  address: AddressView;
  shipping: NonNullable<OrderRecord['shipping']>;
  /** Minutes the customer has to pay, counted from `now`. */
  paymentWindowMinutes: number;
  /** Where a flash-sale order's unit came from; null for a checkout. */
  flashSale: NonNullable<OrderRecord['flashSale']> | null;
  correlationId: string;
  now: Date;
}

/**
 * The one way an order comes to be: PENDING_PAYMENT, with its payment deadline and the first
 * timeline entry. Checkout (placeOrder) and the flash-sale claim both build their order here, so
 * every writer stores the same record and the adapter gives it the same index keys.
 */
export function newOrder(input: NewOrderInput): OrderRecord {
  const at = input.now.toISOString();
  return {
    id: input.id,
    customerId: input.customerId,
    status: 'PENDING_PAYMENT',
    items: input.items,
    subtotalCents: input.subtotalCents,
    discountCents: input.discountCents,
    shippingCents: input.shippingCents,
    totalCents: input.totalCents,
    coupon: input.coupon,
    taxes: input.taxes,
    address: input.address,
    shipping: input.shipping,
    paymentDeadline: new Date(input.now.getTime() + input.paymentWindowMinutes * 60_000).toISOString(),
    carrier: null,
    trackingCode: null,
    flashSaleId: input.flashSale?.saleId ?? null,
    flashSale: input.flashSale,
    timeline: [{ status: 'PENDING_PAYMENT', at, description: timelineDescription('PENDING_PAYMENT') }],
    correlationId: input.correlationId,
    createdAt: at,
    updatedAt: at,
  };
}
