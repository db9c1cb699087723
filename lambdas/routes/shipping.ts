/** The product page's delivery promise (the cart's quote is on GET /cart?cep=). */
import * as delivery from '#domain/orders/delivery-schemas.js';
import type { HttpRoute } from './types.js';

export const shippingRoutes = {
  'GET /shipping/quote': {
    handler: 'shipping/quote-delivery', access: 'public', grants: ['table:read', 'carrier:provider'], tag: 'Cart',
    summary: 'Shipping price, business days and estimated delivery date of `quantity` units of a SKU to a CEP (the carrier\'s options, or the CEP table)',
    query: delivery.DeliveryQuoteQuery, success: { status: 200, body: delivery.DeliveryQuote }, errors: [404],
  },
} as const satisfies Record<string, HttpRoute>;
