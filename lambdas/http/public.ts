/**
 * `http()` for public routes: `publicHttp(catalogRoutes, 'GET /products/{id}', fn)`. Same middleware
 * chain (./core.ts) without ./auth.js, so the function's bundle holds neither aws-jwt-verify nor
 * the session store (~20 KB). Only keys of routes declared `access: 'public'` type-check, and the
 * chain refuses any other route when the handler is built.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpRoute } from '../routes/types.js';
import { routeHandler, type HttpRequest, type HttpResult } from './core.js';

/** The keys of `T`'s public routes. */
type PublicKey<T> = { [P in keyof T]: T[P] extends { readonly access: 'public' } ? P : never }[keyof T] & string;

export function publicHttp<T extends Readonly<Record<string, HttpRoute>>, K extends PublicKey<T>>(
  table: T,
  routeKey: K,
  fn: (request: HttpRequest<T[K]>) => Promise<HttpResult>,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return routeHandler(table, routeKey, fn, undefined);
}
