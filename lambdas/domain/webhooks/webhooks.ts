/**
 * Integrator webhooks: endpoints registered by admins, one delivery per (endpoint, domain event),
 * sent at least once with exponential backoff for 24 h (docs/webhooks.md, docs/decisions.md
 * "Integrator webhooks").
 */
import { createHash, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { NotFoundError, ValidationError } from '#shared/errors.js';
import { classifyAddress, isDeliverableAddress } from './addresses.js';
import { type IntegratorEventName, integratorName } from './events.js';
import type { RegisterWebhookBody } from './schemas.js';

export const RETRY_WINDOW_MS = 24 * 3600_000;
export const MAX_BACKOFF_MS = 3600_000;
/** How long a claimed attempt keeps other workers off a delivery (well above the request timeout). */
export const ATTEMPT_LEASE_MS = 60_000;

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: IntegratorEventName[];
  description: string | null;
  status: 'ACTIVE' | 'DISABLED';
  createdAt: string;
  failingSince: string | null;
  disabledAt: string | null;
}
export type StoredEndpoint = WebhookEndpoint & { secret: string };

export interface Delivery {
  id: string;
  endpointId: string;
  eventId: string;
  type: IntegratorEventName;
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface WebhookStore {
  createEndpoint(endpoint: StoredEndpoint): Promise<void>;
  listEndpoints(): Promise<StoredEndpoint[]>;
  getEndpoint(id: string): Promise<StoredEndpoint | undefined>;
  /** False when there was none. */
  deleteEndpoint(id: string): Promise<boolean>;
  /** False when a delivery with this id exists already (a re-delivered event). */
  createDelivery(delivery: Delivery): Promise<boolean>;
  getDelivery(endpointId: string, id: string): Promise<Delivery | undefined>;
  listDeliveries(endpointId: string, limit: number, cursor?: string): Promise<{ items: Delivery[]; nextCursor: string | null }>;
  /** Pending deliveries whose next attempt is due at `now`, oldest first. */
  dueDeliveries(now: string, limit: number): Promise<{ endpointId: string; id: string }[]>;
  /** Takes the next attempt: only if still PENDING with `attempts` unchanged (one worker per attempt). */
  claimAttempt(delivery: Delivery, leaseUntil: string): Promise<boolean>;
  /** Records the attempt's outcome; `next` null and not delivered: FAILED for good. */
  recordAttempt(delivery: Delivery, outcome: { delivered: boolean; statusCode: number | null; error: string | null; next: string | null; at: string }): Promise<void>;
  /** Makes a delivery PENDING and due at `at` (a manual retry); false when there is none. */
  markDue(endpointId: string, id: string, at: string): Promise<boolean>;
  /** Notes a failure; returns since when the endpoint has been failing without a success. */
  endpointFailing(id: string, at: string): Promise<string | null>;
  endpointRecovered(id: string): Promise<void>;
  /** ACTIVE -> DISABLED; false when it was not active (already disabled or deleted). */
  disableEndpoint(id: string, at: string): Promise<boolean>;
  /** -> ACTIVE with no failing or disabled mark; false when there is none. */
  enableEndpoint(id: string): Promise<boolean>;
}

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

export interface WebhookSender {
  /** Resolves, checks and pins the target address, signs and posts; never throws for the receiver's faults. */
  send(target: { url: string; secret: string }, message: { id: string; timestamp: Date; body: string }): Promise<SendResult>;
}

export interface WebhookDeps {
  store: WebhookStore;
  /** Every address the host resolves to (A and AAAA). */
  resolve(host: string): Promise<string[]>;
  allowLoopback: boolean;
}

export interface DeliveryDeps {
  store: WebhookStore;
  sender: WebhookSender;
  backoffBaseMs: number;
}

const view = ({ secret: _secret, ...endpoint }: StoredEndpoint): WebhookEndpoint => endpoint;

/**
 * Whether `url` may receive webhooks: https (plain http only to a loopback address, where the stage allows loopback),
 * no credentials, and every address its host resolves to deliverable. Answers the reason otherwise.
 */
export async function checkTarget(deps: Pick<WebhookDeps, 'resolve' | 'allowLoopback'>, url: string): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url is not a valid absolute URL';
  }
  if (parsed.protocol !== 'https:' && !(deps.allowLoopback && parsed.protocol === 'http:')) return 'url must use https';
  if (parsed.username || parsed.password) return 'url must not carry credentials';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = await deps.resolve(host);
  } catch {
    return 'url host does not resolve';
  }
  if (addresses.length === 0) return 'url host does not resolve';
  const refused = addresses.find((a) => !isDeliverableAddress(a, deps.allowLoopback));
  if (refused !== undefined) return 'url resolves to a private, loopback, link-local or reserved address';
  return parsed.protocol === 'http:' && !addresses.every((a) => classifyAddress(a) === 'loopback') ? 'url must use https' : null;
}

