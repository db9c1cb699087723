/**
 * What every non-HTTP wrapper (job, stream, queue, eventSubscriber, cognitoTrigger) starts from, the
 * counterpart of the HTTP chain's first two middlewares (lambdas/http/core.ts): Powertools' logger
 * context (function name, request id, cold start; keys reset after each invocation), a correlation
 * id on every log line, and an error that escapes the function logged once and rethrown, so Lambda
 * retries the event and the function's error alarm counts it.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '#shared/powertools.js';

export type TriggerHandler<E, R> = middy.MiddyfiedHandler<E, R, Error, Context>;

export function invocation<E, R>(
  trigger: string,
  correlationIdOf: (event: E, context: Context) => string,
  fn: (event: E, correlationId: string, context: Context) => Promise<R>,
): TriggerHandler<E, R> {
  return middy<E, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const correlationId = correlationIdOf(event, context);
      logger.setCorrelationId(correlationId);
      logger.appendKeys({ trigger });
      try {
        return await fn(event, correlationId, context);
      } catch (error) {
        logger.error(`${trigger} failed`, { error: error as Error });
        throw error;
      }
    });
}
