/**
 * THE wiring table (`wiring` below): every trigger of every function. The CDK stacks (lib/), the
 * local runtime (local/) and the OpenAPI document all loop over it, so a route is declared exactly once.
 *
 * The HTTP routes are declared per area in lambdas/routes/<area>.ts and gathered here in one
 * table. A handler passes its area's table to `http()` (lambdas/compose/http.ts), which reads the
 * route's access level and schemas from it by route key: the function's bundle then carries its
 * own area's schemas only, not every route's.
 *
 * `handler` is a path under lambdas/handlers/ without extension; the module exports `handler`.
 */
import { cartRoutes } from './routes/cart.js';
import { couponRoutes } from './routes/coupons.js';
import { checkoutRoutes } from './routes/checkout.js';
import { catalogRoutes } from './routes/catalog.js';
import { collectionRoutes } from './routes/collection.js';
import { flashSaleRoutes } from './routes/flash-sale.js';
import { identityRoutes } from './routes/identity.js';
import { logisticsRoutes } from './routes/logistics.js';
import { notificationRoutes } from './routes/notifications.js';
import { orderRoutes } from './routes/orders.js';
import { paymentRoutes } from './routes/payments.js';
import { privacyRoutes } from './routes/privacy.js';
import { reportRoutes } from './routes/reports.js';
import { shippingRoutes } from './routes/shipping.js';
import { systemRoutes } from './routes/system.js';
import { taxRoutes } from './routes/taxes.js';
import { testHookRoutes } from './routes/test-hooks.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { Grant, HttpMethod, HttpRoute } from './routes/types.js';
import { NOTIFIED_EVENTS } from './domain/notifications/notified-events.js';
import { WEBHOOK_DOMAIN_EVENTS } from './domain/webhooks/events.js';

export type { Access, Grant, HttpMethod, HttpRoute } from './routes/types.js';

/** In this order (the OpenAPI document lists the paths in it). */
export const routes = {
  ...systemRoutes,
  ...identityRoutes,
  ...catalogRoutes,
  ...cartRoutes,
  ...couponRoutes,
  ...shippingRoutes,
  ...checkoutRoutes,
  ...orderRoutes,
  ...paymentRoutes,
  ...logisticsRoutes,
  ...flashSaleRoutes,
  ...notificationRoutes,
  ...privacyRoutes,
  ...reportRoutes,
  ...taxRoutes,
  ...webhookRoutes,
  ...collectionRoutes,
} as const satisfies Record<string, HttpRoute>;

export type RouteKey = keyof typeof routes;

/** Scheduled rules (EventBridge in AWS, the local scheduler locally). */
export interface ScheduleDef {
  readonly name: string;
  readonly grants?: readonly Grant[];
  /** EventBridge schedule expression, e.g. `cron(0 * * * ? *)` or `rate(1 minute)`. */
  readonly schedule: string;
  readonly handler: string;
  readonly description: string;
}
export const schedules: readonly ScheduleDef[] = [
  {
    name: 'flash-sale-open-window', schedule: 'cron(0 * * * ? *)', handler: 'flash-sale/open-window', grants: ['table:write'],
    description: 'Every hour on the hour: open the flash-sale window with its units (idempotent)',
  },
  {
    name: 'flash-sale-reconcile', schedule: 'rate(1 minute)', handler: 'flash-sale/reconcile', grants: ['table:write'],
    description: 'Give back flash-sale units lost between claim steps; open a missed window',
  },
  {
    name: 'payment-reconciliation', schedule: 'rate(2 minutes)', handler: 'payments/reconcile', grants: ['table:write', 'payments:provider'],
    description: 'Re-check payments pending for over two minutes with the provider; retry pending refunds',
  },
  {
    name: 'order-expiry', schedule: 'rate(1 minute)', handler: 'orders/expire-orders', grants: ['table:write'],
    description: 'Expire unpaid orders past their payment deadline and release their stock',
  },
  {
    name: 'catalog-snapshot-refresh', schedule: 'rate(15 minutes)', handler: 'catalog/rebuild-snapshot',
    grants: ['table:read', 'catalogBucket:read', 'catalogBucket:write'],
    description: 'Rebuild the search snapshot: catches a lost stream batch, and brings stock counts and best-seller ranks up to date',
  },
  {
    name: 'pix-reminders', schedule: 'rate(1 minute)', handler: 'notifications/pix-reminders', grants: ['table:write', 'events:put'],
    description: 'Publish one PixPaymentExpiring per unpaid Pix charge whose deadline is within 5 minutes (the notifications queue sends it)',
  },
  {
    name: 'webhook-retries', schedule: 'rate(1 minute)', handler: 'webhooks/retry-due', grants: ['table:write'],
    description: 'Send the next attempt of every integrator webhook delivery that is due (exponential backoff for 24 h, or an admin\'s retry)',
  },
  {
    name: 'collection-tick', schedule: 'rate(1 minute)', handler: 'collection/tick', grants: ['table:write', 'collection:enqueue'],
    description: 'Start a run of every collection source that is due (its pages onto the collection queue); close runs past their deadline, counting their lost pages',
  },
];

