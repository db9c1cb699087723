import * as z from '#shared/zod.js';
import { ListQuery } from '../list-query.js';
import { INTEGRATOR_EVENT_NAMES } from './events.js';

export const IntegratorEventName = z.enum(INTEGRATOR_EVENT_NAMES);

export const RegisterWebhookBody = z.object({
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  events: z.array(IntegratorEventName).check(z.minLength(1), z.maxLength(INTEGRATOR_EVENT_NAMES.length)),
  description: z.optional(z.string().check(z.maxLength(500))),
});
export type RegisterWebhookBody = z.infer<typeof RegisterWebhookBody>;

export const RegisteredWebhook = z.object({
  id: z.string(),
  /** `whsec_<base64>`: shown once, in this answer only. */
  secret: z.string(),
});

export const WebhookEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.nullable(z.string()),
  status: z.enum(['ACTIVE', 'DISABLED']),
  createdAt: z.string(),
  failingSince: z.nullable(z.string()),
  disabledAt: z.nullable(z.string()),
});
export const WebhookEndpointList = z.object({ items: z.array(WebhookEndpointView) });

export const DeliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  type: z.string(),
  status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
  attempts: z.number().check(z.int()),
  lastStatusCode: z.nullable(z.number().check(z.int())),
  lastError: z.nullable(z.string()),
  nextAttemptAt: z.nullable(z.string()),
  createdAt: z.string(),
  deliveredAt: z.nullable(z.string()),
});
export const DeliveryList = z.object({ items: z.array(DeliveryView), nextCursor: z.nullable(z.string()) });

const Id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[0-9A-Za-z_-]+$/, { message: 'not a valid id' }));
export const WebhookIdParam = z.object({ id: Id });
export const DeliveryParams = z.object({ id: Id, deliveryId: Id });
export const DeliveryListQuery = ListQuery;
