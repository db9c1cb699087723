/** Integrator webhooks, delivery side: the records and the signing, SSRF-checked sender. */
import { webhookStore } from '#adapters/dynamodb/webhooks.js';
import { createSender } from '#adapters/webhooks/sender.js';
import type { DeliveryDeps } from '#domain/webhooks/webhooks.js';
import { optionalEnv } from '#shared/config.js';

const allowLoopback = optionalEnv('WEBHOOKS_ALLOW_LOOPBACK') === 'true';

/** Base of the exponential backoff (30 s in AWS; the local stack and tests shorten it). */
const backoffBaseMs = Number(optionalEnv('WEBHOOK_BACKOFF_BASE_MS') ?? 30_000);

/** Retries and an admin's retry: a receiver gets the full timeout. */
export const delivery: DeliveryDeps = {
  store: webhookStore,
  sender: createSender({ allowLoopback, timeoutMs: Number(optionalEnv('WEBHOOK_TIMEOUT_MS') ?? 5_000) }),
  backoffBaseMs,
};

/**
 * The fan-out's first attempt: a short timeout, because every endpoint of an event is tried together
 * and the queue message waits for the slowest; a receiver that hangs would hold every healthy
 * endpoint's delivery of the batch for the full timeout (docs/benchmarks.md "Webhook fan-out"). A slow
 * receiver gets its full timeout on the retries (at least once: receivers deduplicate by webhook-id).
 */
export const firstAttempt: DeliveryDeps = {
  ...delivery,
  sender: createSender({ allowLoopback, timeoutMs: Number(optionalEnv('WEBHOOK_FIRST_ATTEMPT_TIMEOUT_MS') ?? 1_000) }),
};
