/** The contract's local-only endpoints (`/_local/...`), never deployed. */
import { injectOutboxFaults, readOutbox } from '../lambdas/adapters/notifications/outbox.js';
import { faultSettings, parseFaultSettings, setFaults } from '../lambdas/adapters/faults.js';
import { httpStatusOf } from '../lambdas/http/responses.js';
import { AppError } from '../lambdas/shared/errors.js';
import { schedules } from '../lambdas/routes.js';
import { clock } from '../lambdas/shared/clock.js';
import type { BusEvent } from './eventbus.js';
import { dynamoCallsByHandler } from './handlers.js';
import type { LocalEndpoint } from './gateway.js';
import type { MelhorEnvioFake } from './melhorenvio-fake.js';

const error = (status: number, code: string, message: string, details: readonly unknown[] = []) => ({ status, body: { error: { code, message, details } } });

/** Every `/_local` path answers 404, as on a deployed stage: the stack's own back doors are off. */
export const noLocalEndpoints: LocalEndpoint = async () => error(404, 'NOT_FOUND', 'The local endpoints are off in this stack (LOCAL_ENDPOINTS=off)');

export function localEndpoints(deps: {
  runSchedule(name: string): Promise<unknown> | undefined;
  events(filter: { type?: string }): BusEvent[];
  /** The gateway's own URL (the sandbox delivers its webhooks there). */
  selfUrl(): string;
  /** The Melhor Envio fake, when the stack runs with LOCAL_CARRIER=melhorenvio. */
  melhorEnvio?: MelhorEnvioFake;
}): LocalEndpoint {
  return async (request) => {
    try {
      return await route(deps, request);
    } catch (failure) {
      if (failure instanceof AppError) return error(httpStatusOf(failure), failure.code, failure.message, failure.details);
      throw failure;
    }
  };
}