/** Subscriptions to domain events on the bus. */
export interface SubscriptionDef {
  readonly name: string;
  readonly grants?: readonly Grant[];
  readonly detailTypes: readonly string[];
  readonly handler: string;
  readonly description: string;
}
export const subscriptions: readonly SubscriptionDef[] = [];

/** Consumers of the table's stream, filtered to items whose `entity` is listed. */
export interface StreamSubscriptionDef {
  readonly name: string;
  readonly entities: readonly string[];
  readonly handler: string;
  /** Seconds to gather records before invoking (debounces bursts of changes). */
  readonly batchWindowSeconds: number;
  /**
   * Which copy of the table's changes the consumer reads (docs/decisions.md "Table stream readers"):
   * DynamoDB Streams, which allows at most 2 readers per shard and keeps each item's changes in order
   * without duplicates, or Kinesis Data Streams for DynamoDB, for consumers that tolerate duplicates
   * and reordering (counted once per fact, idempotent, or re-reading the table).
   */
  readonly reader: 'dynamodb-streams' | 'kinesis';
  readonly grants?: readonly Grant[];
  readonly description: string;
}

/** DynamoDB Streams' advice: no more than two processes reading one shard at once (more get throttled). */
export const MAX_DYNAMODB_STREAM_READERS = 2;
export const streamSubscriptions: readonly StreamSubscriptionDef[] = [
  {
    name: 'domain-events', entities: ['Order', 'Payment', 'TokenMarker', 'ShipmentEvent', 'Variant', 'FlashWindowUnsold', 'CollectionRun', 'WebhookEndpoint'], handler: 'orders/publish-events', batchWindowSeconds: 0, reader: 'dynamodb-streams', grants: ['events:put'],
    description: 'Publish a domain event for every order and payment status change, every password change, every OUT_FOR_DELIVERY tracking event, every variant falling to low stock, every flash-sale window closed unsold, every webhook endpoint disabled and every collection run that needs an admin (transactional outbox)',
  },
  {
    name: 'sales-aggregates', entities: ['Order', 'Payment', 'User', 'FlashShard'], handler: 'reports/record-sales', batchWindowSeconds: 0, reader: 'kinesis', grants: ['table:write'],
    description: 'Count every sale, refund, cancellation, expiration, order placed and new customer once into its Sao Paulo day, and note when flash-sale shards sell out (the sales reports)',
  },
  // --- live tracking over WebSocket (issue 13) ---
  {
    name: 'realtime-pushes', entities: ['Order', 'ShipmentEvent'], handler: 'realtime/push-changes', batchWindowSeconds: 0, reader: 'dynamodb-streams',
    grants: ['table:write', 'websocket:manage'],
    description: 'Push every order status change and shipment event to its owner\'s WebSocket connections and to the admin feed',
  },
  {
    name: 'realtime-revocations', entities: ['TokenMarker'], handler: 'realtime/close-revoked', batchWindowSeconds: 0, reader: 'kinesis',
    grants: ['table:write', 'websocket:manage'],
    description: 'Close a user\'s WebSocket connections when a logout or account deletion revokes their tokens',
  },
  // --- end live tracking ---
  {
    name: 'catalog-search-snapshot', entities: ['Product', 'Variant', 'Category'], handler: 'catalog/rebuild-snapshot',
    batchWindowSeconds: 2, reader: 'kinesis', grants: ['table:read', 'catalogBucket:read', 'catalogBucket:write'],
    description: 'Patch the changed products into the search snapshot after catalog changes (a category change rebuilds it; stock counts alone do nothing: a variant selling out or coming back does)',
  },
];

