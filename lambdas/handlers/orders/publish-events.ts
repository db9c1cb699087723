import { publishEvents } from '#compose/events.js';
import { outboxEvent } from '#domain/outbox.js';
import { recordTime, stream } from '#triggers/stream.js';

/**
 * The transactional outbox: every status change of an order or a payment (and the stock and
 * flash-sale alerts) on the table's stream
 * becomes its domain event (lambdas/domain/outbox.ts). A failed publish stops the batch at that
 * record and Lambda retries from it (`stream()`), so order is kept and nothing is skipped.
 */
export const handler = stream(async ({ next, previous }, record) => {
  const event = outboxEvent(next, previous, recordTime(record).toISOString());
  if (event) await publishEvents([event]);
});
