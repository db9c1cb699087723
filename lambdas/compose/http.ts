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
import type { HttpRoute } from '../routes/types.js';

/** The token check of every route, also used by the WebSocket handshake (realtime/connect). */
export const authenticate = authenticator({ sessionState });

export function http<T extends Readonly<Record<string, HttpRoute>>, K extends keyof T & string>(
  table: T,
  routeKey: K,
  fn: (request: HttpRequest<T[K]>) => Promise<HttpResult>,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return routeHandler(table, routeKey, fn, authenticate);
}
