import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishEvents } from '#adapters/events/eventbridge.js';
import { type DomainEvent, type DomainEventName, OrderEventData } from '#domain/events.js';
import type { OrderRecord } from '#domain/orders/ports.js';
import { logger } from '#shared/powertools.js';

const EVENT_FOR_STATUS: Record<OrderRecord['status'], DomainEventName> = {
  PENDING_PAYMENT: 'OrderCreated',
  PAID: 'OrderPaid',
  SHIPPED: 'OrderShipped',
  DELIVERED: 'OrderDelivered',
  CANCELLED: 'OrderCancelled',
  EXPIRED: 'OrderExpired',
};

/**
 * The transactional outbox: order state lives in the table, and this stream consumer turns
 * every status change of an Order item into its domain event. A change is never lost (the stream
 * keeps it until it is published) and may be published twice (a retried batch), so the event id
 * is deterministic (`<orderId>:<status>`) for consumers to deduplicate.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const newImage = record.dynamodb?.NewImage ? (unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as OrderRecord & { entity?: string }) : undefined;
    const oldImage = record.dynamodb?.OldImage ? (unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>) as OrderRecord) : undefined;
    if (!newImage || newImage.entity !== 'Order' || oldImage?.status === newImage.status) continue;
    const name = EVENT_FOR_STATUS[newImage.status];
    const last = newImage.timeline?.[newImage.timeline.length - 1];
    const domainEvent: DomainEvent = {
      name,
      id: `${newImage.id}:${newImage.status}`,
      correlationId: newImage.correlationId,
      time: last?.at ?? newImage.updatedAt,
      data: OrderEventData.parse({
        orderId: newImage.id,
        customerId: newImage.customerId,
        status: newImage.status,
        previousStatus: oldImage?.status ?? null,
        totalCents: newImage.totalCents,
        items: newImage.items.map(({ sku, productId, name: itemName, quantity, unitPriceCents }) => ({ sku, productId, name: itemName, quantity, unitPriceCents })),
        paymentDeadline: newImage.paymentDeadline,
        carrier: newImage.carrier ?? null,
        trackingCode: newImage.trackingCode ?? null,
        flashSaleId: newImage.flashSaleId ?? null,
      }),
    };
    try {
      await publishEvents([domainEvent]);
    } catch (error) {
      logger.error('Could not publish order event; the batch will be retried from here', { error: error as Error, eventId: domainEvent.id });
      // Report this and every later record, so order is kept and nothing is skipped.
      failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  return { batchItemFailures: failures };
};
