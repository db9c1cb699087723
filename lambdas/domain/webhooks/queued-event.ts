/**
 * What the webhooks queue carries: a domain event as EventBridge delivers it to an SQS target (the
 * whole event, `detail` being the envelope), parsed with the schema of its detail-type.
 */
import { DOMAIN_EVENTS, EventMetadata } from '#domain/events.js';
import * as z from '#shared/zod.js';
import { WEBHOOK_DOMAIN_EVENTS } from './events.js';

export interface WebhookQueuedEvent {
  readonly 'detail-type': string;
  readonly detail: { metadata: z.infer<typeof EventMetadata>; data: unknown };
}

const variants = WEBHOOK_DOMAIN_EVENTS.map((name) => z.object({
  'detail-type': z.literal(name),
  detail: z.object({ metadata: EventMetadata, data: DOMAIN_EVENTS[name].data }),
}));

export const WebhookQueuedEvent = z.discriminatedUnion('detail-type', variants as unknown as [typeof variants[number], ...typeof variants]) as unknown as z.ZodMiniType<WebhookQueuedEvent>;
