/**
 * The transactional outbox's rules: which domain event a change of a stored order, payment or
 * revocation marker is.
 * Order and payment state lives in the table; the table-stream consumer (orders/publish-events)
 * hands each change here as the item before and after it, and publishes what comes back. Event ids
 * are deterministic (`<id>:<status>`), so a change published twice (a retried batch) is one fact
 * to consumers.
 */
import { LOW_STOCK_THRESHOLD } from './catalog/schemas.js';
import { attentionReason, errorRateOf } from './collection/attention.js';
import type { RunRecord } from './collection/ports.js';
import { promisedDeliveryDate } from './orders/order-view.js';
import {
  CollectionRunNeedsAttentionData, type DomainEvent, type DomainEventName, FlashSaleWindowUnsoldData, OrderEventData, PasswordChangedData, PaymentEventData,
  ShipmentEventData, VariantLowOnStockData, WebhookEndpointDisabledData,
} from './events.js';
import type { ShipmentEventRecord } from './logistics/records.js';
import type { OrderRecord } from './orders/ports.js';
import type { PaymentRecord } from './payments/records.js';

const ORDER_EVENT: Record<OrderRecord['status'], DomainEventName> = {
  PENDING_PAYMENT: 'OrderCreated',
  PAID: 'OrderPaid',
  SHIPPED: 'OrderShipped',
  DELIVERED: 'OrderDelivered',
  CANCELLED: 'OrderCancelled',
  EXPIRED: 'OrderExpired',
};

/** Payment statuses that are facts for other contexts; the others (PENDING, APPROVED, ...) are not published. */
const PAYMENT_EVENT: Partial<Record<PaymentRecord['status'], DomainEventName>> = {
  DECLINED: 'PaymentFailed',
  REFUNDED: 'PaymentRefunded',
};

/** The event of an order whose status changed (or that was created); undefined when the status stayed. */
export function orderEvent(next: OrderRecord, previous: OrderRecord | undefined): DomainEvent | undefined {
  if (previous?.status === next.status) return undefined;
  const last = next.timeline?.[next.timeline.length - 1];
  const promised = next.status === 'PENDING_PAYMENT' ? promisedDeliveryDate(next) : undefined;
  return {
    name: ORDER_EVENT[next.status],
    id: `${next.id}:${next.status}`,
    correlationId: next.correlationId,
    time: last?.at ?? next.updatedAt,
    data: OrderEventData.parse({
      orderId: next.id,
      customerId: next.customerId,
      status: next.status,
      previousStatus: previous?.status ?? null,
      totalCents: next.totalCents,
      items: next.items.map(({ sku, productId, name, quantity, unitPriceCents }) => ({ sku, productId, name, quantity, unitPriceCents })),
      paymentDeadline: next.paymentDeadline,
      carrier: next.carrier ?? null,
      trackingCode: next.trackingCode ?? null,
      flashSaleId: next.flashSaleId ?? null,
      ...(next.taxes ? { taxes: { federalCents: next.taxes.federalCents, stateCents: next.taxes.stateCents, totalCents: next.taxes.totalCents } } : {}),
      ...(promised ? { estimatedDeliveryDate: promised } : {}),
    }),
  };
}

/**
 * The event of a payment that was created (PENDING: PaymentCreated, carrying the Pix charge) or
 * became DECLINED or REFUNDED; undefined for any other change.
 */
export function paymentEvent(next: PaymentRecord, previous: PaymentRecord | undefined): DomainEvent | undefined {
  const name = next.status === 'PENDING' && !previous ? 'PaymentCreated' : PAYMENT_EVENT[next.status];
  if (!name || previous?.status === next.status) return undefined;
  return paymentFact(name, next, next.updatedAt);
}

/**
 * A payment as the data of one of its events; the id is `<paymentId>:<fact>`, the fact being the
 * status it reached unless told (the Pix reminder is `PIX_EXPIRING`, while the payment stays PENDING).
 */
