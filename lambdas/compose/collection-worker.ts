/**
 * The fetch-and-extract worker: the store, the queue (pages put back), the guarded fetcher and the
 * catalog lookup. Politeness settings come from the environment with the production defaults.
 */
import { catalogLookup, collectionStore } from '#adapters/dynamodb/collection.js';
import { createGuardedFetcher } from '#adapters/net/guarded-fetch.js';
import { collectionQueue } from '#adapters/queues/collection-queue.js';
import type { WorkerDeps } from '#domain/collection/worker.js';
import { clock } from '#shared/clock.js';
import { optionalEnv } from '#shared/config.js';

const timeoutMs = Number(optionalEnv('COLLECTION_TIMEOUT_MS') ?? 15_000);

/** Who we are, and where a site owner can read about the crawler and ask us to stop. */
export const USER_AGENT = `BigEcommerceCollector/1.0 (+${optionalEnv('COLLECTION_CONTACT_URL') ?? 'https://www.bigecommerce.com.br/coleta'})`;

export const worker: WorkerDeps = {
  store: collectionStore,
  queue: collectionQueue,
  catalog: catalogLookup,
  fetcher: createGuardedFetcher({
    userAgent: USER_AGENT,
    // Loopback only where COLLECTION_ALLOW_LOOPBACK=true: the local stack and its fixture sites, never in AWS.
    allowLoopback: optionalEnv('COLLECTION_ALLOW_LOOPBACK') === 'true',
    timeoutMs,
    maxBytes: Number(optionalEnv('COLLECTION_MAX_BYTES') ?? 3 * 1024 * 1024),
    maxRedirects: 5,
    defaultRetryAfterMs: 60_000,
    maxRetryAfterMs: 3600_000,
  }),
  intervalMs: Number(optionalEnv('COLLECTION_HOST_INTERVAL_MS') ?? 2_000),
  // robots.txt and the page, each within the timeout, plus a margin.
  holdMs: 2 * timeoutMs + 5_000,
  now: clock.now,
};
