import { flashSales } from '#compose/flash-sale.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** EventBridge, every hour on the hour: open the hour's window (idempotent; never adds units twice). */
export const handler = job('flash-sale-open-window', async () => {
  const result = await flashSales.openCurrentWindows();
  logger.info('Flash-sale windows', result);
  return result;
});
