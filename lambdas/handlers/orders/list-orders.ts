import { orders as orderRepository } from '#compose/orders.js';
import { orderViewWithPromise } from '#domain/orders/order-view.js';
import { http } from '#compose/http.js';
import { orderRoutes } from '../../routes/orders.js';

export const handler = http(orderRoutes, 'GET /orders', async ({ auth, query }) => {
  const page = await orderRepository.listByCustomer(auth.userId, query.limit ?? 20, query.cursor);
  return { body: { items: page.items.map(orderViewWithPromise), nextCursor: page.nextCursor } };
});
