/**
 * A consumer of an SQS queue, one message at a time, its JSON body parsed with the message's schema:
 * `export const handler = queue(NotificationRequest, async (message) => ...)`.
 * Powertools' batch processor runs the messages (in parallel: a standard queue has no order) and
 * answers with partial batch failures: a message that fails to parse or to be handled goes back to
 * the queue alone (its retries, then the queue's DLQ), the others are done. A handler failure is
 * logged on every attempt (each one is a new fault: a throttled provider, a timeout). A malformed
 * message fails the same way on every receive, so it is logged once, on its first receive
 * (`ApproximateReceiveCount` 1), and then only goes round until the queue moves it to its DLQ.
 * When every message of a batch fails, the invocation fails (Powertools' default), which the
 * function's error alarm sees.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#shared/powertools.js';
import * as z from '#shared/zod.js';
import { invocation, type TriggerHandler } from './invocation.js';

const firstReceive = (record: SQSRecord) => Number(record.attributes?.ApproximateReceiveCount ?? 1) <= 1;

export function queue<S extends z.core.$ZodType>(
  schema: S,
  fn: (message: z.output<S>, record: SQSRecord) => Promise<void>,
): TriggerHandler<SQSEvent, SQSBatchResponse> {
  return invocation('queue', (_event, context) => context.awsRequestId, async (event, _correlationId, context) => {
    const processRecord = async (record: SQSRecord) => {
      let message: z.output<S>;
      try {
        message = z.parse(schema, JSON.parse(record.body));
      } catch (error) {
        if (firstReceive(record)) {
          logger.error('A malformed queue message; it fails on every receive until the queue moves it to its dead-letter queue', {
            error: error as Error, messageId: record.messageId,
          });
        }
        throw error;
      }
      try {
        await fn(message, record);
      } catch (error) {
        logger.error('A queue message failed; it goes back to the queue', { error: error as Error, messageId: record.messageId });
        throw error;
      }
    };
    // A processor per invocation: its state must not be shared by invocations running at once (the local stack runs many in one process).
    return processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), { context });
  });
}
