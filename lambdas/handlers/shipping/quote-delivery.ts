import { deliveryQuoteDeps } from '#compose/delivery-quotes.js';
import { quoteDelivery } from '#domain/orders/delivery-quote.js';
import { cacheable } from '#http/cache.js';
import { publicHttp } from '#http/public.js';
import { shippingRoutes } from '../../routes/shipping.js';

export const handler = publicHttp(shippingRoutes, 'GET /shipping/quote', async ({ query, headers }) =>
  cacheable(headers, await quoteDelivery(deliveryQuoteDeps, query), 60));
