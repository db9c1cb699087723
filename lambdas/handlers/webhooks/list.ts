import { http } from '#compose/http.js';
import { webhooks } from '#compose/webhooks.js';
import { listEndpoints } from '#domain/webhooks/webhooks.js';
import { webhookRoutes } from '../../routes/webhooks.js';

export const handler = http(webhookRoutes, 'GET /admin/webhooks', async () => ({ body: await listEndpoints(webhooks) }));
