/**
 * Named application errors. Use cases throw these with a reason (what kind of refusal it is), not a
 * transport's status: `toHttpError` (lambdas/http/responses.ts) is the one place that maps a reason to
 * an HTTP status and the contract's error shape, and a queue or WebSocket consumer can read the same
 * errors by their reason.
 */

/**
 * The message of the one log line an HTTP function writes when a request ends in a 500. CloudWatch
 * counts these lines as the `UnhandledError` metric (a metric filter on every function's log
 * group, lib/function.ts), so the HTTP functions do not bundle a metrics library for it.
 */
export const UNHANDLED_ERROR_MESSAGE = 'Unhandled error';

/** Why a request was refused, whatever carried it. */
export type ErrorReason =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'too-large'
  | 'unsupported-media'
  | 'unprocessable'
  | 'rate-limited'
  | 'unavailable';

export interface ErrorDetail {
  readonly [key: string]: unknown;
}

/**
 * An answer to the caller (a 4xx), not a fault: it carries no stack trace. V8 collects one for
 * every `new Error` (~40 µs in the claim handler's deep async stack, of the ~0.8 ms a sold-out
 * flash-sale claim refused from memory costs), and nothing reads it: `toHttpError` maps these
 * errors without logging them. A `cause`, when given, keeps its own stack.
 */
export class AppError extends Error {
  constructor(
    readonly reason: ErrorReason,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: readonly ErrorDetail[] = []) {
    super('invalid', 'VALIDATION_ERROR', message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required', options?: { cause?: unknown }) {
    super('unauthenticated', 'UNAUTHORIZED', message, [], options);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('forbidden', 'FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super('not-found', 'NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details: readonly ErrorDetail[] = []) {
    super('conflict', code, message, details);
  }
}

export class GoneError extends AppError {
  constructor(code: string, message: string, details: readonly ErrorDetail[] = []) {
    super('gone', code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('too-large', 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super('unsupported-media', 'UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json');
  }
}

export class IdempotencyKeyReuseError extends AppError {
  constructor() {
    super('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key was already used with a different request body');
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many requests', readonly retryAfterSeconds = 1) {
    super('rate-limited', 'TOO_MANY_REQUESTS', message);
  }
}

/**
 * A dependency (the table, the payment provider, the event bus) failed after our own retries; the
 * request changed nothing that a retry could duplicate, so the caller is told to retry (503 with
 * Retry-After).
 */
export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is briefly unavailable; retry shortly', readonly retryAfterSeconds = 1, options?: { cause?: unknown }) {
    super('unavailable', 'SERVICE_UNAVAILABLE', message, [], options);
  }
}

/**
 * Whether an error is a dependency's transient failure, by the shape the AWS SDK v3 gives its own
 * (a `$retryable` mark, a throttling or timeout name, or a 5xx in `$metadata`), without importing the SDK.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const shaped = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (shaped.$retryable) return true;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const status = shaped.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

const TRANSIENT_NAMES = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ThrottlingException', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException', 'LimitExceededException',
]);
