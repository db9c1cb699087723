import { Annotations, CfnOutput, Duration, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Access, Grant } from '../lambdas/routes.js';
import { ApiEdge, originVerifySecret } from './api-edge.js';
import { applyGrants, bindTable, bindUserPool, effectiveGrants, type BoundResources } from './bindings.js';
import { StoreFunction, handlerId } from './function.js';
import { CLAIM_ROUTE, PURCHASE_ROUTES, StoreHttpApi } from './http-api.js';
import { WRITE_PARTITIONS } from './leading-keys.js';
import { Monitoring, RECONCILED_UNITS_METRIC } from './monitoring.js';
import { QueueSubscription } from './queue-subscription.js';
import { StoreWebSocketApi } from './websocket-api.js';
import { productImageSources } from './storefront-headers.js';
import { STOREFRONT_PATH, StorefrontSite } from './storefront-site.js';
import { acknowledge, acknowledgeFunctionFindings } from './nag.js';
import type { StageConfig, ThrottleLimits } from './stage-config.js';
import { bucketName } from './storage.js';
import { MAX_DYNAMODB_STREAM_READERS, type Wiring, wiring as WIRING } from '../lambdas/routes.js';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: ITableV2;
  /** The Kinesis copy of the table's changes (the stateful stack's), read by the subscriptions whose `reader` is `kinesis`. */
  readonly tableChanges: IStream;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly eventBus: IEventBus;
  /** Public base URL of the product media (CloudFront). */
  readonly mediaBaseUrl: string;
  /** Functions built elsewhere (the Cognito trigger) that this stack's monitoring should watch. */
  readonly externalFunctions?: Readonly<Record<string, IFunction>>;
  /** @default the wiring table in lambdas/routes.ts */
  readonly wiring?: Wiring;
  /** @default lib/http-api.ts ROUTE_THROTTLE */
  readonly routeThrottle?: Readonly<Record<string, ThrottleLimits>>;
  /** @default process.cwd() */
  readonly projectRoot?: string;
  /**
   * CloudFront + WAF in front of the API (the web ACL is in the us-east-1 edge stack). The HTTP
   * functions then answer only requests carrying the distribution's origin-verify header.
   * @default - no edge: the API is called directly (LocalStack, `-c edge=false`)
   */
  readonly edge?: { readonly webAclArn: string; readonly webAclName: string; readonly ruleNames: readonly string[] };
  /**
   * The built storefront (web/dist) the site deploys, on the edge's distribution. Missing or not
   * built: the site is synthesized without its files, with a warning (lib/storefront-site.ts).
   */
  readonly storefrontDir?: string;
}

/** What one handler module needs, merged over every trigger that names it. */
interface HandlerNeeds {
  memoryMb?: number;
  grants: Set<Grant>;
  /** Set when an HTTP route uses the handler (it then gets the token-verification config). */
  http: boolean;
  /** Set when an EventBridge rule invokes it (asynchronously: it gets a dead-letter queue). */
  async: boolean;
  /** Set when it consumes the table's stream (failed batches go to its dead-letter queue). */
  stream: boolean;
  /** Set when a WebSocket route verifies the handshake's token with it (it gets the token-verification config). */
  verifiesToken: boolean;
  /** Set for the flash-sale claim route's handler (reserved concurrency from the stage config). */
  claim?: boolean;
  /** Set for the test hooks' routes (they verify requests signed with the stage's test secret). */
  testHook?: boolean;
  /** Files copied next to the bundle (the route's `files`). */
  files?: readonly string[];
  description: string[];
}

/** The nested stack of one context and the resources its functions bind to. */
interface FunctionGroup {
  scope: NestedStack;
  resources: BoundResources;
}

