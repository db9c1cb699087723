import { delivery } from '#compose/webhook-delivery.js';
import { retryDue } from '#domain/webhooks/webhooks.js';
import { clock } from '#shared/clock.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';
import { reportDisabled } from './report.js';

/** Every minute: the next attempt of every delivery that is due (backoff elapsed, or retried by an admin). */
export const handler = job('webhook-retries', async () => {
  const result = await retryDue(delivery, clock.now(), { limit: 200, concurrency: 10 });
  reportDisabled(result.disabled);
  if (result.due) logger.info('Webhook retries', { due: result.due, outcomes: result.outcomes });
  return { due: result.due, outcomes: result.outcomes };
});
