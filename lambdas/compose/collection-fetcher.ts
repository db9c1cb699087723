/**
 * The collection service's polite fetcher and its settings, shared by the page worker
 * (./collection-worker.ts) and the image pipeline's collected images (./images.ts). Politeness
 * settings come from the environment with the production defaults.
 */
import { collectionStore } from '#adapters/dynamodb/collection.js';
import { createGuardedFetcher } from '#adapters/net/guarded-fetch.js';
import type { ImageFetchDeps } from '#domain/collection/worker.js';
import { clock } from '#shared/clock.js';
import { optionalEnv } from '#shared/config.js';

const timeoutMs = Number(optionalEnv('COLLECTION_TIMEOUT_MS') ?? 15_000);

/** Who we are, and where a site owner can read about the crawler and ask us to stop. */
const USER_AGENT = `BigEcommerceCollector/1.0 (+${optionalEnv('COLLECTION_CONTACT_URL') ?? 'https://www.bigecommerce.com.br/coleta'})`;

/** The host records (pace, robots.txt), the guarded fetcher and the clock. */
export const polite: ImageFetchDeps = {
  store: collectionStore,
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
