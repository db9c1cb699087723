import { orders } from '#compose/orders.js';
import { visibleOrder } from '#domain/orders/orders.js';
import { orderViewWithPromise } from '#domain/orders/order-view.js';
import { http } from '#compose/http.js';
import { orderRoutes } from '../../routes/orders.js';

export const handler = http(orderRoutes, 'GET /orders/{id}', async ({ auth, params }) => ({
  body: orderViewWithPromise(await visibleOrder({ orders }, params.id, auth)),
}));
