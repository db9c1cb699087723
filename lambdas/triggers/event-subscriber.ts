/**
 * A subscriber to domain events on the bus (the wiring table's `subscriptions`):
 * `export const handler = eventSubscriber<'OrderPaid'>(async ({ name, metadata, data }) => ...)`.
 * The event's detail is parsed with the envelope schema of its detail-type (lambdas/domain/events.ts),
 * so a malformed event fails loudly; the logs carry the event's correlation id (the request that
 * caused it). A failure is logged once and rethrown: EventBridge retries, then the subscription's DLQ.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { DOMAIN_EVENTS, type DomainEventData, type DomainEventName, type EventMetadata, parseDomainEvent } from '#domain/events.js';
import { logger } from '#shared/powertools.js';
import type * as z from '#shared/zod.js';
import { invocation, type TriggerHandler } from './invocation.js';

export interface ReceivedEvent<N extends DomainEventName> {
  readonly name: N;
  readonly metadata: z.infer<typeof EventMetadata>;
  readonly data: DomainEventData<N>;
}

export function eventSubscriber<N extends DomainEventName, R = void>(
  fn: (event: ReceivedEvent<N>) => Promise<R>,
): TriggerHandler<EventBridgeEvent<N, unknown>, R> {
  const correlationIdOf = (event: EventBridgeEvent<N, unknown>) => {
    const correlationId = (event.detail as { metadata?: { correlationId?: unknown } } | undefined)?.metadata?.correlationId;
    return typeof correlationId === 'string' && correlationId ? correlationId : event.id;
  };
  return invocation('event subscriber', correlationIdOf, async (event) => {
    const name = event['detail-type'];
    if (!Object.hasOwn(DOMAIN_EVENTS, name)) throw new Error(`${name} is not a domain event`);
    logger.appendKeys({ eventName: name });
    return fn({ name, ...parseDomainEvent(name, event.detail) });
  });
}
