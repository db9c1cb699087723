import { orders } from '#compose/orders.js';
import { payments as paymentRepository } from '#compose/payment-records.js';
import { visibleOrder } from '#domain/orders/orders.js';
import { paymentView } from '#domain/payments/records.js';
import { http } from '#compose/http.js';
import { paymentRoutes } from '../../routes/payments.js';

/** Payment attempts of an order (owner or admin). */
export const handler = http(paymentRoutes, 'GET /orders/{id}/payments', async ({ auth, params }) => {
  const order = await visibleOrder({ orders }, params.id, auth);
  return { body: { items: (await paymentRepository.listForOrder(order.id)).map(paymentView) } };
});
