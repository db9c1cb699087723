import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from '#shared/zod.js';
import { AppError, type ErrorReason, isTransientFailure, ServiceUnavailableError, UNHANDLED_ERROR_MESSAGE } from '#shared/errors.js';
import { logger } from '#shared/powertools.js';

type Result = APIGatewayProxyStructuredResultV2;

/** Zod issues -> the contract's `details` (one entry per bad field). */
export function validationDetails(issues: readonly z.core.$ZodIssue[], location: string): { field: string; message: string }[] {
  return issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : location,
    message: issue.message,
  }));
}

export function json(status: number, body: unknown, correlationId: string, headers: Record<string, string> = {}): Result {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** The one mapping of a refusal's reason to its HTTP status (API.md, "Errors"). */
const HTTP_STATUS: Readonly<Record<ErrorReason, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'unsupported-media': 415,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
};

/** The HTTP status of a named error. */
export function httpStatusOf(error: AppError): number {
  return HTTP_STATUS[error.reason];
}

/**
 * The one place errors become HTTP responses. A dependency's transient failure that outlived the
 * SDK's retries is a 503 with Retry-After (every write path is safe to retry: conditional writes,
 * one cart one order, idempotency keys); other unknown errors say nothing but a correlation id.
 */
export function toHttpError(failure: unknown, correlationId: string): Result {
  let error = failure;
  if (isTransientFailure(error)) {
    logger.warn('Dependency unavailable', { error: error as Error, correlationId });
    error = new ServiceUnavailableError();
  }
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if ('retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number') {
      headers['retry-after'] = String(error.retryAfterSeconds);
    }
    if (error.reason === 'unauthenticated') headers['www-authenticate'] = 'Bearer';
    return json(httpStatusOf(error), { error: { code: error.code, message: error.message, details: error.details } }, correlationId, headers);
  }
  logger.error(UNHANDLED_ERROR_MESSAGE, { error: error as Error, correlationId });
  return json(500, { error: { code: 'INTERNAL_ERROR', message: `Internal error; reference ${correlationId}`, details: [], correlationId } }, correlationId);
}

