import { catalogRepository as catalog } from '#adapters/dynamodb/catalog.js';
import { publishSnapshot } from '#adapters/storage/catalog-snapshot.js';
import { buildSnapshot } from '#domain/catalog/snapshot.js';
import { logger, metrics } from '#shared/powertools.js';

/**
 * Rebuilds the search snapshot from the table. Triggered by catalog changes on the table's stream
 * (batched) and by a schedule as a safety net. Idempotent: the pointer only moves forward.
 * The version is wall-clock time, not the business clock, so it always increases.
 */
export const handler = async (): Promise<void> => {
  const started = Date.now();
  const snapshot = buildSnapshot(await catalog.readWholeCatalog(), new Date());
  const outcome = await publishSnapshot(snapshot);
  const tookMs = Date.now() - started;
  logger.info('Catalog snapshot rebuilt', { outcome, products: snapshot.products.length, version: snapshot.version, tookMs });
  metrics.addMetric('CatalogSnapshotBuildMs', 'Milliseconds', tookMs);
  metrics.publishStoredMetrics();
};
