import * as z from '#shared/zod.js';

/**
 * A customer's notification preferences (GET/PUT /me/notification-preferences). Order and account
 * emails are transactional and always sent, so `email.orders` is always true (false is refused);
 * SMS about orders only when opted in, which needs a phone on the profile; `email.marketing` is
 * stored for campaigns (none are sent by this service yet).
 */
export const NotificationPreferences = z.object({
  email: z.object({
    orders: z.literal(true, { message: 'Order and account emails are always sent; email.orders must be true' }),
    marketing: z.boolean(),
  }),
  sms: z.object({ orders: z.boolean() }),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** What a customer who never chose has: the emails they must get, nothing else. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { email: { orders: true, marketing: false }, sms: { orders: false } };