// --- live tracking over WebSocket (issue 13) ---
/**
 * Routes of the WebSocket API (API Gateway WebSocket API in AWS; the local gateway's `/ws` on the
 * same port locally). `verifiesToken`: the handler checks the Cognito access token of the handshake
 * itself (it gets the pool configuration and reads the revocation marker).
 */
export interface WebSocketRouteDef {
  readonly handler: string;
  readonly verifiesToken?: boolean;
  readonly grants?: readonly Grant[];
  readonly description: string;
}
export type WebSocketRouteKey = '$connect' | '$disconnect';
export const websocketRoutes: Readonly<Record<WebSocketRouteKey, WebSocketRouteDef>> = {
  $connect: {
    handler: 'realtime/connect', verifiesToken: true, grants: ['table:write'],
    description: 'Handshake: verify the access token (?token=), record the connection (?feed=admin for admins)',
  },
  $disconnect: {
    handler: 'realtime/disconnect', grants: ['table:write'],
    description: 'Forget a closed connection',
  },
};
// --- end live tracking ---

/**
 * Queue consumers: EventBridge rules for `detailTypes` -> an SQS queue (with its DLQ: redrive after
 * `maxReceiveCount` receives, alarm on any message in it) -> the handler, through an event source
 * mapping with ReportBatchItemFailures. The handler is built with `queue()` (lambdas/triggers/queue.ts).
 * Locally: the SQS emulator, the local bus's queue target and the queue poller (local/queues.ts).
 */
export interface QueueSubscriptionDef {
  readonly name: string;
  /** The bus events a rule sends to the queue; none: the queue is fed only by the functions granted `sender`. */
  readonly detailTypes: readonly string[];
  /** Functions with this grant send to the queue themselves (SendMessage on it, `<NAME>_QUEUE_URL`). */
  readonly sender?: Grant;
  readonly handler: string;
  readonly grants?: readonly Grant[];
  /** Messages per invocation (SQS allows up to 10 without a batching window). */
  readonly batchSize: number;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  /** Seconds a received message stays hidden; in AWS at least the function's timeout (60 s) × 6, as Lambda advises. */
  readonly visibilityTimeoutSeconds: number;
  /**
   * S3 "Object Created" events of a bucket's keys under `prefix` also feed the queue: in AWS the
   * bucket sends them to EventBridge's default bus and a rule forwards them; locally the S3
   * emulator's notifications are put on the queue in the same shape (local/s3.ts).
   */
  readonly objectCreated?: { readonly bucket: 'media'; readonly prefix: string };
  /** Memory for the consumer in AWS (MB). @default 512 */
  readonly memoryMb?: number;
  readonly description: string;
}
export const queueSubscriptions: readonly QueueSubscriptionDef[] = [
  {
    name: 'notifications', detailTypes: NOTIFIED_EVENTS, handler: 'notifications/notify', batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 360,
    grants: ['table:write', 'notifications:send', 'notifications:sms', 'userPool:listUsersInGroup'],
    description: 'Tell the customer (pt-BR email always, SMS when opted in) about their orders, payments and account, and every admin about a collection run that needs a look, once per event, channel and person',
  },
  {
    name: 'webhooks', detailTypes: WEBHOOK_DOMAIN_EVENTS, handler: 'webhooks/fan-out', batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 360,
    grants: ['table:write'],
    description: 'Integrator webhooks: one delivery per matching endpoint and event, first attempt at once (retries: the webhook-retries schedule)',
  },
  {
    name: 'collection', detailTypes: [], sender: 'collection:enqueue', handler: 'collection/fetch-page', batchSize: 5, maxReceiveCount: 3, visibilityTimeoutSeconds: 360,
    grants: ['table:write', 'collection:enqueue'],
    description: 'Catalog collection: fetch one page politely (robots.txt, one fetch per host at a time, conditional GET), extract its products into collected items, count it into its run',
  },
  {
    name: 'images', detailTypes: [], sender: 'images:enqueue', objectCreated: { bucket: 'media', prefix: 'products/' },
    handler: 'catalog/make-renditions', batchSize: 1, maxReceiveCount: 3, visibilityTimeoutSeconds: 360, memoryMb: 2048,
    grants: ['table:write', 'mediaBucket:renditions', 'images:enqueue'],
    description: 'Product images: an upload (S3 Object Created) or a collected image (fetched politely) into WebP/AVIF/JPEG renditions at 160, 480 and 1200 px, recorded on the product',
  },
];

