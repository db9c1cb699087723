import { orders } from '#compose/orders.js';
import { changeStatus, toOrderView, visibleOrder } from '#domain/orders/orders.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { orderRoutes } from '../../routes/orders.js';

/** Admins move paid orders to SHIPPED (carrier + tracking code) and shipped ones to DELIVERED. */
export const handler = http(orderRoutes, 'PUT /orders/{id}', async ({ auth, params, body, correlationId }) => {
  const order = await visibleOrder({ orders }, params.id, auth);
  const set = body.status === 'SHIPPED' ? { carrier: body.carrier, trackingCode: body.trackingCode } : undefined;
  return { body: toOrderView(await changeStatus({ orders, now: clock.now }, order, body.status, { correlationId, set })) };
});
