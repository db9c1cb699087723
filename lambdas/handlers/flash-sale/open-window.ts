import { flashSales } from '#compose/flash-sale.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** EventBridge, every hour on the hour: open the hour's window (idempotent; never adds units twice). */
export const handler = job('flash-sale-open-window', async () => {
  const result = await flashSales.openCurrentWindows();
  logger.info('Flash-sale windows', result);
  // A window short of (or without) stock sells less than advertised: someone must restock the SKU.
  if (result.short.length || result.noStock.length) logger.error('Flash-sale windows short of stock', { short: result.short, noStock: result.noStock });
  return result;
});
