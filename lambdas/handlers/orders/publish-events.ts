import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { publishEvents } from '#compose/events.js';
import { type DomainEvent, type DomainEventName, OrderEventData, PaymentEventData } from '#domain/events.js';
import type { OrderRecord } from '#domain/orders/ports.js';
import type { PaymentRecord } from '#domain/payments/records.js';
import { logger } from '#shared/powertools.js';
import { streamImages } from '#triggers/stream-images.js';

const ORDER_EVENT: Record<OrderRecord['status'], DomainEventName> = {
  PENDING_PAYMENT: 'OrderCreated',
  PAID: 'OrderPaid',
  SHIPPED: 'OrderShipped',
  DELIVERED: 'OrderDelivered',
  CANCELLED: 'OrderCancelled',
  EXPIRED: 'OrderExpired',
};

const PAYMENT_EVENT: Partial<Record<PaymentRecord['status'], DomainEventName>> = {
  DECLINED: 'PaymentFailed',
  REFUNDED: 'PaymentRefunded',
};

type Image<T> = T & { entity?: string };

function orderEvent(next: Image<OrderRecord>, previous: OrderRecord | undefined): DomainEvent | undefined {
  if (previous?.status === next.status) return undefined;
  const last = next.timeline?.[next.timeline.length - 1];
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
    }),
  };
}

function paymentEvent(next: Image<PaymentRecord>, previous: PaymentRecord | undefined): DomainEvent | undefined {
  const name = PAYMENT_EVENT[next.status];
  if (!name || previous?.status === next.status) return undefined;
  return {
    name,
    id: `${next.paymentId}:${next.status}`,
    correlationId: next.paymentId,
    time: next.updatedAt,
    data: PaymentEventData.parse({
      paymentId: next.paymentId, orderId: next.orderId, customerId: next.customerId, provider: next.provider, method: next.method,
      status: next.status, amountCents: next.amountCents, declineReason: next.declineReason ?? null, note: next.note ?? null,
    }),
  };
}

function toEvent(record: DynamoDBRecord): DomainEvent | undefined {
  const { next, previous } = streamImages(record);
  if (next?.entity === 'Order') return orderEvent(next as unknown as Image<OrderRecord>, previous as unknown as OrderRecord | undefined);
  if (next?.entity === 'Payment') return paymentEvent(next as unknown as Image<PaymentRecord>, previous as unknown as PaymentRecord | undefined);
  return undefined;
}

/**
 * The transactional outbox: order and payment state lives in the table, and this stream consumer
 * turns every status change into its domain event. A change is never lost (the stream keeps it
 * until it is published) and may be published twice (a retried batch), so event ids are
 * deterministic (`<id>:<status>`) for consumers to deduplicate.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const domainEvent = toEvent(record);
    if (!domainEvent) continue;
    try {
      await publishEvents([domainEvent]);
    } catch (error) {
      logger.error('Could not publish a domain event; the batch is retried from this record', { error: error as Error, eventId: domainEvent.id });
      // Report this record: Lambda retries from here, so order is kept and nothing is skipped.
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
