import { http } from '#compose/http.js';
import { webhooks } from '#compose/webhooks.js';
import { deleteEndpoint } from '#domain/webhooks/webhooks.js';
import { webhookRoutes } from '../../routes/webhooks.js';

export const handler = http(webhookRoutes, 'DELETE /admin/webhooks/{id}', async ({ params }) => {
  await deleteEndpoint(webhooks, params.id);
  return {};
});
