import { orders } from '#compose/orders.js';
import { toOrderView, visibleOrder } from '#domain/orders/orders.js';
import { http } from '#compose/http.js';
import { orderRoutes } from '../../routes/orders.js';

export const handler = http(orderRoutes, 'GET /orders/{id}', async ({ auth, params }) => ({
  body: toOrderView(await visibleOrder({ orders }, params.id, auth)),
}));
