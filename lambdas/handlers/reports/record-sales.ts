import { recording } from '#compose/reports.js';
import { recordSalesChange } from '#domain/reports/record.js';
import { stream } from '#triggers/stream.js';

/**
 * Keeps the sales aggregates (docs/reports.md): every order, payment and profile change on the
 * table's stream is counted once into its São Paulo day. A failure stops the batch at that record
 * and Lambda retries from it (`stream()`); a replayed record is a no-op (one marker per fact).
 */
export const handler = stream(async ({ next, previous }) => {
  await recordSalesChange(recording, next, previous);
});
