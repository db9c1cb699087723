import { z } from 'zod';
import {
  AppError, ConflictError, ForbiddenError, GoneError, IdempotencyKeyReuseError, NotFoundError, PayloadTooLargeError,
  TooManyRequestsError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError,
} from '#shared/errors.js';
import { httpStatusOf, toHttpError, validationDetails } from '#http/responses.js';

const body = (result: { body?: string }) => JSON.parse(result.body ?? '{}');

describe('error -> HTTP mapping', () => {
  it.each([
    [new ValidationError('bad', [{ field: 'email', message: 'x' }]), 400, 'VALIDATION_ERROR'],
    [new UnauthorizedError(), 401, 'UNAUTHORIZED'],
    [new ForbiddenError(), 403, 'FORBIDDEN'],
    [new NotFoundError('Order'), 404, 'NOT_FOUND'],
    [new ConflictError('OUT_OF_STOCK', 'short', [{ sku: 'A', requested: 2, available: 1 }]), 409, 'OUT_OF_STOCK'],
    [new GoneError('SOLD_OUT', 'none left'), 410, 'SOLD_OUT'],
    [new PayloadTooLargeError(65536), 413, 'PAYLOAD_TOO_LARGE'],
    [new UnsupportedMediaTypeError(), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [new IdempotencyKeyReuseError(), 422, 'IDEMPOTENCY_KEY_REUSED'],
    [new TooManyRequestsError('slow down', 7), 429, 'TOO_MANY_REQUESTS'],
  ])('%s -> %i %s in the contract shape', (error: AppError, status, code) => {
    const result = toHttpError(error, 'corr-1');
    expect(result.statusCode).toBe(status);
    expect(body(result)).toEqual({ error: { code, message: error.message, details: error.details } });
    expect(result.headers?.['x-correlation-id']).toBe('corr-1');
  });

  it('maps every reason to its one HTTP status; the error itself carries none', () => {
    const statuses = {
      invalid: 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, conflict: 409, gone: 410,
      'too-large': 413, 'unsupported-media': 415, unprocessable: 422, 'rate-limited': 429,
    } as const;
    for (const [reason, status] of Object.entries(statuses)) {
      const error = new AppError(reason as keyof typeof statuses, 'SOME_CODE', 'refused');
      expect(httpStatusOf(error)).toBe(status);
      expect(toHttpError(error, 'c').statusCode).toBe(status);
      expect(error).not.toHaveProperty('status');
    }
  });

  it('adds Retry-After to 429 and WWW-Authenticate to 401', () => {
    expect(toHttpError(new TooManyRequestsError('slow', 7), 'c').headers?.['retry-after']).toBe('7');
    expect(toHttpError(new UnauthorizedError(), 'c').headers?.['www-authenticate']).toBe('Bearer');
  });

  it('answers an unexpected error with a 500 that carries only the correlation id', () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2');
    const result = toHttpError(secret, 'corr-500');
    expect(result.statusCode).toBe(500);
    expect(body(result)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal error; reference corr-500', details: [], correlationId: 'corr-500' },
    });
    expect(result.body).not.toContain('hunter2');
    expect(result.body).not.toContain('ECONNREFUSED');
    expect(result.body).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('builds refusals without a stack trace, and leaves other errors theirs', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new GoneError('SOLD_OUT', 'none left');
    expect(refusal.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('fault').stack).toMatch(/\n\s+at /);
  });

  it('keeps the cause and name on named errors', () => {
    const cause = new Error('root');
    const error = new UnauthorizedError('nope', { cause });
    expect(error.name).toBe('UnauthorizedError');
    expect(error.cause).toBe(cause);
  });
});

describe('zod issues -> details', () => {
  it('names each bad field by its path, and the location for root issues', () => {
    const schema = z.object({ email: z.email(), address: z.object({ cep: z.string().length(8) }) });
    const result = schema.safeParse({ email: 'x', address: { cep: '1' } });
    expect(result.success).toBe(false);
    const details = validationDetails(result.error!.issues, 'body');
    expect(details.map((d) => d.field)).toEqual(['email', 'address.cep']);
    expect(validationDetails(z.string().safeParse(1).error!.issues, 'query')[0].field).toBe('query');
  });
});
