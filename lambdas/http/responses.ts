import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from '#shared/zod.js';
import { AppError, UNHANDLED_ERROR_MESSAGE } from '#shared/errors.js';
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

/** The one place errors become HTTP responses. Unknown errors say nothing but a correlation id. */
export function toHttpError(error: unknown, correlationId: string): Result {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if ('retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number') {
      headers['retry-after'] = String(error.retryAfterSeconds);
    }
    if (error.status === 401) headers['www-authenticate'] = 'Bearer';
    return json(error.status, { error: { code: error.code, message: error.message, details: error.details } }, correlationId, headers);
  }
  logger.error(UNHANDLED_ERROR_MESSAGE, { error: error as Error, correlationId });
  return json(500, { error: { code: 'INTERNAL_ERROR', message: `Internal error; reference ${correlationId}`, details: [], correlationId } }, correlationId);
}