export async function registerEndpoint(deps: WebhookDeps, body: RegisterWebhookBody, now: Date): Promise<{ id: string; secret: string }> {
  const problem = await checkTarget(deps, body.url);
  if (problem) throw new ValidationError(problem, [{ field: 'url', message: problem }]);
  const endpoint: StoredEndpoint = {
    id: ulid(),
    url: body.url,
    events: [...new Set(body.events)],
    description: body.description ?? null,
    status: 'ACTIVE',
    createdAt: now.toISOString(),
    failingSince: null,
    disabledAt: null,
    secret: `whsec_${randomBytes(32).toString('base64')}`,
  };
  await deps.store.createEndpoint(endpoint);
  return { id: endpoint.id, secret: endpoint.secret };
}

export async function listEndpoints(deps: Pick<WebhookDeps, 'store'>): Promise<{ items: WebhookEndpoint[] }> {
  return { items: (await deps.store.listEndpoints()).map(view) };
}

export async function deleteEndpoint(deps: Pick<WebhookDeps, 'store'>, id: string): Promise<void> {
  if (!(await deps.store.deleteEndpoint(id))) throw new NotFoundError('Webhook endpoint');
}

/**
 * Sends to an endpoint again (ACTIVE, its failing clock reset), after its target is checked as at
 * registration: a host that now resolves to a private address stays disabled (400). Deliveries that
 * failed meanwhile stay FAILED; each can be sent again (retryDelivery). Enabling an active endpoint
 * changes nothing.
 */
export async function enableEndpoint(deps: Pick<WebhookDeps, 'store' | 'resolve' | 'allowLoopback'>, id: string): Promise<WebhookEndpoint> {
  const endpoint = await deps.store.getEndpoint(id);
  if (!endpoint) throw new NotFoundError('Webhook endpoint');
  if (endpoint.status === 'ACTIVE') return view(endpoint);
  const problem = await checkTarget(deps, endpoint.url);
  if (problem) throw new ValidationError(problem, [{ field: 'url', message: problem }]);
  if (!(await deps.store.enableEndpoint(id))) throw new NotFoundError('Webhook endpoint');
  return view({ ...endpoint, status: 'ACTIVE', failingSince: null, disabledAt: null });
}

export async function listDeliveries(deps: Pick<WebhookDeps, 'store'>, endpointId: string, query: { limit?: number; cursor?: string }) {
  if (!(await deps.store.getEndpoint(endpointId))) throw new NotFoundError('Webhook endpoint');
  const page = await deps.store.listDeliveries(endpointId, query.limit ?? 50, query.cursor);
  return { items: page.items.map(({ payload: _payload, endpointId: _endpointId, ...d }) => d), nextCursor: page.nextCursor };
}

export async function retryDelivery(deps: Pick<WebhookDeps, 'store'>, endpointId: string, deliveryId: string, now: Date): Promise<void> {
  if (!(await deps.store.markDue(endpointId, deliveryId, now.toISOString()))) throw new NotFoundError('Delivery');
}

/** Deterministic per (endpoint, event): a re-delivered domain event finds its delivery already there. */
export function deliveryId(endpointId: string, eventId: string): string {
  return createHash('sha256').update(`${endpointId}\n${eventId}`).digest('base64url').slice(0, 32);
}

/** Delay before attempt `attempts + 1`, after `attempts` failed ones: base × 2^(attempts − 1), at most an hour. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

/**
 * One attempt of one delivery: claim it (so two workers never send the same attempt), send, record.
 * A delivery of a deleted or disabled endpoint fails without a request. Returns the outcome and
 * whether this failure disabled the endpoint (failing without a success for 24 h).
 */
