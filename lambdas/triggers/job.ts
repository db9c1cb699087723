/**
 * A scheduled function (an EventBridge rule of the wiring table's `schedules`):
 * `export const handler = job('order-expiry', async ({ correlationId }) => ...)`.
 * The correlation id is the scheduled event's id (the request id when the event has none, e.g. a
 * table-stream batch of a function that is also a stream consumer). The figures the run recorded
 * with `metrics` are published once when it ends, whether it succeeded or not; a failed run is
 * logged once and rethrown, which is what raises the function's error alarm.
 */
import type { Context } from 'aws-lambda';
import { metrics } from '#shared/metrics.js';
import { invocation, type TriggerHandler } from './invocation.js';

export interface JobRun {
  readonly correlationId: string;
}

export function job<E = { id?: string }, R = unknown>(name: string, fn: (run: JobRun, event: E) => Promise<R>): TriggerHandler<E, R> {
  const correlationIdOf = (event: E, context: Context) => {
    const id = (event as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' && id ? id : context.awsRequestId;
  };
  return invocation(`job ${name}`, correlationIdOf, async (event, correlationId) => {
    try {
      return await fn({ correlationId }, event);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  });
}
