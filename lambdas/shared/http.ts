/**
 * The HTTP middleware for a route of the wiring table: `http(cartRoutes, 'GET /cart', fn)`.
 * Access level, body, query and path schemas are read from the route's area table by route key, so
 * they are declared once (lambdas/routes/<area>.ts). Public routes use `publicHttp()`
 * (./http-public.ts), which leaves the token verifier out of their bundles.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpRoute } from '../routes/types.js';
import { authenticate } from './auth.js';
import { routeHandler, type HttpRequest, type HttpResult } from './http-core.js';

export { MAX_BODY_BYTES, type HttpRequest, type HttpResult } from './http-core.js';

export function http<T extends Readonly<Record<string, HttpRoute>>, K extends keyof T & string>(
  table: T,
  routeKey: K,
  fn: (request: HttpRequest<T[K]>) => Promise<HttpResult>,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return routeHandler(table, routeKey, fn, authenticate);
}
