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
import { SessionMemory } from '#http/session-memory.js';
import type { HttpRoute } from '../routes/types.js';

/**
 * This container's memory of the revocation markers (#http/session-memory.js): answered from memory
 * while its read was sent less than SESSION_CACHE_MS ago, refreshed ahead in the background; a marker
 * move waits that long before it answers, so the caller's own next request never meets a memory from
 * before it. `fresh` (admin routes) always reads.
 */
const sessions = new SessionMemory(sessionState);

/** The token check of every route. */
export const authenticate = authenticator({ sessionState: (userId, options) => sessions.state(userId, options) });

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
