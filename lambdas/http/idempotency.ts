import { createHash } from 'node:crypto';
import { AppError, ConflictError, IdempotencyKeyReuseError, ValidationError } from '#shared/errors.js';
import type { HttpResult } from './core.js';
import { httpStatusOf } from './responses.js';

/** How long a request may hold its key before another attempt may take over. */
const LOCK_MS = 30_000;
/** How long a concurrent duplicate waits for the first request's answer. */
const WAIT_MS = 10_000;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A stored answer to an `Idempotency-Key` (the DynamoDB adapter is lambdas/adapters/dynamodb/idempotency.ts). */
export interface IdempotencyRecord {
  status: 'IN_PROGRESS' | 'COMPLETED';
  requestHash: string;
  response?: { status: number; body: unknown; headers?: Record<string, string> };
  lockedUntilMs: number;
}

export interface IdempotencyStore {
  /** Claims the key; returns the existing record when someone holds it or has finished with it. */
  begin(scope: string, requestHash: string, nowMs: number, lockMs: number): Promise<IdempotencyRecord | undefined>;
  complete(scope: string, response: IdempotencyRecord['response']): Promise<void>;
  /** Releases the key after a failure the client may retry (5xx). */
  release(scope: string): Promise<void>;
}

export type WithIdempotency = (
  request: { headers: Readonly<Record<string, string | undefined>>; routeKey: string; callerId: string; fingerprint: unknown },
  run: () => Promise<HttpResult & { status: number }>,
) => Promise<HttpResult>;

/**
 * `Idempotency-Key` (1..255 chars): the same key with the same body replays the first answer,
 * including its status; with a different body it is 422. Concurrent duplicates wait for the first
 * one and replay it. Answers below 500 are remembered for 24 h; a 5xx (500, or 503 from a dependency) releases the key.
 * Keys are scoped to the route and the caller, so two customers can never collide.
 */
export const idempotency = (idempotencyStore: IdempotencyStore): WithIdempotency => async (request, run) => {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return run();
  if (key.length < 1 || key.length > 255) {
    throw new ValidationError('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]);
  }
  const scope = `${request.routeKey}#${request.callerId}#${key}`;
  const requestHash = createHash('sha256').update(canonical(request.fingerprint)).digest('base64url');

  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const existing = await idempotencyStore.begin(scope, requestHash, Date.now(), LOCK_MS);
    if (!existing) break;
    if (existing.requestHash !== requestHash) throw new IdempotencyKeyReuseError();
    if (existing.status === 'COMPLETED' && existing.response) {
      return { ...existing.response, headers: { ...existing.response.headers, 'idempotent-replayed': 'true' } };
    }
    if (Date.now() > deadline) {
      throw new ConflictError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  try {
    const result = await run();
    await idempotencyStore.complete(scope, { status: result.status, body: result.body, headers: result.headers ? { ...result.headers } : undefined });
    return result;
  } catch (error) {
    // A refusal (4xx) is the answer to this request and replays; a 503 says "try again", so it frees the key like a 500.
    if (error instanceof AppError && httpStatusOf(error) < 500) {
      const response = { status: httpStatusOf(error), body: { error: { code: error.code, message: error.message, details: error.details } } };
      await idempotencyStore.complete(scope, response);
      throw error;
    }
    await idempotencyStore.release(scope);
    throw error;
  }
};
