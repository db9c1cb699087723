import { paymentDeps } from '#compose/payments.js';
import { reconcile } from '#domain/payments/use-cases.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';

/** Every two minutes: payments pending for more than two minutes are re-checked with the provider. */
export const handler = job('payment-reconciliation', async ({ correlationId }): Promise<{ checked: number; changed: number }> => {
  const result = await reconcile(await paymentDeps(), { olderThanMs: 2 * 60_000, correlationId });
  if (result.changed) logger.info('Payments reconciled', { checked: result.checked, changed: result.changed });
  if (result.failed.length) logger.error('Payments the provider could not re-check (retried next run)', { failed: result.failed });
  metrics.addMetric('PaymentsReconciled', 'Count', result.changed);
  metrics.addMetric('PaymentsReconcileFailed', 'Count', result.failed.length);
  // Failing the run (after every payment had its turn) raises the function's error alarm.
  if (result.failed.length) throw new Error(`${result.failed.length} payment(s) could not be re-checked with the provider`);
  return { checked: result.checked, changed: result.changed };
});
