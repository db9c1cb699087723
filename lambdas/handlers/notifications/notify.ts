import { admins, recipients, sender } from '#compose/notifications.js';
import { notify } from '#domain/notifications/notify.js';
import { QueuedEvent } from '#domain/notifications/queued-event.js';
import { logger } from '#shared/powertools.js';
import { queue } from '#triggers/queue.js';

/**
 * The notifier: one domain event from the notifications queue -> the customer's (or, for a collection
 * run that needs a look, every admin's) email (always) and SMS (when opted in), each at most once per event. A failed send fails this message only (it comes
 * back after the visibility timeout; after its retries, the DLQ).
 */
export const handler = queue(QueuedEvent, async ({ 'detail-type': name, detail }) => {
  const outcome = await notify({ recipients, sender, admins }, { name, id: detail.metadata.id, data: detail.data } as Parameters<typeof notify>[1]);
  logger.info('Notified', { eventName: name, eventId: detail.metadata.id, ...outcome });
});
