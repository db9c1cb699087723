/**
 * The HTTP middleware for a route of the wiring table: `http(cartRoutes, 'GET /cart', fn)`.
 * Access level, body, query and path schemas are read from the route's area table by route key, so
 * they are declared once (lambdas/routes/<area>.ts). Public routes use `publicHttp()`
 * (lambdas/http/public.ts), which leaves the token verifier out of their bundles.
 *
 * The composition of the HTTP layer (lambdas/http/) with the session store that holds the
 * revocation markers: the HTTP layer itself imports no adapter.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { sessionState } from '#adapters/dynamodb/users.js';
import { authenticator } from '#http/auth.js';
import { type HttpRequest, type HttpResult, routeHandler } from '#http/core.js';
import { SESSION_CACHE_MS, type SessionState } from '#shared/sessions.js';
import type { HttpRoute } from '../routes/types.js';

/** Most users a container remembers the session state of (the oldest memory goes first). */
const REMEMBERED_USERS = 10_000;

interface Remembered {
  /** `performance.now()` when the read was sent, not when it answered: the memory's age is counted from before the read. */
  readonly sentAt: number;
  readonly state: Promise<SessionState>;
}

const remembered = new Map<string, Remembered>();

/**
 * The revocation marker, from this container's memory when it read it less than SESSION_CACHE_MS
 * ago (concurrent requests of one user share one read). A marker move waits that long before it
 * answers (#shared/sessions.js), so the caller's own next request never meets a memory from before
 * it. `fresh` (admin routes) always reads.
 */
export async function cachedSessionState(userId: string, options: { fresh: boolean }): Promise<SessionState> {
  const now = performance.now();
  const known = remembered.get(userId);
  if (!options.fresh && known && now - known.sentAt < SESSION_CACHE_MS) return known.state;
  const state = sessionState(userId);
  remembered.delete(userId);
  if (remembered.size >= REMEMBERED_USERS) remembered.delete(remembered.keys().next().value as string);
  remembered.set(userId, { sentAt: now, state });
  state.catch(() => {
    if (remembered.get(userId)?.state === state) remembered.delete(userId);
  });
  return state;
}

/** The token check of every route. */
export const authenticate = authenticator({ sessionState: cachedSessionState });

/**
 * The WebSocket handshake's token check (realtime/connect): always a fresh read, because the
 * handshake's race with a logout is settled by reading the marker after recording the connection
 * (lambdas/domain/realtime/connections.ts), which a memory from before the record would not be.
 */
export const authenticateHandshake = authenticator({ sessionState: (userId) => sessionState(userId) });

export function http<T extends Readonly<Record<string, HttpRoute>>, K extends keyof T & string>(
  table: T,
  routeKey: K,
  fn: (request: HttpRequest<T[K]>) => Promise<HttpResult>,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return routeHandler(table, routeKey, fn, authenticate);
}
