import { worker } from '#compose/collection-worker.js';
import { PageMessage } from '#domain/collection/schemas.js';
import { processPage } from '#domain/collection/worker.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import { queue } from '#triggers/queue.js';
import { reportFinishedRun } from './report.js';

/** One page of a run from the collection queue: fetch it politely, extract its products, count it into the run. */
export const handler = queue(PageMessage, async (message) => {
  const result = await processPage(worker, message);
  logger.debug('Collection page', { runId: message.runId, url: message.url, result: result.kind });
  if (result.kind === 'recorded' && result.finished) {
    reportFinishedRun(result.finished);
    metrics.publishStoredMetrics();
  }
});