export async function attemptDelivery(
  deps: DeliveryDeps,
  delivery: Delivery,
  endpoint: StoredEndpoint | undefined,
  now: Date,
): Promise<{ outcome: AttemptOutcome; endpointDisabled: boolean }> {
  if (delivery.status !== 'PENDING') return { outcome: 'skipped', endpointDisabled: false };
  const at = now.toISOString();
  if (endpoint?.status !== 'ACTIVE') {
    const error = endpoint ? 'endpoint disabled' : 'endpoint deleted';
    await deps.store.recordAttempt(delivery, { delivered: false, statusCode: null, error, next: null, at });
    return { outcome: 'failed', endpointDisabled: false };
  }
  if (!(await deps.store.claimAttempt(delivery, new Date(now.getTime() + ATTEMPT_LEASE_MS).toISOString()))) {
    return { outcome: 'skipped', endpointDisabled: false };
  }
  const claimed = { ...delivery, attempts: delivery.attempts + 1 };
  const result = await deps.sender.send({ url: endpoint.url, secret: endpoint.secret }, { id: delivery.eventId, timestamp: now, body: delivery.payload });
  if (result.ok) {
    await deps.store.recordAttempt(claimed, { delivered: true, statusCode: result.statusCode, error: null, next: null, at });
    if (endpoint.failingSince) await deps.store.endpointRecovered(endpoint.id);
    return { outcome: 'delivered', endpointDisabled: false };
  }
  const expired = now.getTime() - Date.parse(delivery.createdAt) >= RETRY_WINDOW_MS;
  const next = expired ? null : new Date(now.getTime() + backoffMs(claimed.attempts, deps.backoffBaseMs)).toISOString();
  await deps.store.recordAttempt(claimed, { delivered: false, statusCode: result.statusCode, error: result.error, next, at });
  const failingSince = await deps.store.endpointFailing(endpoint.id, at);
  const endpointDisabled = failingSince !== null && now.getTime() - Date.parse(failingSince) >= RETRY_WINDOW_MS
    && await deps.store.disableEndpoint(endpoint.id, at);
  return { outcome: next ? 'retrying' : 'failed', endpointDisabled };
}

export interface EventForWebhooks {
  name: string;
  id: string;
  time: string;
  data: unknown;
}

/**
 * One domain event -> one delivery per active endpoint whose filter has its integrator name, each
 * tried once at once (in parallel: a slow endpoint does not hold the others' first attempt back).
 * A delivery that exists already (the event came again) is left to the retry sweep.
 */
export async function fanOut(deps: DeliveryDeps, event: EventForWebhooks, now: Date) {
  const type = integratorName(event.name);
  if (!type) return { deliveries: 0, outcomes: [] as AttemptOutcome[], disabled: [] as string[] };
  const endpoints = (await deps.store.listEndpoints()).filter((e) => e.status === 'ACTIVE' && e.events.includes(type));
  const payload = JSON.stringify({ type, timestamp: event.time, data: event.data });
  const results = await Promise.all(endpoints.map(async (endpoint) => {
    const delivery: Delivery = {
      id: deliveryId(endpoint.id, event.id), endpointId: endpoint.id, eventId: event.id, type, payload, status: 'PENDING', attempts: 0,
      lastStatusCode: null, lastError: null, nextAttemptAt: now.toISOString(), createdAt: now.toISOString(), deliveredAt: null,
    };
    if (!(await deps.store.createDelivery(delivery))) return { outcome: 'skipped' as const, endpointDisabled: false, endpointId: endpoint.id };
    return { ...(await attemptDelivery(deps, delivery, endpoint, now)), endpointId: endpoint.id };
  }));
  return {
    deliveries: endpoints.length,
    outcomes: results.map((r) => r.outcome),
    disabled: results.filter((r) => r.endpointDisabled).map((r) => r.endpointId),
  };
}

/** The retry sweep: every due delivery gets its next attempt, `concurrency` at a time. */
export async function retryDue(deps: DeliveryDeps, now: Date, options: { limit: number; concurrency: number }) {
  const due = await deps.store.dueDeliveries(now.toISOString(), options.limit);
  const endpoints = new Map((await deps.store.listEndpoints()).map((e) => [e.id, e]));
  const outcomes: AttemptOutcome[] = [];
  const disabled: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const { endpointId, id } = due[next++];
      const delivery = await deps.store.getDelivery(endpointId, id);
      if (!delivery) continue;
      const result = await attemptDelivery(deps, delivery, endpoints.get(endpointId), now);
      outcomes.push(result.outcome);
      if (result.endpointDisabled) disabled.push(endpointId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, due.length) }, worker));
  return { due: due.length, outcomes, disabled };
}
