import { store } from '#compose/collection.js';
import { queue } from '#compose/collection-queue.js';
import { tick } from '#domain/collection/sources.js';
import { clock } from '#shared/clock.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** Every minute: start the runs of the sources that are due; close runs past their deadline (pages lost with a worker). */
export const handler = job('collection-tick', async () => {
  const result = await tick({ store, queue }, clock.now());
  if (result.started.length || result.closed.length) logger.info('Collection tick', result);
  return result;
});
