/**
 * The wrappers for non-HTTP triggers (lambdas/triggers/): the logger context and correlation id on
 * every line, a job's failure logged once and rethrown with its metrics still published, a stream
 * batch that stops at its first failed record (order kept), a queue batch that gives back only the
 * failed messages, an event subscriber that parses the envelope, a Cognito trigger that answers the
 * event, a WebSocket route that answers its handshake with a status and never a stack trace. The handlers' own functions are plain closures here; the log lines are read from stdout.
 */
import '../helpers/logs-at-info.js';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CustomMessageTriggerEvent, DynamoDBRecord, DynamoDBStreamEvent, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { envelope } from '#domain/events.js';
import { metrics } from '#shared/metrics.js';
import { logger } from '#shared/powertools.js';
import * as z from '#shared/zod.js';
import { cognitoTrigger } from '#triggers/cognito-trigger.js';
import { eventSubscriber } from '#triggers/event-subscriber.js';
import { job } from '#triggers/job.js';
import { queue } from '#triggers/queue.js';
import { stream } from '#triggers/stream.js';
import { websocket, type WebSocketEvent } from '#triggers/websocket.js';
import { UnauthorizedError } from '#shared/errors.js';
import { lambdaContext } from '../../local/handlers.js';
import { capturedOutput } from '../helpers/output.js';

type Line = Record<string, unknown>;

/** Runs `run` and returns what it wrote to stdout/stderr as JSON lines (Powertools' log lines and EMF metrics). */
async function captured<T>(run: () => Promise<T>): Promise<{ lines: Line[]; result?: T; error?: unknown }> {
  const { lines, ...outcome } = await capturedOutput(run);
  return { ...outcome, lines: lines.map((l) => JSON.parse(l) as Line) };
}
const errors = (lines: Line[]) => lines.filter((l) => l.level === 'ERROR');

const context = lambdaContext('triggers-test');

describe('job()', () => {
  const scheduled = { id: 'evt-123', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };

  it('logs with the Lambda context and the scheduled event id as correlation id, and hands the id to the run', async () => {
    const handler = job('test-job', async ({ correlationId }) => {
      logger.info('working');
      return { correlationId };
    });
    const { lines, result } = await captured(() => handler(scheduled, context));
    expect(result).toEqual({ correlationId: 'evt-123' });
    expect(lines.find((l) => l.message === 'working')).toMatchObject({
      correlation_id: 'evt-123', function_name: context.functionName, function_request_id: context.awsRequestId, trigger: 'job test-job',
    });
  });

  it('uses the request id when the event has no id, and keeps no key from one run in the next', async () => {
    const handler = job('test-job', async (_run, event: { first?: boolean }) => {
      logger.info('working');
      if (event.first) logger.appendKeys({ leftover: true });
    });
    const { lines } = await captured(() => handler({ first: true }, context));
    expect(lines[0]).toMatchObject({ correlation_id: context.awsRequestId });
    const next = await captured(() => handler({}, lambdaContext('again')));
    expect(next.lines[0]).toMatchObject({ message: 'working' });
    expect(next.lines[0]).not.toHaveProperty('leftover');
  });

  it('publishes the run\'s metrics once, also when it fails, and logs the failure once before rethrowing it', async () => {
    const failure = new Error('provider down');
    const handler = job('test-job', async () => {
      metrics.addMetric('ThingsDone', 'Count', 3);
      throw failure;
    });
    const { lines, error } = await captured(() => handler(scheduled, context));
    expect(error).toBe(failure);
    expect(errors(lines)).toEqual([expect.objectContaining({ message: 'job test-job failed', correlation_id: 'evt-123', error: expect.objectContaining({ message: 'provider down' }) })]);
    expect(lines.filter((l) => '_aws' in l)).toEqual([expect.objectContaining({ ThingsDone: 3 })]);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('publishes nothing (and warns nothing) for a run that recorded no metric', async () => {
    const { lines } = await captured(() => job('quiet', async () => undefined)(scheduled, context));
    expect(lines).toEqual([]);
  });
});

describe('stream()', () => {
  const record = (sequence: string, item: Record<string, unknown>): DynamoDBRecord => ({
    eventID: `e${sequence}`, eventName: 'MODIFY',
    dynamodb: { SequenceNumber: sequence, NewImage: marshall(item) as never, OldImage: marshall({ ...item, n: -1 }) as never },
  });
  const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

  function consumer(failOn: number[] = []) {
    const seen: unknown[] = [];
    const handler = stream(async ({ next, previous }) => {
      seen.push([next, previous]);
      if (failOn.includes(next?.n as number)) throw new Error(`record ${next?.n} failed`);
    });
    return { handler, seen };
  }

  it('hands each record\'s unmarshalled images to the function, in order, and reports no failure', async () => {
    const { handler, seen } = consumer();
    const { result } = await captured(() => handler(batch(record('1', { n: 1 }), record('2', { n: 2 })), context));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([[{ n: 1 }, { n: -1 }], [{ n: 2 }, { n: -1 }]]);
  });

  it('stops at a failed record: it and every later one are reported, none after it runs, the failure is logged once', async () => {
    const { handler, seen } = consumer([2]);
    const { result, lines } = await captured(() => handler(batch(record('1', { n: 1 }), record('2', { n: 2 }), record('3', { n: 3 })), context));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }, { itemIdentifier: '3' }] });
    expect(seen).toHaveLength(2);
    expect(errors(lines)).toEqual([expect.objectContaining({ sequenceNumber: '2', eventID: 'e2', function_name: context.functionName })]);
  });

  it('answers a batch whose first record fails with partial failures too (the invocation itself succeeds)', async () => {
    const { handler, seen } = consumer([1]);
    const { result, error } = await captured(() => handler(batch(record('1', { n: 1 }), record('2', { n: 2 })), context));
    expect(error).toBeUndefined();
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }, { itemIdentifier: '2' }] });
    expect(seen).toHaveLength(1);
  });
});

