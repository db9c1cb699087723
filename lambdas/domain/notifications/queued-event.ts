/**
 * What the notifications queue carries: the domain event as EventBridge delivers it to an SQS target
 * (the whole event, `detail` being the envelope). Parsed whole, with the schema of its detail-type, by
 * the queue() wrapper, so a malformed message is told apart before the notifier runs.
 */
import { DOMAIN_EVENTS, type DomainEventData, EventMetadata } from '#domain/events.js';
import * as z from '#shared/zod.js';
import { NOTIFIED_EVENTS, type NotifiedEvent } from './notified-events.js';

export type QueuedEvent = {
  [N in NotifiedEvent]: { readonly 'detail-type': N; readonly id: string; readonly detail: { metadata: z.infer<typeof EventMetadata>; data: DomainEventData<N> } };
}[NotifiedEvent];

const variants = NOTIFIED_EVENTS.map((name) => z.object({
  'detail-type': z.literal(name),
  id: z.string(),
  detail: z.object({ metadata: EventMetadata, data: DOMAIN_EVENTS[name].data }),
}));

export const QueuedEvent = z.discriminatedUnion('detail-type', variants as unknown as [typeof variants[number], ...typeof variants]) as unknown as z.ZodMiniType<QueuedEvent>;