async function route(
  deps: Parameters<typeof localEndpoints>[0],
  { method, path, query, body }: Parameters<LocalEndpoint>[0],
): ReturnType<LocalEndpoint> {
  if (method === 'GET' && path === '/_local/outbox') {
    const items = await readOutbox({ to: query.get('to') ?? undefined, type: query.get('type') ?? undefined });
    return { status: 200, body: { items } };
  }
  if (method === 'POST' && path === '/_local/outbox/faults') {
    const { to, failures } = (body ?? {}) as { to?: unknown; failures?: unknown };
    if (typeof to !== 'string' || !Number.isInteger(failures) || (failures as number) < 0) {
      return error(400, 'VALIDATION_ERROR', 'Body must be {to: string, failures: integer >= 0}');
    }
    injectOutboxFaults(to, failures as number);
    return { status: 200, body: { to, failures } };
  }
  if (method === 'GET' && path === '/_local/faults') {
    return { status: 200, body: faultSettings() };
  }
  if (method === 'POST' && path === '/_local/faults') {
    try {
      setFaults(parseFaultSettings(body));
    } catch (invalid) {
      return error(400, 'VALIDATION_ERROR', `Body must be {rate, timeoutShare?, targets?, seed?}: ${(invalid as Error).message}`);
    }
    return { status: 200, body: faultSettings() };
  }
  const me = deps.melhorEnvio;
  if (me && method === 'GET' && path === '/_local/melhorenvio/labels') {
    return { status: 200, body: { items: me.labels().map(({ body: _body, ...label }) => label) } };
  }
  if (me && method === 'POST' && path === '/_local/melhorenvio/faults') {
    const { failNext, status, path: only, delayMs } = (body ?? {}) as { failNext?: unknown; status?: unknown; path?: unknown; delayMs?: unknown };
    if ((failNext !== undefined && !Number.isInteger(failNext)) || (delayMs !== undefined && !Number.isInteger(delayMs))) {
      return error(400, 'VALIDATION_ERROR', 'Body must be {failNext?: integer, status?: integer, path?: string, delayMs?: integer}');
    }
    me.failNext((failNext as number | undefined) ?? 0, typeof status === 'number' ? status : 500, typeof only === 'string' ? only : undefined);
    me.delay((delayMs as number | undefined) ?? 0);
    return { status: 200, body: { failNext: failNext ?? 0, delayMs: delayMs ?? 0 } };
  }
  const meEvent = me && method === 'POST' ? /^\/_local\/melhorenvio\/labels\/([^/]+)\/(posted|delivered)$/.exec(path) : null;
  if (me && meEvent) {
    const id = meEvent[1];
    if (!me.labels().some((l) => l.id === id)) return error(404, 'NOT_FOUND', `No Melhor Envio label ${id}`);
    const delivery = meEvent[2] === 'posted' ? await me.post(id) : await me.deliver(id);
    return { status: 200, body: { delivered: JSON.parse(delivery.body) } };
  }
  if (method === 'GET' && path === '/_local/events') {
    return { status: 200, body: { items: deps.events({ type: query.get('type') ?? undefined }) } };
  }
  if (method === 'GET' && path === '/_local/schedules') {
    return { status: 200, body: schedules.map(({ name, schedule, handler }) => ({ name, schedule, handler })) };
  }
  const run = /^\/_local\/schedules\/([^/]+)\/run$/.exec(path);
  if (method === 'POST' && run) {
    const pending = deps.runSchedule(decodeURIComponent(run[1]));
    if (!pending) return error(404, 'NOT_FOUND', `No schedule named ${run[1]}`);
    const result = await pending;
    return { status: 200, body: { name: run[1], at: clock.now().toISOString(), result: result ?? null } };
  }
  if (method === 'GET' && path === '/_local/clock') {
    return { status: 200, body: { now: clock.now().toISOString() } };
  }
  if (method === 'POST' && path === '/_local/clock') {
    const now = (body as { now?: unknown } | null)?.now;
    if (now === undefined) {
      clock.set(undefined);
    } else {
      const at = typeof now === 'string' ? new Date(now) : new Date(NaN);
      if (Number.isNaN(at.getTime())) return error(400, 'VALIDATION_ERROR', '`now` must be an ISO-8601 timestamp');
      clock.set(at);
    }
    return { status: 200, body: { now: clock.now().toISOString() } };
  }
  if (method === 'GET' && path === '/_local/dynamodb/stats') {
    // DynamoDB calls per handler in this process (the benchmarks' reads and writes per request).
    return { status: 200, body: structuredClone(dynamoCallsByHandler) };
  }
  if (method === 'POST' && path === '/_local/sandbox/cards') {
    // Client-side tokenisation of the sandbox gateway; the number is validated and forgotten.
    const { sandboxTokenizeCard } = await import('../lambdas/adapters/payments/sandbox.js');
    const card = (body ?? {}) as { number?: unknown; expMonth?: unknown; expYear?: unknown; cvc?: unknown; holder?: unknown };
    const token = await sandboxTokenizeCard({
      number: String(card.number ?? ''), expMonth: Number(card.expMonth), expYear: Number(card.expYear), cvc: String(card.cvc ?? ''), holder: String(card.holder ?? ''),
    }, new Date());
    return { status: 201, body: token };
  }
  if (method === 'GET' && path === '/_local/sandbox/payments') {
    // What the sandbox gateway charged for an order (each create call that reached it).
    const orderId = query.get('orderId');
    if (!orderId) return error(400, 'VALIDATION_ERROR', '`orderId` is required', [{ field: 'orderId', message: 'required' }]);
    const { sandboxCharges } = await import('../lambdas/adapters/payments/sandbox.js');
    return { status: 200, body: { items: await sandboxCharges(orderId) } };
  }
  const pixPaid = /^\/_local\/sandbox\/payments\/([^/]+)\/pix-paid$/.exec(path);
  if (method === 'POST' && pixPaid) {
    const { sandboxPayPix } = await import('../lambdas/adapters/payments/sandbox.js');
    const paid = await sandboxPayPix(decodeURIComponent(pixPaid[1]), Date.now(), clock.now());
    if (!paid) return error(404, 'NOT_FOUND', 'No sandbox Pix charge for this payment');
    const { delivery } = paid;
    // `?deliver=false` simulates a webhook the provider never managed to deliver.
    if (query.get('deliver') === 'false') return { status: 200, body: { status: paid.status, webhook: null, delivery } };
    const webhook = await fetch(`${deps.selfUrl()}/webhooks/payments/sandbox?${new URLSearchParams(delivery.query)}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...delivery.headers }, body: JSON.stringify(delivery.body),
    });
    return { status: 200, body: { status: paid.status, webhook: { status: webhook.status, body: await webhook.json().catch(() => null) }, delivery } };
  }
  const shipmentEvent = /^\/_local\/sandbox\/shipments\/([^/]+)\/events$/.exec(path);
  if (method === 'POST' && shipmentEvent) {
    // The sandbox carrier plays a tracking event and delivers its signed webhook (`eventId` replays one).
    const { TRACKING_CODES } = await import('../lambdas/domain/logistics/ports.js');
    const { code, eventId, location } = (body ?? {}) as { code?: unknown; eventId?: unknown; location?: unknown };
    if (typeof code !== 'string' || !(TRACKING_CODES as readonly string[]).includes(code)) {
      return error(400, 'VALIDATION_ERROR', `\`code\` must be one of ${TRACKING_CODES.join(', ')}`, [{ field: 'code', message: 'invalid' }]);
    }
    const { sandboxTrackingEvent } = await import('../lambdas/adapters/logistics/sandbox.js');
    const delivery = await sandboxTrackingEvent(decodeURIComponent(shipmentEvent[1]), {
      code: code as (typeof TRACKING_CODES)[number], at: clock.now(),
      eventId: typeof eventId === 'string' ? eventId : undefined, location: typeof location === 'string' ? location : undefined,
    }, Date.now());
    if (!delivery) return error(404, 'NOT_FOUND', 'The sandbox carrier holds no such shipment');
    const webhook = await fetch(`${deps.selfUrl()}/webhooks/carriers/sandbox`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...delivery.headers }, body: delivery.body,
    });
    return { status: 200, body: { webhook: { status: webhook.status, body: await webhook.json().catch(() => null) }, delivery: { headers: delivery.headers, body: JSON.parse(delivery.body) as unknown } } };
  }
  return path.startsWith('/_local/') ? error(404, 'NOT_FOUND', 'Unknown local endpoint') : undefined;
}
