import { recording, sellOutStore } from '#compose/reports.js';
import { shardSoldOut } from '#domain/reports/flash.js';
import { recordSalesChange } from '#domain/reports/record.js';
import { recordTime, stream } from '#triggers/stream.js';

/**
 * Keeps the sales aggregates (docs/reports.md): every order, payment and profile change on the
 * table's stream is counted once into its São Paulo day, and a flash-sale shard running out is
 * noted (its first time) for the flash-sale report. A failure stops the batch at that record and
 * Lambda retries from it (`stream()`); a replayed record is a no-op (one marker per fact).
 */
export const handler = stream(async ({ next, previous }, record) => {
  await recordSalesChange(recording, next, previous);
  const soldOut = shardSoldOut(next, previous, recordTime(record).toISOString());
  if (soldOut) await sellOutStore.record(soldOut);
});
