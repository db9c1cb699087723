import { expiryPayments } from '#compose/expiry.js';
import { orders } from '#compose/orders.js';
import { expireDueOrders } from '#domain/orders/orders.js';
import { clock } from '#shared/clock.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** Every minute: pending orders past their payment deadline become EXPIRED and release their stock. */
export const handler = job('order-expiry', async ({ correlationId }) => {
  const result = await expireDueOrders({ orders, payments: expiryPayments, now: clock.now }, correlationId);
  if (result.expired || result.skipped) logger.info('Expired unpaid orders', { expired: result.expired, skipped: result.skipped });
  if (result.failed.length) logger.error('Orders that could not be expired (retried next run)', { failed: result.failed });
  metrics.addMetric('OrdersExpired', 'Count', result.expired);
  return result;
});
