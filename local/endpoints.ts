/** The contract's local-only endpoints (`/_local/...`), never deployed. */
import { readOutbox } from '../lambdas/adapters/notifications/outbox.js';
import { schedules } from '../lambdas/routes.js';
import { clock } from '../lambdas/shared/clock.js';
import type { BusEvent } from './eventbus.js';
import type { LocalEndpoint } from './gateway.js';

const error = (status: number, code: string, message: string) => ({ status, body: { error: { code, message, details: [] } } });

export function localEndpoints(deps: {
  runSchedule(name: string): Promise<unknown> | undefined;
  events(filter: { type?: string }): BusEvent[];
}): LocalEndpoint {
  return async ({ method, path, query, body }) => {
    if (method === 'GET' && path === '/_local/outbox') {
      const items = await readOutbox({ to: query.get('to') ?? undefined, type: query.get('type') ?? undefined });
      return { status: 200, body: { items } };
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
    return path.startsWith('/_local/') ? error(404, 'NOT_FOUND', 'Unknown local endpoint') : undefined;
  };
}
