/**
 * A local EventBridge bus: answers the PutEvents API (so handlers use the real SDK client), and
 * delivers each event to the wiring table's subscriptions whose detail-types match, asynchronously,
 * with EventBridge's retry behaviour in small (3 attempts), and to the queues of its queue
 * subscriptions (an SQS target: SendMessage of the whole event, local/queues.ts). Published events are listed by
 * `GET /_local/events` for tests.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueueSubscriptionDef, SubscriptionDef } from '../lambdas/routes.js';

export interface BusEvent {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: unknown;
  account: string;
  region: string;
  version: '0';
  resources: string[];
}

export function startEventBus(options: {
  subscriptions: readonly SubscriptionDef[];
  invoke: (handler: string, event: unknown) => Promise<unknown>;
  /** Rules whose target is a queue: the event (as EventBridge sends it to SQS, the whole event as JSON) goes to `sendToQueue`. */
  queueSubscriptions?: readonly QueueSubscriptionDef[];
  sendToQueue?: (name: string, body: string) => Promise<void>;
}): Promise<{ endpoint: string; events(filter?: { type?: string }): BusEvent[]; idle(): Promise<void>; stop(): Promise<void> }> {
  const log: BusEvent[] = [];
  let inFlight = 0;

  const deliver = async (subscription: SubscriptionDef, event: BusEvent) => {
    inFlight++;
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          await options.invoke(subscription.handler, event);
          return;
        } catch (error) {
          if (attempt === 3) console.error(`event ${event['detail-type']} ${event.id} to ${subscription.name} failed 3 times (would go to its DLQ)`, error);
          else await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    } finally {
      inFlight--;
    }
  };

  const deliverToQueue = async (subscription: QueueSubscriptionDef, event: BusEvent) => {
    inFlight++;
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          await options.sendToQueue?.(subscription.name, JSON.stringify(event));
          return;
        } catch (error) {
          if (attempt === 3) console.error(`event ${event['detail-type']} ${event.id} to queue ${subscription.name} failed 3 times`, error);
          else await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    } finally {
      inFlight--;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `unsupported target ${target}` }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: { Source: string; DetailType: string; Detail: string; Time?: number | string }[] };
      const results = body.Entries.map((entry) => {
        const event: BusEvent = {
          version: '0',
          id: randomUUID(),
          'detail-type': entry.DetailType,
          source: entry.Source,
          account: '000000000000',
          region: 'local',
          time: entry.Time ? new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time).toISOString() : new Date().toISOString(),
          resources: [],
          detail: JSON.parse(entry.Detail),
        };
        log.push(event);
        if (log.length > 10_000) log.shift();
        for (const s of options.subscriptions) {
          if (s.detailTypes.includes(event['detail-type'])) void deliver(s, event);
        }
        for (const q of options.queueSubscriptions ?? []) {
          if (q.detailTypes.includes(event['detail-type'])) void deliverToQueue(q, event);
        }
        return { EventId: event.id };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedEntryCount: 0, Entries: results }));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        events: (filter = {}) => log.filter((e) => !filter.type || e['detail-type'] === filter.type).slice().reverse(),
        idle: async () => {
          while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
        },
        stop: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