/** Cognito user pool triggers. */
export const cognitoTriggers = {
  customMessage: 'identity/cognito-custom-message',
} as const;

/**
 * Test-stage hooks (docs/testing.md): deployed only when the stage config marks the stage as a test
 * stage (`testHooks`; the CDK refuses them in prod), always served by the local stack. A Cognito
 * PreSignUp trigger that confirms sign-ups of the stage's test e-mail domain, and signed routes
 * through which a black-box test plays the sandbox payer and carrier.
 */
export const testHooks = {
  routes: testHookRoutes,
  preSignUp: 'test-hooks/auto-confirm',
} as const;

export type RouteWiring = Pick<HttpRoute, 'handler' | 'access' | 'grants' | 'memoryMb' | 'files'>;

/**
 * The whole wiring table as one value: what the CDK stacks (lib/) and the local stack (local/) loop
 * over. The stacks take it as a prop (defaulting to `wiring`) so tests can synthesize extra entries.
 */
export interface Wiring {
  /** Keyed by API Gateway route key, e.g. `POST /register`. */
  readonly routes: Readonly<Record<string, RouteWiring>>;
  readonly schedules: readonly ScheduleDef[];
  readonly subscriptions: readonly SubscriptionDef[];
  /** Consumers of the table's stream, filtered by the items' `entity`. */
  readonly streamSubscriptions: readonly StreamSubscriptionDef[];
  /** Consumers of SQS queues fed by bus rules. */
  readonly queueSubscriptions: readonly QueueSubscriptionDef[];
  /** The WebSocket API's routes, keyed by route key (`$connect`, `$disconnect`). */
  readonly websocketRoutes: Readonly<Record<string, WebSocketRouteDef>>;
  readonly cognitoTriggers: { readonly customMessage: string };
  /** Routes and the PreSignUp trigger of test stages only. */
  readonly testHooks: { readonly routes: Readonly<Record<string, RouteWiring>>; readonly preSignUp: string };
}

export const wiring: Wiring = { routes, schedules, subscriptions, streamSubscriptions, queueSubscriptions, websocketRoutes, cognitoTriggers, testHooks };

/**
 * Every handler module a wiring names (each becomes one function); the test hooks' only when
 * `testHooks` (the default: every handler that exists somewhere, for the bundle checks).
 */
export function handlersOf(table: Wiring = wiring, options: { testHooks?: boolean } = {}): string[] {
  const hooks = options.testHooks ?? true;
  return [...new Set([
    ...(hooks ? [...Object.values(table.testHooks.routes).map((r) => r.handler), table.testHooks.preSignUp] : []),
    ...Object.values(table.routes).map((r) => r.handler),
    ...table.schedules.map((s) => s.handler),
    ...table.subscriptions.map((s) => s.handler),
    ...table.streamSubscriptions.map((s) => s.handler),
    ...table.queueSubscriptions.map((s) => s.handler),
    ...Object.values(table.websocketRoutes).map((r) => r.handler),
    ...Object.values(table.cognitoTriggers),
  ])].sort();
}

export function splitRouteKey(key: string): { method: HttpMethod; path: string } {
  const [method, path] = key.split(' ');
  return { method: method as HttpMethod, path };
}
