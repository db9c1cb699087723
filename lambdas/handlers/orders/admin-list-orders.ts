import { orders as orderRepository } from '#compose/orders.js';
import { orderViewWithPromise } from '#domain/orders/order-view.js';
import { http } from '#compose/http.js';
import { orderRoutes } from '../../routes/orders.js';

export const handler = http(orderRoutes, 'GET /admin/orders', async ({ query }) => {
  const range = { from: query.from, to: query.to };
  const page = query.customerId
    ? await orderRepository.listByCustomer(query.customerId, query.limit ?? 20, query.cursor, range)
    : await orderRepository.listByStatus(query.status, range, query.limit ?? 20, query.cursor);
  return { body: { items: page.items.map(orderViewWithPromise), nextCursor: page.nextCursor } };
});
