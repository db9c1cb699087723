import { flashSales } from '#compose/flash-sale.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** Every minute: give back units lost between the steps of a claim; open a window the hourly rule missed. */
export const handler = job('flash-sale-reconcile', async () => {
  const result = await flashSales.reconcile();
  if (result.fixed.length) logger.warn('Flash-sale reconciliation fixed units', result);
  metrics.addMetric('FlashSaleUnitsReconciled', 'Count', result.fixed.length);
  return result;
});
