/**
 * The whole local stack in one call: DynamoDB Local, the Cognito emulator, the gateway, the
 * scheduler and the /_local endpoints. `npm start` (local/start.ts) and the test harness both
 * use it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { queueSubscriptions, schedules, streamSubscriptions, subscriptions } from '../lambdas/routes.js';
import { clock } from '../lambdas/shared/clock.js';
import { startCognito } from './cognito.js';
import { ensureTable, startDynamo } from './dynamodb.js';
import { startEventBus } from './eventbus.js';
import { LOCAL_BUCKETS, startS3 } from './s3.js';
import { startStreamPoller } from './streams.js';
import { startGateway } from './gateway.js';
import { countDynamoCall, currentHandler, invokeHandler } from './handlers.js';
import { enforceLeadingKeys } from './leading-keys.js';
import { localEndpoints, noLocalEndpoints } from './endpoints.js';
import { scheduledEvent, startScheduler } from './scheduler.js';
import { startQueues } from './queues.js';
import { type MelhorEnvioFake, startMelhorEnvioFake } from './melhorenvio-fake.js';
import { startMercadoPagoFake } from './mercadopago-fake.js';

export interface LocalStackOptions {
  /** Where data is kept; DynamoDB data lives in memory when `inMemory` is set. */
  dataDir: string;
  port: number;
  dynamoPort: number;
  cognitoPort: number;
  s3Port: number;
  /** The SQS emulator's port (0: any free one). */
  sqsPort: number;
  inMemory?: boolean;
  logLevel?: string;
  /** Overrides the queues' visibility timeout (seconds a failed message waits before its retry). @default each queue subscription's */
  queueVisibilityTimeoutSeconds?: number;
}

