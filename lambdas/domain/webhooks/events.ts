import type { DomainEventName } from '../events.js';

/**
 * The integrator-facing event names (docs/webhooks.md) and the domain events they stand for. Not
 * every domain event is offered: PixPaymentExpiring (an internal reminder) and PasswordChanged (a
 * customer's security notice) stay inside.
 */
export const INTEGRATOR_EVENTS = {
  'order.created': 'OrderCreated',
  'order.paid': 'OrderPaid',
  'order.shipped': 'OrderShipped',
  'order.out_for_delivery': 'OrderOutForDelivery',
  'order.delivered': 'OrderDelivered',
  'order.cancelled': 'OrderCancelled',
  'order.expired': 'OrderExpired',
  'payment.created': 'PaymentCreated',
  'payment.failed': 'PaymentFailed',
  'payment.refunded': 'PaymentRefunded',
} as const satisfies Record<string, DomainEventName>;

export type IntegratorEventName = keyof typeof INTEGRATOR_EVENTS;
export const INTEGRATOR_EVENT_NAMES = Object.keys(INTEGRATOR_EVENTS) as [IntegratorEventName, ...IntegratorEventName[]];

/** The domain events the webhooks queue subscribes to. */
export const WEBHOOK_DOMAIN_EVENTS: readonly DomainEventName[] = Object.values(INTEGRATOR_EVENTS);

const BY_DOMAIN_NAME = new Map<string, IntegratorEventName>(
  Object.entries(INTEGRATOR_EVENTS).map(([integrator, domain]) => [domain, integrator as IntegratorEventName]),
);

export function integratorName(domainName: string): IntegratorEventName | undefined {
  return BY_DOMAIN_NAME.get(domainName);
}

/**
 * The one log line a disabled endpoint gives (webhooks/fan-out and webhooks/retry-due): a metric
 * filter counts it and its alarm emails the stage's alarm address (lib/monitoring.ts).
 */
export const ENDPOINT_DISABLED_MESSAGE = 'Webhook endpoint disabled after failing for 24 hours';
