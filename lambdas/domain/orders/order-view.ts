import { deliveryDate } from '#domain/logistics/delivery-date.js';
import { toOrderView } from './orders.js';
import type { OrderRecord } from './ports.js';
import type { OrderView } from './schemas.js';

/**
 * The day promised when the order was placed: `maxDays` business days after its creation day
 * (São Paulo), the same computation as the quote the customer saw. Derived from what the order
 * froze (createdAt, maxDays) rather than stored, so POST /orders, whose bundle is at its size budget,
 * does not carry the holiday table. Flash-sale orders promise no date.
 */
export function promisedDeliveryDate(order: Pick<OrderRecord, 'createdAt' | 'shipping' | 'flashSaleId'>): string | undefined {
  return order.shipping && !order.flashSaleId ? deliveryDate(new Date(order.createdAt), order.shipping.maxDays) : undefined;
}

/** An order as its reads answer it: {@link toOrderView} with the promised delivery date. */
export function orderViewWithPromise(order: OrderRecord): OrderView {
  const view = toOrderView(order);
  const date = promisedDeliveryDate(order);
  return view.shipping && date ? { ...view, shipping: { ...view.shipping, estimatedDeliveryDate: date } } : view;
}
