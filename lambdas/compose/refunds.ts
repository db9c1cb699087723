import type { OrderRefunds } from '#domain/orders/orders.js';
import { refundOrder } from '#domain/payments/use-cases.js';
import { logger } from '#shared/powertools.js';
import { paymentDeps } from './payments.js';

/** Refunds for a cancelled paid order, through the payment context (a refund the provider has not taken yet is retried by the reconciler). */
export const refunds: OrderRefunds = {
  refundOrder: async (orderId) => {
    const { pending } = await refundOrder(await paymentDeps(), orderId);
    if (pending.length) logger.warn('Refund not taken by the provider yet; the reconciler retries it', { orderId, pending });
  },
};
