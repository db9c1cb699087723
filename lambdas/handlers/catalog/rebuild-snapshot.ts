import type { ScheduledEvent } from 'aws-lambda';
import { catalog, snapshotStore } from '#compose/catalog.js';
import { changedProducts, refreshSnapshot } from '#domain/catalog/snapshot.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';
import { streamImages } from '#triggers/stream-images.js';
import { tableChanges, type TableChangeEvent } from '#triggers/table-changes.js';

/**
 * Brings the search snapshot up to date. Triggered by catalog changes on the table's stream
 * (batched): the changed products are read and patched into the newest snapshot (a category change
 * rebuilds it); every 15 minutes by a schedule, which rebuilds it from the whole catalog and so also
 * catches a lost batch and brings stock counts and best-seller ranks up to date. A job either way,
 * since a stream batch is one refresh (or none), not a change per record. A batch of stock counts
 * only (orders, stock adjustments, with no variant selling out or coming back) reads and writes nothing.
 */
export const handler = job('catalog-snapshot', async (_run, event: TableChangeEvent | ScheduledEvent): Promise<void> => {
  const changed = 'Records' in event
    ? changedProducts(tableChanges(event).map((r) => {
      const { previous, next } = streamImages(r);
      return { before: previous, after: next };
    }))
    : 'all';
  if (changed !== 'all' && changed.size === 0) {
    logger.debug('Catalog snapshot kept: the batch changed stock counts only', { records: 'Records' in event ? event.Records.length : 0 });
    return;
  }
  const started = Date.now();
  const { mode, outcome, snapshot } = await refreshSnapshot({ catalog, snapshots: snapshotStore, now: () => new Date() }, changed);
  const tookMs = Date.now() - started;
  logger.info('Catalog snapshot refreshed', { mode, outcome, products: snapshot.products.length, changed: changed === 'all' ? 'all' : changed.size, version: snapshot.version, tookMs });
  metrics.addMetric('CatalogSnapshotBuildMs', 'Milliseconds', tookMs);
});
