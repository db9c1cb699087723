import { orderRepository as orders } from '#adapters/dynamodb/orders.js';
import { paymentRepository } from '#adapters/dynamodb/payments.js';
import { visibleOrder } from '#domain/orders/orders.js';
import { http } from '#shared/http.js';
import { paymentRoutes } from '../../routes/payments.js';

/** Payment attempts of an order (owner or admin); the QR image is left out, the copy-paste code stays. */
export const handler = http(paymentRoutes, 'GET /orders/{id}/payments', async ({ auth, params }) => {
  const order = await visibleOrder({ orders }, params.id, auth);
  const items = (await paymentRepository.listForOrder(order.id)).map(({ customerId: _c, providerPaymentId: _p, pix, ...rest }) => ({
    ...rest,
    pix: pix ? { copyPaste: pix.copyPaste, expiresAt: pix.expiresAt } : null,
  }));
  return { body: { items } };
});
