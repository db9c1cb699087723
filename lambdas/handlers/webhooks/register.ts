import { http } from '#compose/http.js';
import { webhooks } from '#compose/webhooks.js';
import { registerEndpoint } from '#domain/webhooks/webhooks.js';
import { clock } from '#shared/clock.js';
import { webhookRoutes } from '../../routes/webhooks.js';

export const handler = http(webhookRoutes, 'POST /admin/webhooks', async ({ body }) => ({
  body: await registerEndpoint(webhooks, body, clock.now()),
}));
