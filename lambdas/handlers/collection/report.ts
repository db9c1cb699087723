import type { RunRecord } from '#domain/collection/ports.js';
import { needsAttention } from '#domain/collection/attention.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';

/**
 * A finished run's figures: one log line with its counts, and metrics (published by the caller).
 * `CollectionRunsNeedingAttention` (a run that failed, found no product or failed one page in five)
 * raises the CollectionRunNeedsAttention alarm, whose topic emails the stage's alarm address
 * (lib/monitoring.ts); the admins get their own e-mail through the outbox and the notifier.
 */
export function reportFinishedRun(run: RunRecord): void {
  const attention = needsAttention(run);
  const { errors: _errors, ...counts } = run;
  if (attention) logger.warn('Collection run needs attention', { run: counts });
  else logger.info('Collection run finished', { run: counts });
  metrics.addMetric('CollectionRunsFinished', 'Count', 1);
  metrics.addMetric('CollectionRunsNeedingAttention', 'Count', attention ? 1 : 0);
  metrics.addMetric('CollectionPagesFetched', 'Count', run.pagesFetched);
  metrics.addMetric('CollectionPagesFailed', 'Count', run.failed);
  metrics.addMetric('CollectionProductsFound', 'Count', run.productsFound);
}
