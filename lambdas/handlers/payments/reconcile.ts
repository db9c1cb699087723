import { randomUUID } from 'node:crypto';
import { paymentDeps } from '#adapters/payments-deps.js';
import { reconcile } from '#domain/payments/use-cases.js';
import { logger, metrics } from '#shared/powertools.js';

/** Every two minutes: payments pending for more than two minutes are re-checked with the provider. */
export const handler = async (event: { id?: string }): Promise<{ checked: number; changed: number }> => {
  const result = await reconcile(await paymentDeps(), { olderThanMs: 2 * 60_000, correlationId: event.id ?? randomUUID() });
  if (result.changed) logger.info('Payments reconciled', result);
  metrics.addMetric('PaymentsReconciled', 'Count', result.changed);
  metrics.publishStoredMetrics();
  return result;
};
