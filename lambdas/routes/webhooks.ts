/** Integrator webhook routes of the wiring table (lambdas/routes.ts gathers them into `routes`). */
import * as s from '#domain/webhooks/schemas.js';
import type { HttpRoute } from './types.js';

export const webhookRoutes = {
  'POST /admin/webhooks': {
    handler: 'webhooks/register', access: 'admin', grants: ['table:write'], tag: 'Webhooks',
    summary: 'Register an endpoint for integrator events; the signing secret is in this answer only. The url must be https and resolve to public addresses only (400)',
    body: s.RegisterWebhookBody, success: { status: 201, body: s.RegisteredWebhook },
  },
  'GET /admin/webhooks': {
    handler: 'webhooks/list', access: 'admin', grants: ['table:read'], tag: 'Webhooks',
    summary: 'The registered endpoints (without their secrets)', success: { status: 200, body: s.WebhookEndpointList },
  },
  'DELETE /admin/webhooks/{id}': {
    handler: 'webhooks/delete', access: 'admin', grants: ['table:write'], tag: 'Webhooks',
    summary: 'Remove an endpoint; its pending deliveries fail without being sent', params: s.WebhookIdParam, success: { status: 204 }, errors: [404],
  },
  'POST /admin/webhooks/{id}/enable': {
    handler: 'webhooks/enable', access: 'admin', grants: ['table:write'], tag: 'Webhooks',
    summary: 'Send to a disabled endpoint again (its target checked as at registration: 400 if it now resolves to a private address); deliveries that failed meanwhile stay FAILED and can each be sent again',
    params: s.WebhookIdParam, success: { status: 200, body: s.WebhookEndpointView }, errors: [404],
  },
  'GET /admin/webhooks/{id}/deliveries': {
    handler: 'webhooks/list-deliveries', access: 'admin', grants: ['table:read'], tag: 'Webhooks',
    summary: 'An endpoint\'s deliveries, newest first', params: s.WebhookIdParam, query: s.DeliveryListQuery,
    success: { status: 200, body: s.DeliveryList }, errors: [404],
  },
  'POST /admin/webhooks/{id}/deliveries/{deliveryId}/retry': {
    handler: 'webhooks/retry-delivery', access: 'admin', grants: ['table:write'], tag: 'Webhooks',
    summary: 'Send a delivery again: it becomes due now and the retry sweep (every minute) sends it', params: s.DeliveryParams,
    success: { status: 202 }, errors: [404],
  },
} as const satisfies Record<string, HttpRoute>;
