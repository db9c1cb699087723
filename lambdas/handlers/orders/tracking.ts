import { orders } from '#compose/orders.js';
import { visibleOrder } from '#domain/orders/orders.js';
import { http } from '#compose/http.js';
import { orderRoutes } from '../../routes/orders.js';

export const handler = http(orderRoutes, 'GET /orders/{id}/tracking', async ({ auth, params }) => {
  const order = await visibleOrder({ orders }, params.id, auth);
  return { body: { orderId: order.id, status: order.status, carrier: order.carrier, trackingCode: order.trackingCode, events: order.timeline } };
});
