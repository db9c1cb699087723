/**
 * A consumer of the table's stream (the wiring table's `streamSubscriptions`), one change at a time:
 * `export const handler = stream(async ({ next, previous }) => ...)`, with the item's images
 * unmarshalled (./stream-images.ts).
 *
 * Records go through Powertools' batch processor and answer with partial batch failures, but in
 * order and stopping at the first failure: Powertools processes a DynamoDB batch in parallel by
 * default and reports each failed record alone, so a record after a failed one could be handled
 * before it (an order's PAID published before its OrderCreated). Here records run one after the
 * other; once one fails, the rest of the batch is reported as failed without running, and Lambda
 * retries from the failed record (the lowest sequence number reported), so nothing is skipped and
 * order is kept. A failed record is logged once; the invocation itself succeeds (no error alarm,
 * the stream's retry and its on-failure destination handle it), as when the batch fails whole.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { clock } from '#shared/clock.js';
import { logger } from '#shared/powertools.js';
import { invocation, type TriggerHandler } from './invocation.js';
import { type StreamImages, streamImages } from './stream-images.js';

/** Thrown for the records after a failed one: they were not run, and are retried with it. */
class NotRunAfterFailure extends Error {
  constructor() {
    super('Not run: an earlier record of the batch failed');
  }
}

export function stream(fn: (change: StreamImages, record: DynamoDBRecord) => Promise<void>): TriggerHandler<DynamoDBStreamEvent, DynamoDBBatchResponse> {
  return invocation('stream', (_event, context) => context.awsRequestId, async (event, _correlationId, context) => {
    let failed = false;
    const processRecord = async (record: DynamoDBRecord) => {
      if (failed) throw new NotRunAfterFailure();
      try {
        await fn(streamImages(record), record);
      } catch (error) {
        failed = true;
        logger.error('A table-stream record failed; the batch is retried from it', {
          error: error as Error, eventID: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber,
        });
        throw error;
      }
    };
    // A processor per invocation: its state must not be shared by invocations running at once (the local stack runs many in one process).
    return processPartialResponse(event, processRecord, new BatchProcessor(EventType.DynamoDBStreams), {
      context, processInParallel: false, throwOnFullBatchFailure: false,
    });
  });
}

/** When a stream record's change happened (epoch seconds in Lambda; a Date from the local poller's SDK client); the business clock without one. */
export function recordTime(record: DynamoDBRecord): Date {
  const created = record.dynamodb?.ApproximateCreationDateTime as number | Date | undefined;
  return created === undefined ? clock.now() : new Date(typeof created === 'number' ? created * 1000 : created);
}
