import { publishEvents } from '#compose/events.js';
import { pixReminderStore } from '#compose/notifications.js';
import { payments } from '#compose/payment-records.js';
import { remindExpiringPix } from '#domain/notifications/pix-reminders.js';
import { clock } from '#shared/clock.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** Every minute: one reminder (PixPaymentExpiring) per unpaid Pix charge within minutes of its deadline. */
export const handler = job('pix-reminders', async () => {
  const result = await remindExpiringPix({ ...pixReminderStore, paymentsOf: (orderId) => payments.listForOrder(orderId), publish: publishEvents }, clock.now());
  if (result.reminded) logger.info('Pix reminders published', { reminded: result.reminded });
  if (result.failed.length) logger.error('Pix reminders not published (retried next run)', { failed: result.failed });
  return result;
});
