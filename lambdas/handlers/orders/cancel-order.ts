import { orderRepository as orders } from '#adapters/dynamodb/orders.js';
import { paymentDeps } from '#compose/payments.js';
import { cancelOrder } from '#domain/orders/orders.js';
import { refundOrder } from '#domain/payments/use-cases.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { logger } from '#shared/powertools.js';
import { orderRoutes } from '../../routes/orders.js';

const refunds = {
  refundOrder: async (orderId: string) => {
    const { pending } = await refundOrder(await paymentDeps(), orderId);
    if (pending.length) logger.warn('Refund not taken by the provider yet; the reconciler retries it', { orderId, pending });
  },
};

export const handler = http(orderRoutes, 'DELETE /orders/{id}', async ({ auth, params, correlationId }) => ({
  body: await cancelOrder({ orders, now: clock.now, refunds }, params.id, { ...auth, correlationId }),
}));
