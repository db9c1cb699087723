import { Address, Profile } from '#domain/identity/schemas.js';
import { NotificationPreferences } from '#domain/notifications/preferences.js';
import { Order } from '#domain/orders/schemas.js';
import { PaymentView } from '#domain/payments/schemas.js';
import * as z from '#shared/zod.js';

/**
 * GET /me/export: everything the store holds about the caller (LGPD art. 18, II and V), in one
 * document: the profile, the addresses, the notification choices, and every order with its payments
 * (a card is its brand and last four digits only: the number never reached us). docs/privacy.md.
 */
export const CustomerDataExport = z.object({
  exportedAt: z.string(),
  profile: Profile,
  addresses: z.array(Address),
  notificationPreferences: NotificationPreferences,
  orders: z.array(z.extend(Order, { payments: z.array(PaymentView) })),
});
export type CustomerDataExport = z.infer<typeof CustomerDataExport>;
