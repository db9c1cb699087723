import { trackingDeps } from '#compose/tracking.js';
import { handleTrackingWebhook } from '#domain/logistics/use-cases.js';
import { NotFoundError } from '#shared/errors.js';
import { publicHttp } from '#http/public.js';
import { logger } from '#shared/powertools.js';
import { logisticsRoutes } from '../../routes/logistics.js';

/**
 * Carrier tracking webhooks. Only the configured carrier's path exists. The signature covers the raw
 * body (401 otherwise); each event id is recorded once and moves the order forward only.
 */
export const handler = publicHttp(logisticsRoutes, 'POST /webhooks/carriers/{carrier}', async ({ params, headers, event, correlationId }) => {
  const deps = await trackingDeps();
  if (params.carrier !== deps.carrier.name) throw new NotFoundError('Webhook endpoint');
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const result = await handleTrackingWebhook(deps, { headers, rawBody }, correlationId);
  logger.info('Carrier webhook handled', { outcome: result.outcome, eventId: result.notice?.eventId, code: result.notice?.code });
  return { body: { received: true as const, outcome: result.outcome } };
});