export interface LocalStack {
  url: string;
  env: Record<string, string>;
  /** Resolves when stream consumers, the bus and the queues have caught up (benchmarks, seeding). */
  streamsIdle(): Promise<void>;
  /** The SQS emulator (queue subscriptions: `<TABLE_NAME>-<name>` and `<TABLE_NAME>-<name>-dlq`). */
  sqsEndpoint: string;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'store-local';
/** Sign-ups at this domain are confirmed without a code (the test hooks' PreSignUp trigger). */
export const LOCAL_TEST_EMAIL_DOMAIN = 'e2e.local.invalid';

/**
 * LOCAL_STREAM_SUBSCRIPTIONS=name,name: only these stream consumers read the table's stream (the
 * reports benchmark runs the sales-aggregates consumer alone, as its own Lambda has its own CPU in
 * AWS); unset, all of them. An unknown name stops the stack.
 */
function chosenStreamSubscriptions(names: string | undefined) {
  if (!names) return streamSubscriptions;
  const wanted = names.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !streamSubscriptions.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`LOCAL_STREAM_SUBSCRIPTIONS: unknown subscription(s) ${unknown.join(', ')}; known: ${streamSubscriptions.map((s) => s.name).join(', ')}`);
  return streamSubscriptions.filter((s) => wanted.includes(s.name));
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.join(dataDir, 'dynamodb'), { recursive: true });
  await mkdir(path.join(dataDir, 'cognito'), { recursive: true });
  await mkdir(path.join(dataDir, 's3'), { recursive: true });
  const stoppers: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s();
  };
  try {
    const dynamo = await startDynamo({ port: options.dynamoPort, dbPath: options.inMemory ? undefined : path.join(dataDir, 'dynamodb') });
    stoppers.push(() => dynamo.stop());
    const streamArn = await ensureTable(dynamo.endpoint, TABLE_NAME);
    const queues = await startQueues({ subscriptions: queueSubscriptions, invoke: invokeHandler, visibilityTimeoutSeconds: options.queueVisibilityTimeoutSeconds, prefix: TABLE_NAME, port: options.sqsPort });
    stoppers.push(() => queues.stop());
    // The wiring table's `objectCreated` rows: S3's "Object Created" events of their bucket and prefix onto their queue (EventBridge's rule in AWS).
    const s3 = await startS3({
      port: options.s3Port,
      directory: path.join(dataDir, 's3'),
      onObjectCreated: (event) => {
        for (const q of queueSubscriptions) {
          if (!q.objectCreated || LOCAL_BUCKETS[q.objectCreated.bucket] !== event.detail.bucket.name || !event.detail.object.key.startsWith(q.objectCreated.prefix)) continue;
          queues.send(q.name, JSON.stringify(event)).catch((error: unknown) => console.error(`S3 event for ${event.detail.object.key} not queued`, error));
        }
      },
    });
    stoppers.push(() => s3.stop());
    const bus = await startEventBus({ subscriptions, invoke: invokeHandler, queueSubscriptions, sendToQueue: queues.send });
    stoppers.push(() => bus.stop());
    let selfUrl = '';
    // LOCAL_CARRIER=melhorenvio: the Melhor Envio adapter against its local fake, whose webhooks come back to the gateway.
    let melhorEnvio: MelhorEnvioFake | undefined;
    const meCredentials = { accessToken: `me-local-${randomBytes(12).toString('hex')}`, webhookSecret: randomBytes(24).toString('base64url') };
    if (process.env.LOCAL_CARRIER === 'melhorenvio') {
      const fake = await startMelhorEnvioFake({
        ...meCredentials,
        notify: async ({ body, headers }) => {
          await fetch(`${selfUrl}/webhooks/carriers/melhorenvio`, { method: 'POST', headers, body });
        },
      });
      melhorEnvio = fake;
      stoppers.push(() => fake.stop());
    }

    // LOCAL_PAYMENTS=mercadopago: the Mercado Pago adapter against its local fake, which also serves a fake of MP's
    // browser SDK for the storefront's card form; its webhooks come back to the gateway signed.
    let mercadoPagoEnv: Record<string, string> = { PAYMENT_PROVIDER: 'sandbox' };
    if (process.env.LOCAL_PAYMENTS === 'mercadopago') {
      const mp = { accessToken: `TEST-local-${randomBytes(12).toString('hex')}`, webhookSecret: randomBytes(24).toString('base64url'), publicKey: `TEST-${randomBytes(8).toString('hex')}` };
      const fake = await startMercadoPagoFake({
        ...mp,
        notify: async ({ headers, query, body }) => {
          await fetch(`${selfUrl}/webhooks/payments/mercadopago?${new URLSearchParams(query)}`, { method: 'POST', headers, body: JSON.stringify(body) });
        },
      });
      stoppers.push(() => fake.stop());
      mercadoPagoEnv = {
        PAYMENT_PROVIDER: 'mercadopago', MERCADOPAGO_BASE_URL: fake.baseUrl, MERCADOPAGO_ACCESS_TOKEN: mp.accessToken,
        MERCADOPAGO_WEBHOOK_SECRET: mp.webhookSecret, MERCADOPAGO_PUBLIC_KEY: mp.publicKey, MERCADOPAGO_SDK_URL: `${fake.baseUrl}/js/v2`,
      };
    }

    const env: Record<string, string> = {
      STAGE: 'local',
      TABLE_NAME,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      // The S3 emulator only knows these credentials; DynamoDB Local and Cognito accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      S3_ENDPOINT: s3.endpoint,
      CATALOG_BUCKET: LOCAL_BUCKETS.catalog,
      MEDIA_BUCKET: LOCAL_BUCKETS.media,
      // Shipping labels: private, under labels/ in the catalog bucket (as in AWS).
      LABELS_BUCKET: LOCAL_BUCKETS.catalog,
      // Big report exports: under exports/ in the catalog bucket (as in AWS).
      EXPORTS_BUCKET: LOCAL_BUCKETS.catalog,
      MEDIA_BASE_URL: `${s3.endpoint}/${LOCAL_BUCKETS.media}`,
      EVENTBRIDGE_ENDPOINT: bus.endpoint,
      EVENT_BUS_NAME: 'store-local',
      ...mercadoPagoEnv,
      CARRIER_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
      ...(melhorEnvio
        ? {
            CARRIER_PROVIDER: 'melhorenvio', MELHORENVIO_BASE_URL: melhorEnvio.baseUrl, MELHORENVIO_ACCESS_TOKEN: meCredentials.accessToken,
            MELHORENVIO_WEBHOOK_SECRET: meCredentials.webhookSecret, MELHORENVIO_USER_AGENT: 'Big E-Commerce local (dev@example.com)',
            CARRIER_QUOTE_TIMEOUT_MS: process.env.CARRIER_QUOTE_TIMEOUT_MS ?? '1000',
          }
        : { CARRIER_PROVIDER: 'sandbox' }),
      NOTIFIER: 'outbox',
      SMS_NOTIFIER: 'outbox',
      SANDBOX_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
      // A test stage (docs/testing.md): the signed /test-hooks routes and the PreSignUp trigger's domain.
      TEST_HOOKS_SECRET: randomBytes(24).toString('base64url'),
      TEST_EMAIL_DOMAIN: LOCAL_TEST_EMAIL_DOMAIN,
      OUTBOX_FILE: path.join(dataDir, 'outbox.jsonl'),
      COGNITO_GLOBAL_SIGN_OUT: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
      POWERTOOLS_SERVICE_NAME: 'store-api-local',
      VALIDATE_RESPONSES: 'true',
      // One machine plays every client: the per-IP limit reads the tests' X-Forwarded-For.
      CLIENT_IP_SOURCE: 'x-forwarded-for',
      // Integrator webhooks may go to a receiver on this machine (never set in AWS); retries come
      // back after WEBHOOK_BACKOFF_BASE_MS × 2^n (30 s in AWS; the tests use 0 and run the sweep).
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
      WEBHOOK_BACKOFF_BASE_MS: process.env.WEBHOOK_BACKOFF_BASE_MS ?? '1000',
      // Queues fed by functions (the collection queue), on the SQS emulator.
      SQS_ENDPOINT: queues.endpoint,
      ...Object.fromEntries(queueSubscriptions.filter((q) => q.sender).map((q) => [`${q.name.toUpperCase().replace(/-/g, '_')}_QUEUE_URL`, queues.urls(q.name).queue])),
      // The collector may fetch fixture sites on this machine (never set in AWS); hosts are paced COLLECTION_HOST_INTERVAL_MS apart.
      COLLECTION_ALLOW_LOOPBACK: 'true',
      COLLECTION_HOST_INTERVAL_MS: process.env.COLLECTION_HOST_INTERVAL_MS ?? '2000',
      COLLECTION_TIMEOUT_MS: process.env.COLLECTION_TIMEOUT_MS ?? '15000',
    };
    // Handlers read their configuration when first imported, which happens after this point.
    Object.assign(process.env, env);

    const cognito = await startCognito({ dataDir: path.join(dataDir, 'cognito'), port: options.cognitoPort, invoke: invokeHandler });
    stoppers.push(() => cognito.stop());
    Object.assign(env, {
      COGNITO_ENDPOINT: cognito.endpoint,
      USER_POOL_ID: cognito.userPoolId,
      USER_POOL_CLIENT_ID: cognito.clientId,
      JWT_ISSUER: cognito.issuer,
      JWKS_URI: cognito.jwksUri,
    });
    Object.assign(process.env, env);
    const { ddb, observeDynamoCalls } = await import('../lambdas/adapters/dynamodb/client.js');
    observeDynamoCalls(countDynamoCall);
    enforceLeadingKeys(ddb, currentHandler);

    const runSchedule = (name: string) => {
      const schedule = schedules.find((s) => s.name === name);
      if (!schedule) return undefined;
      return invokeHandler(schedule.handler, scheduledEvent(schedule, clock.now()));
    };
    // LOCAL_ENDPOINTS=off: a stack without its back doors, as a deployed test stage is (the e2e suite's, test/e2e/global-setup.ts).
    const endpoints = process.env.LOCAL_ENDPOINTS === 'off' ? noLocalEndpoints : localEndpoints({ runSchedule, events: bus.events, selfUrl: () => selfUrl, melhorEnvio });
    const gateway = await startGateway({ port: options.port, localEndpoints: endpoints });
    selfUrl = gateway.url;
    stoppers.push(() => gateway.stop());
    // The pushers reach the WebSocket API's management API on the gateway (set before a pusher is loaded).
    env.WEBSOCKET_CALLBACK_URL = gateway.url;
    process.env.WEBSOCKET_CALLBACK_URL = gateway.url;

    const scheduler = startScheduler(schedules, (s) => runSchedule(s.name) ?? Promise.resolve());
    stoppers.push(() => scheduler.stop());

    const poller = startStreamPoller({ endpoint: dynamo.endpoint, streamArn, subscriptions: chosenStreamSubscriptions(process.env.LOCAL_STREAM_SUBSCRIPTIONS), invoke: invokeHandler });
    stoppers.push(() => poller.stop());
    const idle = async () => {
      // A stream batch can publish events and an event can write to the table: settle both.
      for (let i = 0; i < 3; i++) {
        await poller.idle();
        await bus.idle();
        await queues.idle();
      }
    };
    return { url: gateway.url, env, stop, streamsIdle: idle, sqsEndpoint: queues.endpoint };
  } catch (error) {
    await stop();
    throw error;
  }
}