export function paymentFact(name: DomainEventName, next: PaymentRecord, time: string, fact: string = next.status): DomainEvent {
  return {
    name,
    id: `${next.paymentId}:${fact}`,
    correlationId: next.paymentId,
    time,
    data: PaymentEventData.parse({
      paymentId: next.paymentId, orderId: next.orderId, customerId: next.customerId, provider: next.provider, method: next.method,
      status: next.status, amountCents: next.amountCents, declineReason: next.declineReason ?? null, note: next.note ?? null,
      pix: next.pix ? { copyPaste: next.pix.copyPaste, expiresAt: next.pix.expiresAt } : null,
    }),
  };
}

/**
 * `OrderOutForDelivery` when a carrier's OUT_FOR_DELIVERY tracking event is first recorded (the
 * event item is written once; its id is the carrier's event id). No order status stands for it, so it
 * comes from the event item rather than from the order. Other tracking events are no domain event:
 * POSTED and DELIVERED move the order, whose own events follow.
 */
export function shipmentEvent(next: ShipmentEventRecord, previous: ShipmentEventRecord | undefined): DomainEvent | undefined {
  if (previous || next.code !== 'OUT_FOR_DELIVERY') return undefined;
  return {
    name: 'OrderOutForDelivery',
    id: `${next.shipmentId}:${next.eventId}`,
    correlationId: next.shipmentId,
    time: next.at,
    data: ShipmentEventData.parse({ orderId: next.orderId, customerId: next.customerId, carrier: next.carrier, trackingCode: next.trackingCode }),
  };
}

type Item = Record<string, unknown>;

/** The revocation marker (`USER#<sub>` / `TOKENS`) as the identity context stores it. */
interface TokenMarker {
  userId: string;
  validAfterMs: number;
  reason?: string;
}

const PASSWORD_REASONS: Readonly<Record<string, 'change' | 'reset'>> = { 'password-change': 'change', 'password-reset': 'reset' };

/**
 * `PasswordChanged` when the marker moved because of a password change or reset (a logout or an
 * account deletion moves it too, and is no event). The id is the user and the marker's instant, so
 * a replayed record is the same fact.
 */
export function passwordChangedEvent(next: TokenMarker, previous: TokenMarker | undefined): DomainEvent | undefined {
  const via = next.reason === undefined ? undefined : PASSWORD_REASONS[next.reason];
  if (!via || next.validAfterMs === previous?.validAfterMs) return undefined;
  const changedAt = new Date(next.validAfterMs).toISOString();
  return {
    name: 'PasswordChanged',
    id: `${next.userId}:password:${next.validAfterMs}`,
    correlationId: `${next.userId}:password:${next.validAfterMs}`,
    time: changedAt,
    data: PasswordChangedData.parse({ userId: next.userId, changedAt, via }),
  };
}

/**
 * The event, if any, of a change of one stored item (its images before and after; `next` undefined
 * for a delete), told apart by the item's `entity` tag: an Order, a Payment, a ShipmentEvent, a TokenMarker, a Variant, a
 * FlashShard, a CollectionRun or a WebhookEndpoint. Anything else is no event.
 */
/**
 * A variant of an active product whose stock went from above the threshold to it or under it
 * (a sale, an adjustment): the alert a sales manager wants. The id is the variant's state after the
 * change (stock and units ever ordered), so a replay is the same event and a later crossing a new one.
 */
export function lowStockEvent(next: Item, previous: Item | undefined, at: string): DomainEvent | undefined {
  if (typeof next.stock !== 'number' || typeof previous?.stock !== 'number') return undefined;
  if (next.productStatus !== 'active' || previous.stock <= LOW_STOCK_THRESHOLD || next.stock > LOW_STOCK_THRESHOLD) return undefined;
  const id = `${next.sku}:low-stock:${(next.orderedUnits as number | undefined) ?? 0}:${next.stock}`;
  return {
    name: 'VariantLowOnStock', id, correlationId: id, time: at,
    data: VariantLowOnStockData.parse({ sku: next.sku, productId: next.productId, productName: next.productName, stock: next.stock, threshold: LOW_STOCK_THRESHOLD }),
  };
}

