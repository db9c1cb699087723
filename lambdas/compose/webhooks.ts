/** Integrator webhooks, admin side: the endpoint and delivery records, and the registration's DNS check. */
import { webhookStore } from '#adapters/dynamodb/webhooks.js';
import { resolveAll } from '#adapters/webhooks/sender.js';
import type { WebhookDeps } from '#domain/webhooks/webhooks.js';
import { optionalEnv } from '#shared/config.js';

/** Loopback (and plain http to it) is allowed only where WEBHOOKS_ALLOW_LOOPBACK=true: the local stack and tests, never in AWS. */
export const allowLoopback = optionalEnv('WEBHOOKS_ALLOW_LOOPBACK') === 'true';

export const webhooks: WebhookDeps = { store: webhookStore, resolve: resolveAll, allowLoopback };
