import { idempotencyStore } from '#adapters/dynamodb/idempotency.js';
import { idempotency } from '#http/idempotency.js';

/** `Idempotency-Key` handling (lambdas/http/idempotency.ts) on the table's idempotency records. */
export const withIdempotency = idempotency(idempotencyStore);
