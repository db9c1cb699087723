import { http } from '#compose/http.js';
import { orderLabels } from '#compose/order-labels.js';
import { orders } from '#compose/orders.js';
import { refunds } from '#compose/refunds.js';
import { cancelOrder } from '#domain/orders/orders.js';
import { clock } from '#shared/clock.js';
import { orderRoutes } from '../../routes/orders.js';

export const handler = http(orderRoutes, 'DELETE /orders/{id}', async ({ auth, params, correlationId }) => ({
  body: await cancelOrder({ orders, now: clock.now, refunds, shipments: orderLabels }, params.id, { ...auth, correlationId }),
}));
