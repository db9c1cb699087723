/**
 * `testHookHttp()`: the routes of the test-stage hooks (lambdas/routes/test-hooks.ts). Public to
 * API Gateway, but every request must be signed with the stage's test secret (`TEST_HOOKS_SECRET`,
 * ./test-signature.ts): 401 otherwise, checked before the body is even read. The secret exists only
 * in test stages (lib/stage-config.ts `testHooks`), so a function built without it fails at start-up.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { requireEnv } from '#shared/config.js';
import { UnauthorizedError } from '#shared/errors.js';
import type { HttpRoute } from '../routes/types.js';
import { routeHandler, type HttpRequest, type HttpResult } from './core.js';
import { TEST_SIGNATURE_HEADER, testHookSignatureValid } from './test-signature.js';

type PublicKey<T> = { [P in keyof T]: T[P] extends { readonly access: 'public' } ? P : never }[keyof T] & string;

export function testHookHttp<T extends Readonly<Record<string, HttpRoute>>, K extends PublicKey<T>>(
  table: T,
  routeKey: K,
  fn: (request: HttpRequest<T[K]>) => Promise<HttpResult>,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  const secret = requireEnv('TEST_HOOKS_SECRET');
  return routeHandler(table, routeKey, fn, undefined, (event) => {
    const raw = event.body ?? '';
    const rawBody = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (!testHookSignatureValid(event.headers?.[TEST_SIGNATURE_HEADER], { secret, routeKey, rawBody, nowMs: Date.now() })) {
      throw new UnauthorizedError('Test hook signature missing, invalid or stale');
    }
  });
}
