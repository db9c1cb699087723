/**
 * Which message a domain event is for the customer (or, for a collection run that needs a look, a
 * variant low on stock or a flash-sale window closed unsold, for every admin): one template per message (./messages/), chosen
 * by the event's name and, for a few, its data (an order from a flash-sale claim is a win, a
 * payment created is a message only when it is a Pix charge). Events that are no message give undefined.
 */
import type { DomainEventData, DomainEventName } from '#domain/events.js';
import { cardDeclined } from './messages/card-declined.js';
import { collectionRunAttention } from './messages/collection-run-attention.js';
import { variantLowStock } from './messages/variant-low-stock.js';
import { webhookEndpointDisabled } from './messages/webhook-endpoint-disabled.js';
import { flashSaleWon } from './messages/flash-sale-won.js';
import { flashWindowUnsold } from './messages/flash-window-unsold.js';
import { orderCancelled } from './messages/order-cancelled.js';
import { orderDelivered } from './messages/order-delivered.js';
import { orderExpired } from './messages/order-expired.js';
import { orderPaid } from './messages/order-paid.js';
import { orderPlaced } from './messages/order-placed.js';
import { orderShipped } from './messages/order-shipped.js';
import { outForDelivery } from './messages/out-for-delivery.js';
import { passwordChanged } from './messages/password-changed.js';
import { pixCharge } from './messages/pix-charge.js';
import { pixExpiring } from './messages/pix-expiring.js';
import { refundIssued } from './messages/refund-issued.js';
import type { Template } from './messages/template.js';
import type { NotifiedEvent } from './notified-events.js';

export { NOTIFIED_EVENTS, type NotifiedEvent } from './notified-events.js';

/** A template bound to its event's data (so callers need not know which event it was). */
export interface BoundMessage {
  readonly template: Template<DomainEventName>;
  readonly data: DomainEventData<DomainEventName>;
  /** Whose message it is: the profile it goes to, or every admin's. */
  readonly to: { readonly userId: string } | 'admins';
}

const bind = <N extends DomainEventName>(template: Template<N>, data: DomainEventData<N>, userId: string | 'admins'): BoundMessage =>
  ({ template: template as unknown as Template<DomainEventName>, data, to: userId === 'admins' ? 'admins' : { userId } });

export function messageFor<N extends NotifiedEvent>(name: N, eventData: DomainEventData<N>): BoundMessage | undefined {
  const data = eventData as DomainEventData<NotifiedEvent>;
  switch (name) {
    case 'OrderCreated': {
      const order = data as DomainEventData<'OrderCreated'>;
      return bind(order.flashSaleId ? flashSaleWon : orderPlaced, order, order.customerId);
    }
    case 'OrderPaid': return bind(orderPaid, data as DomainEventData<'OrderPaid'>, (data as DomainEventData<'OrderPaid'>).customerId);
    case 'OrderShipped': return bind(orderShipped, data as DomainEventData<'OrderShipped'>, (data as DomainEventData<'OrderShipped'>).customerId);
    case 'OrderOutForDelivery': return bind(outForDelivery, data as DomainEventData<'OrderOutForDelivery'>, (data as DomainEventData<'OrderOutForDelivery'>).customerId);
    case 'OrderDelivered': return bind(orderDelivered, data as DomainEventData<'OrderDelivered'>, (data as DomainEventData<'OrderDelivered'>).customerId);
    case 'OrderCancelled': return bind(orderCancelled, data as DomainEventData<'OrderCancelled'>, (data as DomainEventData<'OrderCancelled'>).customerId);
    case 'OrderExpired': return bind(orderExpired, data as DomainEventData<'OrderExpired'>, (data as DomainEventData<'OrderExpired'>).customerId);
    case 'PaymentCreated': {
      const payment = data as DomainEventData<'PaymentCreated'>;
      return payment.method === 'pix' && payment.pix ? bind(pixCharge, payment, payment.customerId) : undefined;
    }
    case 'PaymentFailed': {
      const payment = data as DomainEventData<'PaymentFailed'>;
      return payment.method === 'card' ? bind(cardDeclined, payment, payment.customerId) : undefined;
    }
    case 'PaymentRefunded': return bind(refundIssued, data as DomainEventData<'PaymentRefunded'>, (data as DomainEventData<'PaymentRefunded'>).customerId);
    case 'PixPaymentExpiring': {
      const payment = data as DomainEventData<'PixPaymentExpiring'>;
      return payment.pix ? bind(pixExpiring, payment, payment.customerId) : undefined;
    }
    case 'PasswordChanged': {
      const change = data as DomainEventData<'PasswordChanged'>;
      return bind(passwordChanged, change, change.userId);
    }
    case 'CollectionRunNeedsAttention': return bind(collectionRunAttention, data as DomainEventData<'CollectionRunNeedsAttention'>, 'admins');
    case 'VariantLowOnStock': return bind(variantLowStock, data as DomainEventData<'VariantLowOnStock'>, 'admins');
    case 'FlashSaleWindowUnsold': return bind(flashWindowUnsold, data as DomainEventData<'FlashSaleWindowUnsold'>, 'admins');
    case 'WebhookEndpointDisabled': return bind(webhookEndpointDisabled, data as DomainEventData<'WebhookEndpointDisabled'>, 'admins');
    default: {
      const unknownEvent: never = name as never;
      throw new Error(`No message for ${String(unknownEvent)}`);
    }
  }
}
