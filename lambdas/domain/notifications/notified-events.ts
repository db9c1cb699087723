import type { DomainEventName } from '#domain/events.js';

/**
 * The domain events the notifier consumes: the wiring table's notifications queue subscribes to
 * exactly these. A module of its own so the wiring table does not pull in the templates.
 */
export const NOTIFIED_EVENTS = [
  'OrderCreated', 'OrderPaid', 'OrderShipped', 'OrderOutForDelivery', 'OrderDelivered', 'OrderCancelled', 'OrderExpired',
  'PaymentCreated', 'PaymentFailed', 'PaymentRefunded', 'PixPaymentExpiring', 'PasswordChanged', 'CollectionRunNeedsAttention', 'VariantLowOnStock',
  'FlashSaleWindowUnsold',
  'WebhookEndpointDisabled',
] as const satisfies readonly DomainEventName[];

export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];
