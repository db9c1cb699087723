/** Integrator webhooks, delivery side: the records and the signing, SSRF-checked sender. */
import { webhookStore } from '#adapters/dynamodb/webhooks.js';
import { createSender } from '#adapters/webhooks/sender.js';
import type { DeliveryDeps } from '#domain/webhooks/webhooks.js';
import { optionalEnv } from '#shared/config.js';

const allowLoopback = optionalEnv('WEBHOOKS_ALLOW_LOOPBACK') === 'true';

/** Base of the exponential backoff (30 s in AWS; the local stack and tests shorten it). */
const backoffBaseMs = Number(optionalEnv('WEBHOOK_BACKOFF_BASE_MS') ?? 30_000);

export const delivery: DeliveryDeps = {
  store: webhookStore,
  sender: createSender({ allowLoopback, timeoutMs: Number(optionalEnv('WEBHOOK_TIMEOUT_MS') ?? 5_000) }),
  backoffBaseMs,
};
