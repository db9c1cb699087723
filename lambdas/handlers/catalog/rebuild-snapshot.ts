import type { DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { catalog, publishSnapshot } from '#compose/catalog.js';
import { buildSnapshot, changesSnapshot } from '#domain/catalog/snapshot.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import { job } from '#triggers/job.js';
import { streamImages } from '#triggers/stream-images.js';

/**
 * Rebuilds the search snapshot from the table. Triggered by catalog changes on the table's stream
 * (batched) and every 15 minutes by a schedule, which also catches a lost batch: a job either way,
 * since a stream batch is one rebuild (or none), not a change per record. Idempotent: the
 * pointer only moves forward. The version is wall-clock time, not the business clock, so it always
 * increases. A stream batch of stock counts only (orders, stock adjustments, with no variant selling
 * out or coming back) reads and writes nothing: the counts reach the snapshot with the next rebuild.
 */
export const handler = job('catalog-snapshot', async (_run, event: DynamoDBStreamEvent | ScheduledEvent): Promise<void> => {
  if ('Records' in event && !event.Records.some((r) => {
    const { previous, next } = streamImages(r);
    return changesSnapshot(previous, next);
  })) {
    logger.debug('Catalog snapshot kept: the batch changed stock counts only', { records: event.Records.length });
    return;
  }
  const started = Date.now();
  const snapshot = buildSnapshot(await catalog.readWholeCatalog(), new Date());
  const outcome = await publishSnapshot(snapshot);
  const tookMs = Date.now() - started;
  logger.info('Catalog snapshot rebuilt', { outcome, products: snapshot.products.length, version: snapshot.version, tookMs });
  metrics.addMetric('CatalogSnapshotBuildMs', 'Milliseconds', tookMs);
});
