import { http } from '#compose/http.js';
import { webhooks } from '#compose/webhooks.js';
import { enableEndpoint } from '#domain/webhooks/webhooks.js';
import { webhookRoutes } from '../../routes/webhooks.js';

export const handler = http(webhookRoutes, 'POST /admin/webhooks/{id}/enable', async ({ params }) => ({ body: await enableEndpoint(webhooks, params.id) }));
