import { firstAttempt } from '#compose/webhook-delivery.js';
import { fanOut } from '#domain/webhooks/webhooks.js';
import { WebhookQueuedEvent } from '#domain/webhooks/queued-event.js';
import { clock } from '#shared/clock.js';
import { logger } from '#shared/powertools.js';
import { queue } from '#triggers/queue.js';
import { reportDisabled } from './report.js';

/**
 * One domain event from the webhooks queue -> one delivery per matching endpoint, each tried once
 * now, with a short timeout (a hanging receiver must not hold the others); failures wait for the
 * retry sweep (webhooks/retry-due), which gives the full timeout. A store fault fails the message only
 * (SQS brings it back; deliveries already recorded are not made twice).
 */
export const handler = queue(WebhookQueuedEvent, async ({ 'detail-type': name, detail }) => {
  const result = await fanOut(firstAttempt, { name, id: detail.metadata.id, time: detail.metadata.time, data: detail.data }, clock.now());
  reportDisabled(result.disabled);
  if (result.deliveries) logger.info('Webhooks fanned out', { eventName: name, eventId: detail.metadata.id, outcomes: result.outcomes });
});
