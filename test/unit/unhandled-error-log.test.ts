/**
 * A request that ends in a 500 writes exactly one ERROR line whose `message` is
 * UNHANDLED_ERROR_MESSAGE and whose `service` names the function's service: the `UnhandledError`
 * metric is counted from that line by a CloudWatch metric filter (lib/function.ts; its pattern is
 * asserted in test/infra), so the line's shape is what the metric depends on.
 */
import { toHttpError } from '#http/responses.js';
import { ConflictError, UNHANDLED_ERROR_MESSAGE } from '#shared/errors.js';
import { logger } from '#shared/powertools.js';
import { capturedOutput } from '../helpers/output.js';

// Tests run with handler logs silenced (test/helpers/setup-env.ts); this file reads them.
beforeAll(() => logger.setLogLevel('INFO'));
afterAll(() => logger.setLogLevel('SILENT'));

it('logs one ERROR line with the unhandled-error message and the service for a 500', async () => {
  const { lines, result } = await capturedOutput(() => toHttpError(new Error('boom'), 'corr-9'));
  expect(result?.statusCode).toBe(500);
  expect(lines).toHaveLength(1);
  const entry = JSON.parse(lines[0]);
  expect(entry).toMatchObject({ level: 'ERROR', message: UNHANDLED_ERROR_MESSAGE, service: 'store-api', correlationId: 'corr-9' });
});

it('writes nothing for an error the API answers on purpose (4xx)', async () => {
  const { lines, result } = await capturedOutput(() => toHttpError(new ConflictError('OUT_OF_STOCK', 'short'), 'corr-4'));
  expect(result?.statusCode).toBe(409);
  expect(lines).toEqual([]);
});
