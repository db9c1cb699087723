import { http } from '#compose/http.js';
import { webhooks } from '#compose/webhooks.js';
import { listDeliveries } from '#domain/webhooks/webhooks.js';
import { webhookRoutes } from '../../routes/webhooks.js';

export const handler = http(webhookRoutes, 'GET /admin/webhooks/{id}/deliveries', async ({ params, query }) => ({
  body: await listDeliveries(webhooks, params.id, query),
}));
