import { http } from '#compose/http.js';
import { webhooks } from '#compose/webhooks.js';
import { retryDelivery } from '#domain/webhooks/webhooks.js';
import { clock } from '#shared/clock.js';
import { webhookRoutes } from '../../routes/webhooks.js';

export const handler = http(webhookRoutes, 'POST /admin/webhooks/{id}/deliveries/{deliveryId}/retry', async ({ params }) => {
  await retryDelivery(webhooks, params.id, params.deliveryId, clock.now());
  return {};
});