describe('queue()', () => {
  const Message = z.object({ to: z.string() });
  const sqs = (...bodies: string[]): SQSEvent => received(1, ...bodies);
  const received = (count: number, ...bodies: string[]): SQSEvent => ({
    Records: bodies.map((body, i) => ({
      messageId: `m${i + 1}`, receiptHandle: 'r', body, attributes: { ApproximateReceiveCount: String(count) } as never, messageAttributes: {}, md5OfBody: '',
      eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:local:000000000000:q', awsRegion: 'local',
    })),
  });

  it('hands each parsed message to the function and gives back only the ones that failed (handler error or bad body)', async () => {
    const handled: string[] = [];
    const handler = queue(Message, async (message) => {
      if (message.to === 'fails') throw new Error('provider refused');
      handled.push(message.to);
    });
    const { result, lines } = await captured(() => handler(sqs('{"to":"ana"}', '{"to":"fails"}', '{"to":"bia"}', '{"nope":1}', 'not json'), context));
    // Messages run in parallel, so failures come back in the order they happened.
    expect(result?.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m2', 'm4', 'm5']);
    expect(handled.sort()).toEqual(['ana', 'bia']);
    expect(errors(lines).map((l) => l.messageId).sort()).toEqual(['m2', 'm4', 'm5']);
  });

  it('logs a malformed message once, on its first receive; its later receives fail without a log line, a handler failure logs each time', async () => {
    const handler = queue(Message, async (message) => {
      if (message.to === 'ana') throw new Error('provider throttled');
    });
    const again = await captured(() => handler(received(3, '{"to":"ana"}', 'not json', '{"to":"bia"}'), context));
    expect(again.result?.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm2']);
    expect(errors(again.lines).map((l) => l.messageId)).toEqual(['m1']);
  });

  it('fails the invocation when every message failed (Powertools\' full batch failure)', async () => {
    const handler = queue(Message, async () => {
      throw new Error('down');
    });
    const { error } = await captured(() => handler(sqs('{"to":"ana"}'), context));
    expect(error).toBeInstanceOf(Error);
  });
});

describe('eventSubscriber()', () => {
  const orderPaid = envelope({
    name: 'OrderPaid', id: 'o1:PAID', correlationId: 'req-42', time: '2026-11-27T13:00:05.000Z',
    data: {
      orderId: 'o1', customerId: 'c1', status: 'PAID', previousStatus: 'PENDING_PAYMENT', totalCents: 100, items: [],
      paymentDeadline: '2026-11-27T13:30:00.000Z', carrier: null, trackingCode: null, flashSaleId: null,
    },
  });
  const busEvent = (name: string, detail: unknown) => ({
    version: '0', id: 'bus-1', 'detail-type': name, source: 'store.orders', account: '0', time: '', region: 'local', resources: [], detail,
  }) as EventBridgeEvent<'OrderPaid', unknown>;

  it('parses the envelope with its schema and logs with the event\'s correlation id', async () => {
    const handler = eventSubscriber<'OrderPaid', string>(async ({ name, metadata, data }) => {
      logger.info('received');
      return `${name} ${metadata.id} ${data.orderId}`;
    });
    const { result, lines } = await captured(() => handler(busEvent('OrderPaid', orderPaid), context));
    expect(result).toBe('OrderPaid o1:PAID o1');
    expect(lines[0]).toMatchObject({ message: 'received', correlation_id: 'req-42', eventName: 'OrderPaid', function_request_id: context.awsRequestId });
  });

  it('fails loudly, logged once, on a malformed event or one that is not a domain event', async () => {
    const fn = jest.fn(async () => undefined);
    const handler = eventSubscriber<'OrderPaid'>(fn);
    const malformed = await captured(() => handler(busEvent('OrderPaid', { metadata: { id: 'x' }, data: {} }), context));
    expect(malformed.error).toBeInstanceOf(Error);
    expect(errors(malformed.lines)).toHaveLength(1);
    const unknown = await captured(() => handler(busEvent('toString', orderPaid), context));
    expect(unknown.error).toEqual(new Error('toString is not a domain event'));
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('cognitoTrigger()', () => {
  it('answers with the event the function returns, logging with the Lambda context and the trigger source', async () => {
    const event = { triggerSource: 'CustomMessage_SignUp', request: {}, response: {} } as unknown as CustomMessageTriggerEvent;
    const handler = cognitoTrigger<CustomMessageTriggerEvent>(async (e) => {
      logger.info('answering');
      e.response.emailSubject = 'Olá';
      return e;
    });
    const { result, lines } = await captured(() => handler(event, context));
    expect(result?.response.emailSubject).toBe('Olá');
    expect(lines[0]).toMatchObject({ triggerSource: 'CustomMessage_SignUp', function_name: context.functionName, correlation_id: context.awsRequestId });
  });

  it('logs a failure once and rethrows it (Cognito then fails the user\'s request)', async () => {
    const handler = cognitoTrigger<CustomMessageTriggerEvent>(async () => {
      throw new Error('template missing');
    });
    const { error, lines } = await captured(() => handler({ triggerSource: 'CustomMessage_SignUp' } as CustomMessageTriggerEvent, context));
    expect(error).toEqual(new Error('template missing'));
    expect(errors(lines)).toHaveLength(1);
  });
});

describe('websocket()', () => {
  const connect = (query?: Record<string, string>): WebSocketEvent => ({
    requestContext: {
      routeKey: '$connect', eventType: 'CONNECT', messageId: '', extendedRequestId: 'x', requestTime: '', messageDirection: 'IN', stage: 'dev',
      connectedAt: 0, requestTimeEpoch: 0, requestId: 'ws-req-1', domainName: 'example.com', connectionId: 'L0SM9cOFvHcCIhw=', apiId: 'api',
    },
    headers: { host: 'example.com' },
    ...(query ? { queryStringParameters: query } : {}),
    isBase64Encoded: false,
  });

  it('hands the connection id and the query to the function and answers 200; logs carry the connection and the request id', async () => {
    const seen: unknown[] = [];
    const handler = websocket(async (request) => {
      seen.push(request);
      logger.info('connecting');
    });
    const { lines, result } = await captured(() => handler(connect({ token: 't' }), context));
    expect(result).toMatchObject({ statusCode: 200 });
    expect(seen).toEqual([expect.objectContaining({ connectionId: 'L0SM9cOFvHcCIhw=', routeKey: '$connect', query: { token: 't' }, correlationId: 'ws-req-1' })]);
    expect(lines.find((l) => l.message === 'connecting')).toMatchObject({ correlation_id: 'ws-req-1', connectionId: 'L0SM9cOFvHcCIhw=', routeKey: '$connect', trigger: 'websocket' });
  });

  it('answers a named error with its status in the contract\'s shape (a refused handshake), logging no error', async () => {
    const handler = websocket(async () => {
      throw new UnauthorizedError('Invalid or expired token');
    });
    const { lines, result } = await captured(() => handler(connect(), context));
    expect(result?.statusCode).toBe(401);
    expect(JSON.parse(result?.body ?? '')).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid or expired token', details: [] } });
    expect(errors(lines)).toEqual([]);
  });

  it('answers an unexpected failure with a 500 that carries only the correlation id, never a stack trace', async () => {
    const handler = websocket(async () => {
      throw new Error('table is down at /var/task/index.mjs:1:2');
    });
    const { lines, result } = await captured(() => handler(connect(), context));
    expect(result?.statusCode).toBe(500);
    expect(result?.body).not.toContain('table is down');
    expect(result?.body).not.toContain('index.mjs');
    expect(JSON.parse(result?.body ?? '')).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal error; reference ws-req-1', details: [], correlationId: 'ws-req-1' } });
    expect(errors(lines)).toEqual([expect.objectContaining({ correlation_id: 'ws-req-1' })]);
  });
});
