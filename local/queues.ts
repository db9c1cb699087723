/**
 * The wiring table's queue subscriptions on a real SQS emulator (npm `local-aws-sqs`, SQS's JSON
 * protocol, driven here with @aws-sdk/client-sqs v3 like any SQS client): one queue and one
 * dead-letter queue per row, created with the row's RedrivePolicy (maxReceiveCount), and pollers
 * that play Lambda's event source mapping: receive a batch (WaitTimeSeconds 0), invoke the handler
 * with an SQSEvent, delete what succeeded and leave the `batchItemFailures` (or the whole batch, when
 * the invocation fails) on the queue, where they come back after the visibility timeout. After
 * `maxReceiveCount` receives the emulator itself moves a message to the DLQ.
 *
 * Failed messages are left alone, never made visible with ChangeMessageVisibility: Lambda does not
 * either, and local-aws-sqs 2.0.2 counts a visibility change as a receive (it would reach the DLQ early).
 */
import type { AddressInfo } from 'node:net';
import {
  CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import type { QueueSubscriptionDef } from '../lambdas/routes.js';

const IDLE_POLL_MS = 100;
const REGION = 'us-east-1';

export interface LocalQueues {
  endpoint: string;
  /** The queue and DLQ URLs of a subscription. */
  urls(name: string): { queue: string; deadLetters: string };
  /** SendMessage to a subscription's queue (the bus's queue target). */
  send(name: string, body: string): Promise<void>;
  /** Resolves when no message is visible and no batch is being handled (messages waiting out a failure's visibility timeout are not waited for). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startQueues(options: {
  subscriptions: readonly QueueSubscriptionDef[];
  invoke: (handler: string, event: unknown) => Promise<unknown>;
  /** Overrides every row's visibility timeout (tests use a short one so retries come back fast). */
  visibilityTimeoutSeconds?: number;
  /** Batches handled at once per queue (Lambda scales its pollers out; a few are enough here). @default 4 */
  concurrency?: number;
  prefix: string;
  port: number;
}): Promise<LocalQueues> {
  const server = await createSqsServer({ port: options.port, hostname: '127.0.0.1', region: REGION, emulateQueueCreationLifecycle: false });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({ region: REGION, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const urls = new Map<string, { queue: string; deadLetters: string; arn: string }>();
  for (const s of options.subscriptions) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${options.prefix}-${s.name}-dlq` }));
    const dlqArn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    const queue = await client.send(new CreateQueueCommand({
      QueueName: `${options.prefix}-${s.name}`,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? s.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: s.maxReceiveCount }),
      },
    }));
    const arn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    urls.set(s.name, { queue: queue.QueueUrl as string, deadLetters: dlq.QueueUrl as string, arn: arn as string });
  }

  let stopped = false;
  let handling = 0;
  const loops: Promise<void>[] = [];

  const record = (m: Message, arn: string): SQSRecord => ({
    messageId: m.MessageId as string,
    receiptHandle: m.ReceiptHandle as string,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: m.Attributes?.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: REGION,
  });

  /** One batch: invoke, then delete what succeeded. */
  async function handle(s: QueueSubscriptionDef, queueUrl: string, arn: string, messages: Message[]): Promise<void> {
    let failed: Set<string>;
    try {
      const response = (await options.invoke(s.handler, { Records: messages.map((m) => record(m, arn)) })) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // The invocation failed (every message failed, or the function threw): the whole batch stays.
      failed = new Set(messages.map((m) => m.MessageId as string));
    }
    const done = messages.filter((m) => !failed.has(m.MessageId as string));
    if (done.length) {
      await client.send(new DeleteMessageBatchCommand({
        QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
      }));
    }
  }

  async function poll(s: QueueSubscriptionDef): Promise<void> {
    const { queue, arn } = urls.get(s.name) as { queue: string; arn: string };
    while (!stopped) {
      try {
        const { Messages } = await client.send(new ReceiveMessageCommand({
          QueueUrl: queue, MaxNumberOfMessages: s.batchSize, WaitTimeSeconds: 0, AttributeNames: ['All'],
        }));
        if (Messages?.length) {
          handling++;
          try {
            await handle(s, queue, arn, Messages);
          } finally {
            handling--;
          }
        } else await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      } catch (error) {
        if (!stopped) console.error(`queue poller ${s.name} error`, error);
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      }
    }
  }

  for (const s of options.subscriptions) {
    for (let i = 0; i < (options.concurrency ?? 4); i++) loops.push(poll(s));
  }

  const visible = async () => {
    let total = 0;
    for (const { queue } of urls.values()) {
      const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queue, AttributeNames: ['ApproximateNumberOfMessages'] }));
      total += Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    }
    return total;
  };

  return {
    endpoint,
    urls: (name) => {
      const found = urls.get(name);
      if (!found) throw new Error(`No queue subscription named ${name}`);
      return { queue: found.queue, deadLetters: found.deadLetters };
    },
    send: async (name, body) => {
      await client.send(new SendMessageCommand({ QueueUrl: urls.get(name)?.queue, MessageBody: body }));
    },
    idle: async () => {
      // Twice in a row, a poll apart: a batch received between two checks is being handled by the second.
      for (let quiet = 0; quiet < 2;) {
        quiet = handling === 0 && (await visible()) === 0 ? quiet + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS + 50));
      }
    },
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