/** The needs of every handler the wiring table names, by handler, in handler order. */
function handlerNeeds(wiring: Wiring, testHooks: boolean): [string, HandlerNeeds][] {
  const needs = new Map<string, HandlerNeeds>();
  const need = (handler: string, description: string, grants: readonly Grant[], memoryMb?: number) => {
    const entry = needs.get(handler) ?? { grants: new Set<Grant>(), http: false, async: false, stream: false, verifiesToken: false, description: [] };
    for (const g of grants) entry.grants.add(g);
    if (memoryMb !== undefined) entry.memoryMb = Math.max(entry.memoryMb ?? 0, memoryMb);
    entry.description.push(description);
    needs.set(handler, entry);
    return entry;
  };
  for (const [routeKey, route] of Object.entries(wiring.routes)) {
    const entry = need(route.handler, routeKey, effectiveGrants(route.access as Access, route.grants), route.memoryMb);
    entry.http = true;
    if (routeKey === CLAIM_ROUTE) entry.claim = true;
    if (route.files) entry.files = route.files;
  }
  for (const [routeKey, route] of testHooks ? Object.entries(wiring.testHooks.routes) : []) {
    const entry = need(route.handler, routeKey, effectiveGrants(route.access as Access, route.grants), route.memoryMb);
    entry.http = true;
    entry.testHook = true;
  }
  for (const s of wiring.schedules) need(s.handler, `schedule ${s.name}`, s.grants ?? []).async = true;
  for (const s of wiring.subscriptions) need(s.handler, `subscription ${s.name}`, s.grants ?? []).async = true;
  for (const s of wiring.streamSubscriptions) need(s.handler, `stream ${s.name}`, s.grants ?? []).stream = true;
  for (const [routeKey, r] of Object.entries(wiring.websocketRoutes)) {
    const entry = need(r.handler, `websocket ${routeKey}`, effectiveGrants(r.verifiesToken ? 'customer' : undefined, r.grants));
    entry.verifiesToken ||= r.verifiesToken === true;
  }
  for (const s of wiring.queueSubscriptions) need(s.handler, `queue ${s.name}`, s.grants ?? [], s.memoryMb);
  return [...needs].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The code: one function per handler named in the wiring table, the HTTP API routes, the
 * EventBridge rules for schedules and bus subscriptions, the table-stream consumers and the
 * monitoring facade. Functions, with their routes, rules and alarms, live in one nested stack per
 * context (identity, catalog, orders ...); the API, its stage and the alarm topic in this stack. Safe to
 * destroy and redeploy; it holds no data.
 */
export class StatelessStack extends Stack {
  readonly functions = new Map<string, StoreFunction>();
  readonly deadLetterQueues = new Map<string, Queue>();
  /** The wiring table's queue subscriptions, by name. */
  readonly queueSubscriptions = new Map<string, QueueSubscription>();
  readonly httpApi: StoreHttpApi;
  readonly websocketApi: StoreWebSocketApi;
  /** CloudFront + WAF in front of the API, when the stage has the edge. */
  readonly edge?: ApiEdge;
  /** The storefront, served under /store/ by the edge's distribution (no edge, no site). */
  readonly storefront?: StorefrontSite;
  readonly monitoring: Monitoring;
  private readonly originSecret?: Secret;
  /** Test stages only: signs the test hooks and the sandbox gateway's and carrier's webhooks. */
  readonly testSecret?: Secret;
  private readonly groups = new Map<string, FunctionGroup>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const wiring = props.wiring ?? WIRING;
    // Before the functions: the pushers' grants name the WebSocket API, and the HTTP functions get the origin secret in their environment.
    this.websocketApi = new StoreWebSocketApi(this, 'Live', { config: props.config });
    if (props.edge) this.originSecret = originVerifySecret(this, props.config);
    if (props.config.testHooks) this.testSecret = testHooksSecret(this, props.config);
    const needs = handlerNeeds(wiring, this.testSecret !== undefined);
    for (const [handlerName, need] of needs) this.addFunction(handlerName, need, props);
    this.httpApi = this.addHttpApi(wiring, props);
    if (props.edge && this.originSecret) this.edge = this.addEdge(props.edge.webAclArn, this.originSecret, props);
    if (this.edge) this.storefront = this.addStorefront(this.edge, props);
    this.addWebSocketRoutes(wiring.websocketRoutes);
    this.addSchedules(wiring.schedules);
    this.addSubscriptions(wiring.subscriptions, props.eventBus);
    this.addStreamConsumers(wiring.streamSubscriptions, props.table, props.tableChanges);
    this.addQueueSubscriptions(wiring.queueSubscriptions, props, needs);
    this.monitoring = this.addMonitoring(wiring, props);
    new CfnOutput(this, 'ApiUrl', {
      value: this.edge?.url ?? this.httpApi.stage.url,
      description: this.edge ? 'Public base URL of the API: the CloudFront distribution (API_URL for the e2e suite)' : 'Base URL of the HTTP API (API_URL for the e2e suite)',
    });
    if (this.edge) {
      new CfnOutput(this, 'ApiOriginUrl', { value: this.httpApi.stage.url, description: 'The HTTP API\'s own URL: answers 403 to every request (only CloudFront knows the origin-verify header); the smoke test checks it' });
    }
    if (this.testSecret && props.config.testHooks) {
      new CfnOutput(this, 'TestHooksSecretArn', { value: this.testSecret.secretArn, description: 'Test stage: the secret the e2e suite signs its test-hook requests with (TEST_HOOKS_SECRET)' });
      new CfnOutput(this, 'TestEmailDomain', { value: props.config.testHooks.emailDomain, description: 'Test stage: sign-ups at this domain are confirmed at once (the e2e suite registers there)' });
    }
    if (this.edge && this.storefront) {
      new CfnOutput(this, 'StorefrontUrl', { value: `${this.edge.url}${STOREFRONT_PATH}`, description: 'The storefront (web app), on the API\'s CloudFront distribution' });
    }
    new CfnOutput(this, 'WebSocketUrl', { value: this.websocketApi.stage.url, description: 'Live tracking: wss://.../<stage>?token=<access token>[&feed=admin]' });
  }

  functionFor(handlerName: string): StoreFunction {
    const fn = this.functions.get(handlerName);
    if (!fn) throw new Error(`No function built for handler ${handlerName}`);
    return fn;
  }

  /**
   * The group of a handler's context (the handler path's first segment), created with its first
   * function. One nested stack per context: CloudFormation allows 500 resources per stack and every
   * HTTP function brings about eight (function, role, policy, log group, route, integration,
   * permission, alarm). Still one stack to deploy.
   */
  private groupFor(handlerName: string, props: StatelessStackProps): FunctionGroup {
    const context = handlerName.split('/')[0];
    let group = this.groups.get(context);
    if (!group) {
      group = this.newGroup(context, props);
      this.groups.set(context, group);
    }
    return group;
  }

  private newGroup(context: string, props: StatelessStackProps): FunctionGroup {
    const { config } = props;
    const scope = new NestedStack(this, `${handlerId(context)}Functions`, { description: `${config.prefix} ${context} functions` });
    return {
      scope,
      resources: {
        table: props.table,
        userPool: props.userPool,
        userPoolClient: props.userPoolClient,
        eventBus: props.eventBus,
        // By name, in the stack that uses them: ARNs built from pseudo parameters, no cross-stack reference.
        catalogBucket: Bucket.fromBucketName(scope, 'CatalogBucket', bucketName(config, 'catalog')),
        mediaBucket: Bucket.fromBucketName(scope, 'MediaBucket', bucketName(config, 'media')),
        mediaBaseUrl: props.mediaBaseUrl,
        testSecret: this.testSecret?.secretValue.unsafeUnwrap(),
        paymentSecretName: `${config.prefix}/mercadopago`,
        carrier: config.carrier,
        sesSender: config.ses,
        websocketApi: this.websocketApi,
        smsSender: config.sms,
      },
    };
  }

  /** One handler's function in its context's nested stack, with its dead-letter queue and grants. */
  private addFunction(handlerName: string, needs: HandlerNeeds, props: StatelessStackProps): void {
    const { scope, resources } = this.groupFor(handlerName, props);
    const deadLetterQueue = needs.async || needs.stream ? this.addDeadLetterQueue(scope, handlerName) : undefined;
    const fn = new StoreFunction(scope, handlerId(handlerName), {
      handlerName,
      config: props.config,
      projectRoot: props.projectRoot,
      memoryMb: needs.memoryMb,
      files: needs.files,
      // Event consumers may take longer than a request (API Gateway gives up at 30 s anyway).
      timeout: needs.http || needs.verifiesToken ? undefined : Duration.seconds(60),
      // A claim storm gets this much and no more: checkout and the payment webhook keep the rest.
      reservedConcurrency: needs.claim ? props.config.claimReservedConcurrency : undefined,
      description: `${handlerName}: ${needs.description.join(', ')}`.slice(0, 256),
      deadLetterQueue: needs.async ? deadLetterQueue : undefined,
    });
    if (needs.http || needs.verifiesToken) {
      // The HTTP chain verifies tokens for every route at import, so all HTTP functions get the
      // pool config and TABLE_NAME; table permissions come only from grants.
      bindUserPool(fn, resources.userPool, resources.userPoolClient);
      bindTable(fn, resources.table);
      if (this.originSecret) {
        // The client's address is CloudFront-Viewer-Address behind the distribution (the TCP peer is an edge server).
        fn.addEnvironment('CLIENT_IP_SOURCE', 'cloudfront');
        fn.addEnvironment('ORIGIN_VERIFY_SECRET', this.originSecret.secretValue.unsafeUnwrap());
      }
    }
    if (needs.testHook && resources.testSecret && props.config.testHooks) {
      fn.addEnvironment('TEST_HOOKS_SECRET', resources.testSecret);
      fn.addEnvironment('TEST_EMAIL_DOMAIN', props.config.testHooks.emailDomain);
    }
    applyGrants(fn, [...needs.grants].sort(), resources, WRITE_PARTITIONS[handlerName]);
    acknowledgeFunctionFindings(fn);
    this.functions.set(handlerName, fn);
  }

  private addDeadLetterQueue(scope: NestedStack, handlerName: string): Queue {
    const deadLetterQueue = new Queue(scope, `${handlerId(handlerName)}DeadLetters`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(deadLetterQueue, 'AwsSolutions-SQS3', 'This queue is itself a dead-letter queue (failed events of one function); it is alarmed, not redriven automatically.');
    this.deadLetterQueues.set(handlerName, deadLetterQueue);
    return deadLetterQueue;
  }

  private addHttpApi(wiring: Wiring, props: StatelessStackProps): StoreHttpApi {
    const httpApi = new StoreHttpApi(this, 'Http', { config: props.config, routeThrottle: props.routeThrottle });
    for (const [routeKey, route] of Object.entries(wiring.routes)) {
      httpApi.addRoute(routeKey, this.functionFor(route.handler));
    }
    for (const [routeKey, route] of this.testSecret ? Object.entries(wiring.testHooks.routes) : []) {
      httpApi.addRoute(routeKey, this.functionFor(route.handler));
    }
    return httpApi;
  }

  private addWebSocketRoutes(routes: Wiring['websocketRoutes']): void {
    for (const [routeKey, route] of Object.entries(routes)) this.websocketApi.addRoute(routeKey, this.functionFor(route.handler));
  }

  /**
   * The distribution updates after every nested stack: a rotated origin secret reaches the
   * functions (which accept the old and new values) before CloudFront starts sending the new one.
   */
  private addEdge(webAclArn: string, originSecret: Secret, props: StatelessStackProps): ApiEdge {
    const edge = new ApiEdge(this, 'Edge', this.httpApi.api, { config: props.config, originSecret, webAclArn });
    for (const { scope } of this.groups.values()) edge.node.addDependency(scope);
    return edge;
  }

  /**
   * The app on the API's own origin (so no CORS for it, as on the local gateway); the CSP names the
   * WebSocket API, the media CDN and, in stages with Mercado Pago (every stage but a test stage's
   * sandbox, lib/bindings.ts), its card script.
   */
  private addStorefront(edge: ApiEdge, props: StatelessStackProps): StorefrontSite {
    const mercadoPago = !props.config.testHooks;
    if (mercadoPago && props.config.mercadoPagoPublicKey === undefined) {
      Annotations.of(this).addWarningV2('storefront:no-mercadopago-public-key',
        'No Mercado Pago public key (-c mercadoPagoPublicKey=...): the storefront of this stage offers Pix only (its card form says card payment is unavailable).');
    }
    return new StorefrontSite(this, 'Storefront', {
      config: props.config,
      distribution: edge.distribution,
      distDir: props.storefrontDir,
      websocketUrl: this.websocketApi.stage.url,
      payments: mercadoPago ? { provider: 'mercadopago', publicKey: props.config.mercadoPagoPublicKey } : { provider: 'sandbox' },
      headers: {
        paymentProvider: mercadoPago ? 'mercadopago' : 'sandbox',
        imageSources: productImageSources(props.mediaBaseUrl),
        websocketOrigin: this.websocketApi.api.apiEndpoint,
        // The console's photo uploads: pre-signed PUTs to the media bucket (virtual-hosted, as lambdas/adapters/storage/s3.ts signs them).
        uploadOrigins: [`https://${bucketName(props.config, 'media')}.s3.${this.region}.amazonaws.com`],
      },
    });
  }

  private addSchedules(schedules: Wiring['schedules']): void {
    for (const s of schedules) {
      const fn = this.functionFor(s.handler);
      new Rule(Stack.of(fn), `Schedule${handlerId(s.name)}`, {
        description: s.description,
        schedule: Schedule.expression(s.schedule),
        targets: [new LambdaFunction(fn, { deadLetterQueue: this.deadLetterQueues.get(s.handler), retryAttempts: 3, maxEventAge: Duration.hours(1) })],
      });
    }
  }

  private addSubscriptions(subscriptions: Wiring['subscriptions'], eventBus: IEventBus): void {
    for (const s of subscriptions) {
      const fn = this.functionFor(s.handler);
      new Rule(Stack.of(fn), `Subscription${handlerId(s.name)}`, {
        description: s.description,
        eventBus,
        eventPattern: { detailType: [...s.detailTypes] },
        targets: [new LambdaFunction(fn, { deadLetterQueue: this.deadLetterQueues.get(s.handler), retryAttempts: 8, maxEventAge: Duration.hours(24) })],
      });
    }
  }

  private addStreamConsumers(streamSubscriptions: Wiring['streamSubscriptions'], table: ITableV2, tableChanges: IStream): void {
    const readers = streamSubscriptions.filter((s) => s.reader === 'dynamodb-streams');
    if (readers.length > MAX_DYNAMODB_STREAM_READERS) {
      throw new Error(`${readers.length} consumers read the table's DynamoDB stream (${readers.map((s) => s.name).join(', ')}): at most ${MAX_DYNAMODB_STREAM_READERS} per shard; move the others to reader 'kinesis'`);
    }
    for (const s of streamSubscriptions) {
      // REMOVE records carry only the old image, so match the entity on either image.
      const entity = { entity: { S: FilterRule.or(...s.entities) } };
      const common = {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(s.batchWindowSeconds),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.deadLetterQueues.get(s.handler) as Queue),
      };
      const fn = this.functionFor(s.handler);
      if (s.reader === 'kinesis') {
        // Kinesis filters match the record's data, the JSON change Kinesis Data Streams for DynamoDB writes.
        fn.addEventSource(new KinesisEventSource(tableChanges, {
          ...common,
          filters: [FilterCriteria.filter({ data: { dynamodb: { NewImage: entity } } }), FilterCriteria.filter({ data: { dynamodb: { OldImage: entity } } })],
        }));
      } else {
        fn.addEventSource(new DynamoEventSource(table, {
          ...common,
          filters: [FilterCriteria.filter({ dynamodb: { NewImage: entity } }), FilterCriteria.filter({ dynamodb: { OldImage: entity } })],
        }));
      }
    }
  }

  /** Rule -> queue (+ DLQ) -> consumer, in the consumer's nested stack (lib/queue-subscription.ts). */
  private addQueueSubscriptions(queueSubscriptions: Wiring['queueSubscriptions'], props: StatelessStackProps, needs: readonly [string, HandlerNeeds][]): void {
    for (const s of queueSubscriptions) {
      const consumer = this.functionFor(s.handler);
      const subscription = new QueueSubscription(Stack.of(consumer), `QueueSubscription${handlerId(s.name)}`, {
        subscription: s, eventBus: props.eventBus, consumer, buckets: { media: bucketName(props.config, 'media') },
      });
      this.queueSubscriptions.set(s.name, subscription);
      if (!s.sender) continue;
      // The functions that feed the queue themselves: SendMessage on it and its URL (the queue exists only now, after the functions).
      for (const [handlerName, need] of needs) {
        if (!need.grants.has(s.sender)) continue;
        const fn = this.functionFor(handlerName);
        subscription.queue.grantSendMessages(fn);
        fn.addEnvironment(`${s.name.toUpperCase().replace(/-/g, '_')}_QUEUE_URL`, subscription.queue.queueUrl);
      }
    }
  }

  private addMonitoring(wiring: Wiring, props: StatelessStackProps): Monitoring {
    const monitoring = new Monitoring(this, 'Monitoring', { config: props.config });
    monitoring.monitorHttpApi(this.httpApi.api);
    monitoring.monitorWebSocketApi(this.websocketApi.api, this.websocketApi.stage.stageName);
    for (const [handlerName, fn] of this.functions) monitoring.monitorFunction(handlerId(handlerName), fn);
    for (const [name, fn] of Object.entries(props.externalFunctions ?? {})) monitoring.monitorFunction(name, fn);
    for (const [handlerName, queue] of this.deadLetterQueues) monitoring.monitorDeadLetterQueue(`${handlerId(handlerName)}DeadLetters`, queue);
    for (const [name, subscription] of this.queueSubscriptions) monitoring.monitorDeadLetterQueue(`${handlerId(name)}QueueDeadLetters`, subscription.deadLetterQueue);
    monitoring.monitorTable('Table', props.table.tableName);
    const reconciled = monitoring.monitorFlashSaleReconciliation();
    monitoring.monitorCollectionRuns();
    const webhookSenders = ['webhooks/fan-out', 'webhooks/retry-due'].filter((handler) => this.functions.has(handler));
    if (webhookSenders.length) monitoring.monitorWebhookEndpoints(webhookSenders.map((handler) => this.functionFor(handler)));
    this.addDashboard(monitoring, reconciled, wiring, props);
    return monitoring;
  }

  /** The flash sale and the purchase path on one dashboard: what to watch at the top of a Black Friday hour. */
  private addDashboard(monitoring: Monitoring, reconciled: Metric, wiring: Wiring, props: StatelessStackProps): void {
    const routeFunctions = (keys: readonly string[]) => Object.fromEntries(keys.filter((k) => k in wiring.routes).map((k) => [k, this.functionFor(wiring.routes[k].handler)]));
    monitoring.addDashboardRow('API', ...monitoring.apiWidgets(this.httpApi.api));
    monitoring.addDashboardRow('Flash sale: the claim function', ...monitoring.functionWidgets(routeFunctions([CLAIM_ROUTE])));
    monitoring.addDashboardRow(`Flash sale: units the reconciler fixed (${RECONCILED_UNITS_METRIC}, should stay 0)`, ...monitoring.valueWidgets('Units reconciled', reconciled));
    monitoring.addDashboardRow('Purchase path: cart to order, payment and the provider\'s webhook', ...monitoring.functionWidgets(routeFunctions(PURCHASE_ROUTES)));
    if (props.edge) monitoring.addDashboardRow('Edge: AWS WAF', ...monitoring.webAclWidgets(props.edge.webAclName, props.edge.ruleNames));
  }
}

/**
 * Test stages only: one generated secret (`<prefix>/test-hooks`) signs the test hooks' requests and
 * the sandbox gateway's and carrier's webhooks. One value for the three on purpose: whoever holds it
 * may already play the payer and the carrier, so separate webhook secrets would protect nothing more.
 * The functions get it at deploy time (a dynamic reference, as the origin-verify secret).
 */
function testHooksSecret(scope: Construct, config: StageConfig): Secret {
  const secret = new Secret(scope, 'TestHooksSecret', {
    secretName: `${config.prefix}/test-hooks`,
    description: `Test stage ${config.stage}: signs the e2e suite's test-hook requests and the sandbox payment and carrier webhooks`,
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
    removalPolicy: config.removalPolicy,
  });
  acknowledge(secret, 'AwsSolutions-SMG4',
    'A test stage\'s shared test secret: the functions take it at deploy time, so it changes with a new value and the next `cdk deploy` (docs/testing.md); no rotation Lambda could reach them in between.');
  return secret;
}
