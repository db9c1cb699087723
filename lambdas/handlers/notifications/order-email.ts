import { sendOnce, users as userRepository } from '#compose/notifications.js';
import { orderEmail } from '#domain/notifications/order-messages.js';
import { logger } from '#shared/powertools.js';
import { eventSubscriber } from '#triggers/event-subscriber.js';

type OrderEventName = 'OrderCreated' | 'OrderPaid' | 'OrderShipped' | 'OrderDelivered' | 'OrderCancelled' | 'OrderExpired';

/**
 * Tells the customer, in pt-BR, what happened to their order. Idempotent: one email per event id,
 * however often EventBridge delivers it. A customer who deleted their account is not written to.
 */
export const handler = eventSubscriber<OrderEventName, { sent: boolean }>(async ({ name, metadata, data }) => {
  const profile = await userRepository.getProfile(data.customerId);
  if (!profile) {
    logger.info('Order email skipped: the customer has no profile', { eventId: metadata.id });
    return { sent: false };
  }
  const email = orderEmail(name, data, profile.name);
  const sent = await sendOnce(metadata.id, { to: profile.email, userId: profile.userId, ...email });
  return { sent };
});