/**
 * A closed flash-sale window's unsold-units notice, written once per window by the reconciler
 * (`attribute_not_exists`) after its shards gave their units back: one event per window, with its
 * totals. The id is the window's, so a replayed record is the same event.
 */
export function unsoldWindowEvent(next: Item, previous: Item | undefined): DomainEvent | undefined {
  if (previous) return undefined;
  const id = `${next.windowId as string}:unsold`;
  return {
    name: 'FlashSaleWindowUnsold', id, correlationId: id, time: next.notedAt as string,
    data: FlashSaleWindowUnsoldData.parse(next),
  };
}

/**
 * A collection run that just finished (RUNNING -> SUCCEEDED, PARTIAL or FAILED: once, by the
 * transaction that counted its last page or by the tick that closed it) in a state that needs an
 * admin (./collection/attention.ts): the admins' e-mail.
 */
export function collectionRunEvent(next: RunRecord, previous: RunRecord | undefined, at: string): DomainEvent | undefined {
  if (previous?.status !== 'RUNNING' || next.status === 'RUNNING') return undefined;
  const reason = attentionReason(next);
  if (!reason) return undefined;
  const id = `collection-run:${next.runId}:attention`;
  return {
    name: 'CollectionRunNeedsAttention', id, correlationId: next.runId, time: next.finishedAt ?? at,
    data: CollectionRunNeedsAttentionData.parse({
      sourceId: next.sourceId, runId: next.runId, status: next.status, reason,
      pagesPlanned: next.pagesPlanned, pagesFetched: next.pagesFetched, failed: next.failed, productsFound: next.productsFound,
      errorRate: errorRateOf(next), finishedAt: next.finishedAt ?? at, errors: next.errors.slice(0, 5),
    }),
  };
}

/**
 * An integrator endpoint that went ACTIVE -> DISABLED (the sender disables it after 24 hours of
 * failures, once: a conditional write): the admins' e-mail. The id carries `disabledAt`, so a
 * replayed record is the same fact and a later disabling (after an admin enabled it again) a new one.
 * The item holds the endpoint's signing secret; the event carries only what an admin reads.
 */
export function webhookEndpointDisabledEvent(next: Item, previous: Item | undefined, at: string): DomainEvent | undefined {
  if (previous?.status !== 'ACTIVE' || next.status !== 'DISABLED') return undefined;
  const disabledAt = typeof next.disabledAt === 'string' ? next.disabledAt : at;
  const id = `${next.id as string}:disabled:${disabledAt}`;
  return {
    name: 'WebhookEndpointDisabled', id, correlationId: next.id as string, time: disabledAt,
    data: WebhookEndpointDisabledData.parse({
      endpointId: next.id, url: next.url, description: next.description ?? null, failingSince: next.failingSince ?? null, disabledAt,
    }),
  };
}

/** `at`: when the change happened (the stream record's time), for the changes whose item carries none. */
export function outboxEvent(next: Item | undefined, previous: Item | undefined, at = new Date().toISOString()): DomainEvent | undefined {
  if (next?.entity === 'Order') return orderEvent(next as unknown as OrderRecord, previous as unknown as OrderRecord | undefined);
  if (next?.entity === 'Payment') return paymentEvent(next as unknown as PaymentRecord, previous as unknown as PaymentRecord | undefined);
  if (next?.entity === 'ShipmentEvent') return shipmentEvent(next as unknown as ShipmentEventRecord, previous as unknown as ShipmentEventRecord | undefined);
  if (next?.entity === 'TokenMarker') return passwordChangedEvent(next as unknown as TokenMarker, previous as unknown as TokenMarker | undefined);
  if (next?.entity === 'Variant') return lowStockEvent(next, previous, at);
  if (next?.entity === 'FlashWindowUnsold') return unsoldWindowEvent(next, previous);
  if (next?.entity === 'CollectionRun') return collectionRunEvent(next as unknown as RunRecord, previous as unknown as RunRecord | undefined, at);
  if (next?.entity === 'WebhookEndpoint') return webhookEndpointDisabledEvent(next, previous, at);
  return undefined;
}
