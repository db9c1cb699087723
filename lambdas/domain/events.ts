import * as z from '#shared/zod.js';

/**
 * Domain events on the bus: EventBridge `detail-type` = the event name, `source` = `store.<context>`,
 * `detail` = this envelope. One schema per event, shared by producers and consumers (consumers parse
 * with it, so a malformed event fails loudly instead of half-working). Consumers must be idempotent:
 * `metadata.id` is deterministic per fact (e.g. `<orderId>:PAID`), so duplicates can be recognised.
 */
export const EventMetadata = z.object({
  id: z.string(),
  version: z.literal(1),
  time: z.string(),
  correlationId: z.string(),
});

const OrderLine = z.object({ sku: z.string(), productId: z.string(), name: z.string(), quantity: z.number().check(z.int()), unitPriceCents: z.number().check(z.int()) });

export const OrderEventData = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: z.enum(['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED']),
  previousStatus: z.nullable(z.string()),
  totalCents: z.number().check(z.int()),
  items: z.array(OrderLine),
  paymentDeadline: z.string(),
  carrier: z.nullable(z.string()),
  trackingCode: z.nullable(z.string()),
  flashSaleId: z.nullable(z.string()),
  /** The approximate taxes frozen on the order (Lei 12.741/2012); null or absent when not computed (flash-sale claims, earlier events). */
  taxes: z.optional(z.nullable(z.object({ federalCents: z.number().check(z.int()), stateCents: z.number().check(z.int()), totalCents: z.number().check(z.int()) }))),
  /** The promised delivery day at placement (YYYY-MM-DD); absent when the order has none. */
  estimatedDeliveryDate: z.optional(z.string()),
});

export const PaymentEventData = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  provider: z.string(),
  method: z.enum(['pix', 'card']),
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'REFUNDED', 'REFUND_PENDING', 'CANCELLED']),
  amountCents: z.number().check(z.int()),
  declineReason: z.nullable(z.string()),
  note: z.nullable(z.string()),
  /** The Pix charge (copia-e-cola code and its deadline) of a Pix payment; absent on events published before it was added. */
  pix: z.optional(z.nullable(z.object({ copyPaste: z.string(), expiresAt: z.string() }))),
});

/** A shipment of an order moved on (published by the carrier webhooks of logistics v2). */
export const ShipmentEventData = z.object({
  orderId: z.string(),
  customerId: z.string(),
  carrier: z.nullable(z.string()),
  trackingCode: z.nullable(z.string()),
});

/** A customer's password was changed or reset (the security notice). */
export const PasswordChangedData = z.object({
  userId: z.string(),
  changedAt: z.string(),
  via: z.enum(['change', 'reset']),
});

/** A variant's stock fell to the low-stock threshold or under it (from above it). */
export const VariantLowOnStockData = z.object({
  sku: z.string(),
  productId: z.string(),
  productName: z.string(),
  stock: z.number().check(z.int()),
  threshold: z.number().check(z.int()),
});

/**
 * A flash-sale window closed with units unsold, which went back to the variant's stock: one event per
 * window, with the window's totals over its counter shards when the reconciler gave them back.
 */
export const FlashSaleWindowUnsoldData = z.object({
  saleId: z.string(),
  windowId: z.string(),
  sku: z.string(),
  productName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Units the window held (taken from the variant's stock when it opened). */
  windowUnits: z.number().check(z.int()),
  unsoldUnits: z.number().check(z.int()),
  /** Claims that kept their unit (paid, or still awaiting payment when the window closed). */
  claimedUnits: z.number().check(z.int()),
});

/** A collection run finished in a state an admin must look at (domain/collection/attention.ts): the admins' e-mail. */
export const CollectionRunNeedsAttentionData = z.object({
  sourceId: z.string(),
  runId: z.string(),
  status: z.string(),
  reason: z.enum(['failed', 'no-products', 'error-rate']),
  pagesPlanned: z.number().check(z.int()),
  pagesFetched: z.number().check(z.int()),
  failed: z.number().check(z.int()),
  productsFound: z.number().check(z.int()),
  errorRate: z.number(),
  finishedAt: z.string(),
  /** The run's first errors (at most 5). */
  errors: z.array(z.object({ url: z.string(), reason: z.string() })),
});

/** An integrator webhook endpoint was disabled after failing for 24 hours (docs/webhooks.md): the admins' e-mail. No secret. */
export const WebhookEndpointDisabledData = z.object({
  endpointId: z.string(),
  url: z.string(),
  description: z.nullable(z.string()),
  failingSince: z.nullable(z.string()),
  disabledAt: z.string(),
});

export const DOMAIN_EVENTS = {
  OrderCreated: { source: 'store.orders', data: OrderEventData },
  OrderPaid: { source: 'store.orders', data: OrderEventData },
  OrderShipped: { source: 'store.orders', data: OrderEventData },
  OrderDelivered: { source: 'store.orders', data: OrderEventData },
  OrderCancelled: { source: 'store.orders', data: OrderEventData },
  OrderExpired: { source: 'store.orders', data: OrderEventData },
  PaymentFailed: { source: 'store.payments', data: PaymentEventData },
  PaymentRefunded: { source: 'store.payments', data: PaymentEventData },
  PaymentCreated: { source: 'store.payments', data: PaymentEventData },
  PixPaymentExpiring: { source: 'store.payments', data: PaymentEventData },
  OrderOutForDelivery: { source: 'store.logistics', data: ShipmentEventData },
  PasswordChanged: { source: 'store.identity', data: PasswordChangedData },
  VariantLowOnStock: { source: 'store.catalog', data: VariantLowOnStockData },
  FlashSaleWindowUnsold: { source: 'store.flash-sale', data: FlashSaleWindowUnsoldData },
  CollectionRunNeedsAttention: { source: 'store.collection', data: CollectionRunNeedsAttentionData },
  WebhookEndpointDisabled: { source: 'store.webhooks', data: WebhookEndpointDisabledData },
} as const;

export type DomainEventName = keyof typeof DOMAIN_EVENTS;
export type DomainEventData<N extends DomainEventName> = z.infer<(typeof DOMAIN_EVENTS)[N]['data']>;

export interface DomainEvent<N extends DomainEventName = DomainEventName> {
  name: N;
  id: string;
  correlationId: string;
  time: string;
  data: DomainEventData<N>;
}

export function envelope(event: DomainEvent): { metadata: z.infer<typeof EventMetadata>; data: unknown } {
  return { metadata: { id: event.id, version: 1, time: event.time, correlationId: event.correlationId }, data: event.data };
}

/** Parses an EventBridge event's detail with the schema of its detail-type. */
export function parseDomainEvent<N extends DomainEventName>(name: N, detail: unknown): { metadata: z.infer<typeof EventMetadata>; data: DomainEventData<N> } {
  return z.object({ metadata: EventMetadata, data: DOMAIN_EVENTS[name].data }).parse(detail) as {
    metadata: z.infer<typeof EventMetadata>;
    data: DomainEventData<N>;
  };
}
