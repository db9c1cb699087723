/**
 * The fetch-and-extract worker: the store, the queue (pages put back), the guarded fetcher and the
 * catalog lookup (politeness: ./collection-fetcher.ts).
 */
import { catalogLookup } from '#adapters/dynamodb/collection.js';
import { collectionQueue } from '#adapters/queues/collection-queue.js';
import type { WorkerDeps } from '#domain/collection/worker.js';
import { polite } from './collection-fetcher.js';

export const worker: WorkerDeps = {
  ...polite,
  queue: collectionQueue,
  catalog: catalogLookup,
};
