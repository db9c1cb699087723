/**
 * The HTTP middleware chain (Powertools, correlation id, body/query/path parsing with the route's
 * schemas, errors -> HTTP). Handlers do not import it: `http()` (lambdas/compose/http.ts) adds the token
 * check, `publicHttp()` (./public.ts) builds public routes without it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from '#shared/zod.js';
import type { HttpRoute } from '../routes/types.js';
import type { AuthContext, Authenticator } from './auth.js';
import { ForbiddenError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/errors.js';
import { json, toHttpError, validationDetails } from './responses.js';
import { logger } from '#shared/powertools.js';

export const MAX_BODY_BYTES = 64 * 1024;
/** Added by CloudFront to every origin request (lib/api-edge.ts); the API answers nothing without it. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `ORIGIN_VERIFY_SECRET` is the Secrets Manager secret's JSON, `{"current": ..., "previous": ...}`,
 * resolved at deploy time: during a rotation both values are accepted. Unset (the local stack,
 * stages without the edge): no check. Returns the accepted values' digests (compared in constant time).
 */
export function originSecretDigests(secretJson: string | undefined): Buffer[] | undefined {
  if (secretJson === undefined || secretJson === '') return undefined;
  const values = Object.values(JSON.parse(secretJson) as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length >= 32);
  if (!values.length) throw new Error('ORIGIN_VERIFY_SECRET holds no value of at least 32 characters');
  return values.map(digest);
}

type Parsed<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

/** A request to route `R` (an entry of the wiring table), its parts parsed with the route's schemas. */
export interface HttpRequest<R extends HttpRoute> {
  readonly body: Parsed<R extends { body: infer S } ? S : undefined>;
  readonly query: Parsed<R extends { query: infer S } ? S : undefined>;
  readonly params: Parsed<R extends { params: infer S } ? S : undefined>;
  readonly auth: R['access'] extends 'public' ? undefined : AuthContext;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly correlationId: string;
  readonly event: APIGatewayProxyEventV2;
}

export interface HttpResult {
  /** Defaults to the route's success status. */
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `body` as-is (a string) with this content type instead of JSON. */
  readonly rawContentType?: string;
  /** `body` already serialised (./cache.ts): sent as is instead of serialising it again. */
  readonly json?: string;
}

/** Response bodies already checked against their route's schema (a cached answer is checked once). */
const validatedBodies = new WeakSet<object>();

type Result = APIGatewayProxyStructuredResultV2;

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The request's correlation id: the caller's `x-correlation-id` when sane, else API Gateway's request id. */
function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const supplied = event.headers?.['x-correlation-id'];
  return supplied && CORRELATION_ID.test(supplied) ? supplied : event.requestContext.requestId;
}

function parseWith<S extends z.core.$ZodType | undefined>(schema: S, value: unknown, location: string): unknown {
  if (!schema) return undefined;
  const result = z.safeParse(schema, value);
  if (!result.success) {
    throw new ValidationError(`Invalid request ${location}`, validationDetails(result.error.issues, location));
  }
  return result.data;
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  if (bytes.length === 0) return {};
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(contentType)) {
    throw new UnsupportedMediaTypeError();
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError('Request body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }]);
  }
}

/**
 * The middleware chain shared by `http()` (lambdas/compose/http.ts, routes that need a token) and
 * `publicHttp()` (./public.ts, public routes). This module does not import ./auth.js, so a public
 * route's bundle holds neither aws-jwt-verify nor the session store; `authenticator` is what `http()` passes.
 */
export function routeHandler<T extends Readonly<Record<string, HttpRoute>>, K extends keyof T & string>(
  table: T,
  routeKey: K,
  fn: (request: HttpRequest<T[K]>) => Promise<HttpResult>,
  authenticator: Authenticator | undefined,
  /** Runs before the token check and any parsing (test hooks verify their signature here: ./test-hooks.ts). */
  guard?: (event: APIGatewayProxyEventV2) => void,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, Result, Error, Context> {
  const route: HttpRoute = table[routeKey];
  if (!route) throw new Error(`${routeKey} is not a route of this table`);
  if (route.access !== 'public' && !authenticator) throw new Error(`${routeKey} is not public: build its handler with http()`);
  const validateResponses = process.env.VALIDATE_RESPONSES === 'true';
  const originSecrets = originSecretDigests(process.env.ORIGIN_VERIFY_SECRET);

  return middy<APIGatewayProxyEventV2, Result, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.setCorrelationId(correlationIdOf(request.event));
        logger.appendKeys({ routeKey });
      },
      onError: (request) => {
        request.response = toHttpError(request.error, correlationIdOf(request.event));
      },
    })
    .handler(async (event) => {
      if (originSecrets) {
        // Only CloudFront knows the value: a request straight to the API's own URL stops here.
        const sent = digest(event.headers?.[ORIGIN_VERIFY_HEADER] ?? '');
        if (!originSecrets.some((accepted) => timingSafeEqual(accepted, sent))) throw new ForbiddenError('Use the store\'s public address');
      }
      guard?.(event);
      const correlationId = correlationIdOf(event);
      const auth = route.access === 'public' || !authenticator
        ? undefined
        : await authenticator(event.headers?.authorization, route.access);
      if (auth && route.sessionCheck !== 'handler') await auth.assertSessionActive();
      const answer = async (): Promise<Result> => {
        const request = {
          // A route without a body still refuses an oversized or non-JSON one (413/415) instead of ignoring it.
          body: route.body ? parseWith(route.body, readJsonBody(event), 'body') : void readJsonBody(event),
          query: parseWith(route.query, event.queryStringParameters ?? {}, 'query'),
          params: parseWith(route.params, event.pathParameters ?? {}, 'path'),
          auth,
          headers: event.headers ?? {},
          correlationId,
          event,
        } as HttpRequest<T[K]>;
        if (auth) logger.appendKeys({ userId: auth.userId });
        const result = await fn(request);
        const status = result.status ?? route.success.status;
        if (auth && !auth.sessionChecked && status < 300) throw new Error(`${routeKey} answered ${status} without checking the session`);
        if (result.rawContentType) {
          return {
            statusCode: status,
            headers: { 'content-type': result.rawContentType, 'x-correlation-id': correlationId, ...result.headers },
            body: String(result.body ?? ''),
          };
        }
        if (validateResponses && status === route.success.status && route.success.body) {
          const body = result.body;
          if (typeof body !== 'object' || body === null || !validatedBodies.has(body)) {
            z.parse(route.success.body, body);
            if (typeof body === 'object' && body !== null) validatedBodies.add(body);
          }
        }
        if (result.json !== undefined) {
          return { statusCode: status, headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId, ...result.headers }, body: result.json };
        }
        return json(status, result.body, correlationId, { ...result.headers });
      };
      try {
        return await answer();
      } catch (error) {
        // A use case that checks the session in its own call (rideSessionCheck) may fail before that
        // call settles it: the session is checked before the refusal is answered, so a revoked token
        // gets a 401 and nothing the database told the use case.
        if (auth?.sessionChecked && !auth.sessionSettled) await auth.assertSessionActive();
        throw error;
      }
    });
}
