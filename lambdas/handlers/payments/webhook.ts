import { paymentDeps } from '#compose/payments.js';
import { handleWebhook } from '#domain/payments/use-cases.js';
import { NotFoundError } from '#shared/errors.js';
import { publicHttp } from '#http/public.js';
import { logger } from '#shared/powertools.js';
import { paymentRoutes } from '../../routes/payments.js';

/**
 * Provider notifications. Only the configured provider's path exists. Signature and freshness
 * are checked (401 otherwise), the delivery is deduplicated, and the payment is re-fetched from
 * the provider before anything changes; the work is idempotent and quick, so it is done before
 * acknowledging (a failure makes the provider retry).
 */
export const handler = publicHttp(paymentRoutes, 'POST /webhooks/payments/{provider}', async ({ params, headers, body, event, correlationId }) => {
  const deps = await paymentDeps();
  if (params.provider !== deps.provider.name) throw new NotFoundError('Webhook endpoint');
  const result = await handleWebhook(deps, { headers, query: event.queryStringParameters ?? {}, body }, correlationId);
  logger.info('Payment webhook handled', { ...result });
  return { body: { received: true, outcome: result.outcome } };
});
