import { store } from '#compose/collection.js';
import { queue } from '#compose/collection-queue.js';
import { tick } from '#domain/collection/sources.js';
import { clock } from '#shared/clock.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';
import { reportFinishedRun } from './report.js';

/** Every minute: start the runs of the sources that are due; close runs past their deadline (pages lost with a worker). */
export const handler = job('collection-tick', async () => {
  const { started, closed } = await tick({ store, queue }, clock.now());
  if (started.length || closed.length) logger.info('Collection tick', { started, closed: closed.map((r) => r.runId) });
  for (const run of closed) reportFinishedRun(run);
  return { started, closed: closed.map((r) => r.runId) };
});
