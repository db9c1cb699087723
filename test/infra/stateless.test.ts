import { type CfnElement, type NestedStack, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { routes, schedules, streamSubscriptions, websocketRoutes } from '../../lambdas/routes.js';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/bindings.js';
import { ESBUILD_OPTIONS } from '../../lib/bundling.js';
import { METRICS_NAMESPACE, SERVICE_NAME, handlerId } from '../../lib/function.js';
import { UNHANDLED_ERROR_MESSAGE } from '../../lambdas/shared/errors.js';
import { ENDPOINT_DISABLED_MESSAGE } from '../../lambdas/domain/webhooks/events.js';
import { WEBHOOK_ENDPOINTS_DISABLED_METRIC } from '../../lib/monitoring.js';
import { CLAIM_ROUTE, PURCHASE_ROUTES, ROUTE_THROTTLE } from '../../lib/http-api.js';
import { leadingKeysCondition, WRITE_PARTITIONS } from '../../lib/leading-keys.js';
import { TABLE_DEFINITION } from '../../lib/table-definition.js';
import { handlersOf, wiring as WIRING } from '../../lambdas/routes.js';
import { grantedActions, grantedStatements, logicalIdOf, resourceOf, synthesize, type Synthesized } from './synth.js';

const CORS = 'https://shop.example.com,https://admin.example.com';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthesize({ corsOrigins: CORS, throttleRate: '500', throttleBurst: '800' });
  prod = synthesize({ stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com' });
});

const httpStage = (synth: Synthesized) => Object.values(synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } }))[0];

/** The store's functions: not the provider of CDK's cross-region reference reader (the edge's web ACL ARN). */
const functionsOf = (synth: Synthesized) => [
  ...synth.statelessTemplates.flatMap((t) => Object.entries(t.findResources('AWS::Lambda::Function')))
    .filter(([id]) => !id.startsWith('CustomCrossRegionExportReader')).map(([, fn]) => fn),
  ...Object.values(synth.statefulTemplate.findResources('AWS::Lambda::Function')),
];

describe('functions', () => {
  it('builds one function per handler in the wiring table', () => {
    const stateless = [...dev.stateless.functions.keys()].sort();
    expect([...stateless, dev.stateful.customMessageFunction.handlerName].sort()).toEqual(handlersOf(WIRING, { testHooks: false }));
    expect(functionsOf(dev)).toHaveLength(handlersOf(WIRING, { testHooks: false }).length);
  });

  it('runs every function on Node 24, arm64, with active tracing and source maps', () => {
    expect(ESBUILD_OPTIONS.target).toBe('node24');
    for (const fn of functionsOf(dev)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.Environment.Variables).toMatchObject({ NODE_OPTIONS: '--enable-source-maps', STAGE: 'dev' });
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
    }
  });

  it('gives every function its own log group with a retention (longer in prod)', () => {
    const retention = (synth: Synthesized) => new Set(
      [...synth.statelessTemplates, synth.statefulTemplate]
        .flatMap((t) => Object.values(t.findResources('AWS::Logs::LogGroup')))
        .map((g) => g.Properties.RetentionInDays as number),
    );
    expect([...retention(dev)]).toEqual([14]);
    expect([...retention(prod)]).toEqual([90]);
    const logGroupIds = functionsOf(dev).map((fn) => fn.Properties.LoggingConfig.LogGroup.Ref as string);
    expect(new Set(logGroupIds).size).toBe(logGroupIds.length);
  });

  it('uses the memory the wiring table asks for', () => {
    for (const route of Object.values(routes) as { handler: string; memoryMb?: number }[]) {
      const resource = resourceOf(dev, dev.stateless.functionFor(route.handler));
      expect(resource.Properties.MemorySize).toBe(route.memoryMb ?? 512);
    }
  });

  it('gives every HTTP function the token-verification and table configuration', () => {
    for (const route of Object.values(routes)) {
      const env = resourceOf(dev, dev.stateless.functionFor(route.handler)).Properties.Environment.Variables;
      expect(Object.keys(env)).toEqual(expect.arrayContaining([
        'TABLE_NAME', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'JWT_ISSUER', 'JWKS_URI',
        'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_LOG_LEVEL',
      ]));
      expect(JSON.stringify(env.JWT_ISSUER)).toContain('https://cognito-idp.');
      expect(JSON.stringify(env.JWKS_URI)).toContain('/.well-known/jwks.json');
    }
  });

  it('injects faults only where the stage asks (a test stage), into every function', () => {
    for (const fn of functionsOf(dev)) expect(fn.Properties.Environment.Variables.FAULT_INJECTION).toBeUndefined();
    const faulty = synthesize({ stage: 'faults', edge: 'false', faultRate: '0.2', faultTargets: 'dynamodb,payments' });
    const settings = functionsOf(faulty).map((fn) => fn.Properties.Environment.Variables.FAULT_INJECTION);
    expect(new Set(settings)).toEqual(new Set([JSON.stringify({ rate: 0.2, timeoutShare: 0.5, targets: ['dynamodb', 'payments'] })]));
  });

  it('gives the order functions the stage\'s payment window', () => {
    expect(resourceOf(dev, dev.stateless.functionFor('orders/create-order')).Properties.Environment.Variables.ORDER_PAYMENT_MINUTES).toBe('30');
  });
});

describe('least privilege', () => {
  const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
  const dataActions = (handler: string) => grantedActions(dev, handler).filter((a) => !XRAY.includes(a));

  it('gives a public route without grants no data permissions at all (identity/confirm)', () => {
    expect(routes['POST /register/confirm'].handler).toBe('identity/confirm');
    expect(dataActions('identity/confirm')).toEqual([]);
  });

  it('lets a read route read but not write (identity/get-profile)', () => {
    expect(dataActions('identity/get-profile')).toEqual([...TABLE_READ_ACTIONS].sort());
  });

  it('never grants Scan, and writes only on the table itself (not its indexes)', () => {
    for (const handler of dev.stateless.functions.keys()) {
      const statements = grantedStatements(dev, handler);
      expect(statements.flatMap((s) => s.actions)).not.toContain('dynamodb:Scan');
      for (const s of statements.filter((st) => st.actions.some((a) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(a)))) {
        expect(s.resources).toHaveLength(1);
      }
    }
  });

  it('reads the GSIs by name, never through an index/* wildcard', () => {
    const read = grantedStatements(dev, 'identity/get-profile').find((s) => s.actions.includes('dynamodb:Query'));
    const text = JSON.stringify(read?.resources);
    for (const gsi of TABLE_DEFINITION.globalSecondaryIndexes) expect(text).toContain(`/index/${gsi.indexName}"`);
    expect(text).not.toContain('/index/*');
  });

  it('gives every non-public route at least table read (the revocation marker)', () => {
    for (const route of Object.values(routes)) {
      if (route.access === 'public') continue;
      expect(dataActions(route.handler)).toEqual(expect.arrayContaining([...TABLE_READ_ACTIONS]));
    }
  });

  it('lets only the handlers granted userPool:adminDeleteUser delete Cognito users, on the pool only', () => {
    const deleters = [...dev.stateless.functions.keys()].filter((h) => grantedActions(dev, h).includes('cognito-idp:AdminDeleteUser')).sort();
    expect(deleters).toEqual(['identity/delete-account', 'identity/register']);
    const statement = grantedStatements(dev, 'identity/register').find((s) => s.actions.includes('cognito-idp:AdminDeleteUser'));
    expect(statement?.actions).toEqual(['cognito-idp:AdminDeleteUser']);
    expect(JSON.stringify(statement?.resources)).toContain('UserPool');
  });

  it('lets only the password-reset confirmation look users up, and it and the admin revocation sign users out at Cognito', () => {
    const holders = (action: string) => [...dev.stateless.functions.keys()].filter((h) => grantedActions(dev, h).includes(action)).sort();
    expect(holders('cognito-idp:AdminGetUser')).toEqual(['identity/password-reset-confirm']);
    expect(holders('cognito-idp:AdminUserGlobalSignOut')).toEqual(['identity/admin-revoke-admin', 'identity/password-reset-confirm']);
  });

  it('lets only the admin-role functions change or list Cognito groups', () => {
    const holders = (action: string) => [...dev.stateless.functions.keys()].filter((h) => grantedActions(dev, h).includes(action)).sort();
    expect(holders('cognito-idp:AdminAddUserToGroup')).toEqual(['identity/admin-grant-admin']);
    expect(holders('cognito-idp:AdminRemoveUserFromGroup')).toEqual(['identity/admin-revoke-admin']);
    // The notifier reads the admin group (read only) to e-mail the admins about a collection run before the roster exists.
    expect(holders('cognito-idp:ListUsersInGroup')).toEqual(['identity/admin-grant-admin', 'identity/admin-list-admins', 'identity/admin-revoke-admin', 'notifications/notify']);
  });

  it('lets only handlers granted events:put publish, on the store bus only', () => {
    const wiring = [...Object.values(routes), ...schedules, ...streamSubscriptions] as { handler: string; grants?: readonly string[] }[];
    const publishers = [...new Set(wiring.filter((w) => w.grants?.includes('events:put')).map((w) => w.handler))].sort();
    const granted = [...dev.stateless.functions.keys()].filter((h) => grantedActions(dev, h).includes('events:PutEvents')).sort();
    expect(granted).toEqual(publishers);
    for (const handler of publishers) {
      const statement = grantedStatements(dev, handler).find((st) => st.actions.includes('events:PutEvents'));
      expect(JSON.stringify(statement?.resources)).toContain('EventBus');
      expect(resourceOf(dev, dev.stateless.functionFor(handler)).Properties.Environment.Variables.EVENT_BUS_NAME).toBeDefined();
    }
  });

  describe('dynamodb:LeadingKeys', () => {
    const writeStatement = (handler: string) => grantedStatements(dev, handler).find((st) => st.actions.includes('dynamodb:PutItem'));

    it('lets the customer cart functions write only USER# partitions', () => {
      for (const handler of ['cart/add-item', 'cart/set-quantity', 'cart/remove-item', 'cart/apply-coupon', 'cart/remove-coupon']) {
        expect(writeStatement(handler)?.conditions).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } });
      }
    });

    it('lets the claim function write only its marker, shard, window, order, variant and idempotency partitions', () => {
      expect(writeStatement('flash-sale/claim')?.conditions).toEqual({ 'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': ['FLASH_CLAIM#*', 'FLASH_SHARD#*', 'FLASH_WINDOW#*', 'ORDER#*', 'SKU#*', 'IDEMPOTENCY#*'],
      } });
    });

    it('conditions every listed handler\'s writes with its list, and only writes (reads stay on the whole table)', () => {
      // The test hooks' functions exist in test stages only (test-hooks.test.ts checks theirs).
      const deployed = new Set(handlersOf(WIRING, { testHooks: false }));
      for (const [handler, prefixes] of Object.entries(WRITE_PARTITIONS).filter(([h]) => deployed.has(h))) {
        expect(dev.stateless.functions.has(handler)).toBe(true);
        expect(writeStatement(handler)?.conditions).toEqual(leadingKeysCondition(prefixes));
        expect(grantedStatements(dev, handler).find((st) => st.actions.includes('dynamodb:Query'))?.conditions).toBeUndefined();
      }
    });

    it('lets the customer\'s order and payment writers write only their partitions (no session, admin, catalog or webhook item)', () => {
      expect(writeStatement('orders/create-order')?.conditions).toEqual(leadingKeysCondition(['ORDER#', 'SKU#', 'COUPON#', 'USER#', 'IDEMPOTENCY#']));
      expect(writeStatement('payments/create-payment')?.conditions).toEqual(leadingKeysCondition(['ORDER#', 'FLASH_WINDOW#', 'IDEMPOTENCY#', 'SANDBOX#']));
    });

    it('lets cancellation, shipping, refunds and the payment webhook write only the order\'s, stock, flash-sale and their own partitions', () => {
      expect(writeStatement('orders/cancel-order')?.conditions).toEqual(leadingKeysCondition(['ORDER#', 'SKU#', 'FLASH_SHARD#', 'FLASH_WINDOW#', 'SANDBOX#']));
      expect(writeStatement('orders/update-order')?.conditions).toEqual(leadingKeysCondition(['ORDER#']));
      expect(writeStatement('payments/refund-payment')?.conditions).toEqual(leadingKeysCondition(['ORDER#', 'SANDBOX#']));
      expect(writeStatement('payments/webhook')?.conditions).toEqual(leadingKeysCondition(['ORDER#', 'FLASH_WINDOW#', 'WEBHOOK#', 'SANDBOX#']));
    });

    it('leaves the scheduled sweeps unconditioned (documented in lib/leading-keys.ts)', () => {
      for (const handler of ['orders/expire-orders', 'payments/reconcile', 'flash-sale/reconcile']) {
        expect(WRITE_PARTITIONS[handler]).toBeUndefined();
        expect(writeStatement(handler)?.conditions).toBeUndefined();
      }
    });
  });

  it('grants no Cognito action beyond what the wiring table names', () => {
    for (const [handler] of dev.stateless.functions) {
      const cognito = grantedActions(dev, handler).filter((a) => a.startsWith('cognito-idp:'));
      expect(cognito.every((a) => [
        'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUserGlobalSignOut',
        'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:ListUsersInGroup',
      ].includes(a))).toBe(true);
    }
  });
});

describe('HTTP API', () => {
  it('allows CORS preflight from the origins given in context, and nothing else', () => {
    dev.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: CORS.split(','),
        AllowHeaders: Match.arrayWith(['authorization', 'content-type']),
        AllowCredentials: false,
      }),
    });
  });

  it('defaults CORS to local dev servers outside prod', () => {
    synthesize().statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:3000', 'http://localhost:5173'] }),
    });
  });

  it('sets default throttling explicitly (from context) and tighter limits on the auth routes', () => {
    dev.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 800 },
    });
    const stage = httpStage(dev);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual([...Object.keys(ROUTE_THROTTLE), CLAIM_ROUTE].sort());
    expect(stage.Properties.RouteSettings['POST /login']).toEqual({ ThrottlingRateLimit: 60, ThrottlingBurstLimit: 120 });
  });

  it('gives the claim route its own budget from the stage config, below the stage default', () => {
    const settings = (synth: Synthesized) => httpStage(synth).Properties;
    expect(settings(prod).DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 5000 });
    expect(settings(prod).RouteSettings[CLAIM_ROUTE]).toEqual({ ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 3000 });
    // dev: 200/400 from the config, under the 500/800 default given in context.
    expect(settings(dev).RouteSettings[CLAIM_ROUTE]).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
  });

  it('reserves concurrency for the claim function only (prod: 600), so a claim storm cannot take checkout\'s', () => {
    const claim = routes[CLAIM_ROUTE].handler;
    expect(resourceOf(prod, prod.stateless.functionFor(claim)).Properties.ReservedConcurrentExecutions).toBe(600);
    expect(resourceOf(dev, dev.stateless.functionFor(claim)).Properties.ReservedConcurrentExecutions).toBeUndefined();
    const reserved = functionsOf(prod).filter((fn) => fn.Properties.ReservedConcurrentExecutions !== undefined);
    expect(reserved).toHaveLength(1);
    for (const checkout of ['POST /orders', 'POST /orders/{id}/payments', 'POST /webhooks/payments/{provider}'] as const) {
      expect(resourceOf(prod, prod.stateless.functionFor(routes[checkout].handler)).Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  it('only throttles routes that exist', () => {
    expect(Object.keys(routes)).toEqual(expect.arrayContaining(Object.keys(ROUTE_THROTTLE)));
  });

  it('writes JSON access logs to a log group', () => {
    const stage = httpStage(dev);
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('has no API Gateway authorizer (the functions verify access tokens)', () => {
    expect(dev.statelessResources('AWS::ApiGatewayV2::Authorizer')).toHaveLength(0);
    for (const route of dev.statelessResources('AWS::ApiGatewayV2::Route')) {
      expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    }
  });
});

describe('event consumers', () => {
  it('turns each schedule into a rule with a retry policy and a dead-letter queue', () => {
    for (const schedule of schedules) {
      const fn = dev.stateless.functionFor(schedule.handler);
      dev.templateOf(fn).hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: schedule.schedule,
        Targets: [Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] },
          DeadLetterConfig: { Arn: Match.anyValue() },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
        })],
      });
    }
  });

  it('consumes the table\'s changes with entity filters, partial batch responses and an on-failure queue, from the reader each subscription names', () => {
    for (const sub of streamSubscriptions) {
      const fn = dev.stateless.functionFor(sub.handler);
      const entity = { entity: { S: [...sub.entities] } };
      // Kinesis filters match the record's data (the JSON change); DynamoDB Streams filters the record itself.
      const on = (image: object) => JSON.stringify(sub.reader === 'kinesis' ? { data: { dynamodb: image } } : { dynamodb: image });
      dev.templateOf(fn).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(fn) },
        EventSourceArn: sub.reader === 'kinesis' ? Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('TableChanges') }) : Match.anyValue(),
        StartingPosition: 'LATEST',
        MaximumBatchingWindowInSeconds: sub.batchWindowSeconds,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
        FilterCriteria: { Filters: [{ Pattern: on({ NewImage: entity }) }, { Pattern: on({ OldImage: entity }) }] },
      });
    }
  });

  it('has at most two readers on the table\'s DynamoDB stream (its advice per shard), the others on the Kinesis copy', () => {
    const mappings = dev.statelessResources('AWS::Lambda::EventSourceMapping');
    const arns = mappings.map((m) => JSON.stringify(m.Properties.EventSourceArn));
    expect(arns.filter((arn) => arn.includes('StreamArn')).length).toBeLessThanOrEqual(2);
    expect(arns.filter((arn) => arn.includes('TableChanges')).length).toBe(streamSubscriptions.filter((s) => s.reader === 'kinesis').length);
    const tooMany = streamSubscriptions.map((s) => ({ ...s, reader: 'dynamodb-streams' as const }));
    expect(() => synthesize({}, { wiring: { ...WIRING, streamSubscriptions: tooMany } })).toThrow(/at most 2 per shard/);
  });

  it('keeps a failed stream batch replayable: its range in a 14-day queue, the records narrowed by bisection', () => {
    for (const sub of streamSubscriptions) {
      const fn = dev.stateless.functionFor(sub.handler);
      const template = dev.templateOf(fn);
      const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).find((m) => m.Properties.FunctionName.Ref === logicalIdOf(fn));
      expect(mapping?.Properties).toMatchObject({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 5, MaximumRecordAgeInSeconds: 86400 });
      const queue = dev.stateless.deadLetterQueues.get(sub.handler);
      if (!queue) throw new Error(`no dead-letter queue for ${sub.handler}`);
      expect(JSON.stringify(mapping?.Properties.DestinationConfig.OnFailure.Destination)).toContain(logicalIdOf(queue));
      expect(resourceOf(dev, queue).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
  });

  it('wires an extra schedule and bus subscription from the wiring it is given', () => {
    const handler = 'identity/get-profile';
    const synth = synthesize({}, {
      wiring: {
        ...WIRING,
        schedules: [{ name: 'nightly-test', schedule: 'cron(0 3 * * ? *)', handler, description: 'test schedule' }],
        subscriptions: [{ name: 'order-paid-test', detailTypes: ['OrderPaid'], handler, description: 'test subscription', grants: ['table:write'] }],
        streamSubscriptions: [],
      },
    });
    const fn = synth.stateless.functionFor(handler);
    const fnId = logicalIdOf(fn);
    const template = synth.templateOf(fn);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { 'detail-type': ['OrderPaid'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fnId }, MaximumRetryAttempts: 2 });
    expect(grantedActions(synth, handler)).toEqual(expect.arrayContaining([...TABLE_WRITE_ACTIONS]));
  });
});

describe('logistics', () => {
  const s3Statements = (synth: Synthesized, handler: string) => grantedStatements(synth, handler).filter((st) => st.actions.some((a) => a.startsWith('s3:')));

  it('lets the label writer put and get labels/* only, and the listing get them only, in the private catalog bucket', () => {
    const [write] = s3Statements(dev, 'logistics/create-shipment');
    expect(write.actions.sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(write.resources)).toContain('/labels/*');
    expect(JSON.stringify(write.resources)).toContain('-catalog-');
    const [read] = s3Statements(dev, 'logistics/list-shipments');
    expect(read.actions).toEqual(['s3:GetObject']);
    expect(JSON.stringify(read.resources)).toContain('/labels/*');
    expect(s3Statements(dev, 'logistics/carrier-webhook')).toEqual([]);
    const env = resourceOf(dev, dev.stateless.functionFor('logistics/create-shipment')).Properties.Environment.Variables;
    expect(env.LABELS_BUCKET).toBeDefined();
  });

  it('lets the sales report put and get exports/* only, in the private catalog bucket', () => {
    const [exports] = s3Statements(dev, 'reports/sales');
    expect(exports.actions.sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(exports.resources)).toContain('/exports/*');
    expect(JSON.stringify(exports.resources)).toContain('-catalog-');
    expect(s3Statements(dev, 'reports/kpis')).toEqual([]);
    expect(resourceOf(dev, dev.stateless.functionFor('reports/sales')).Properties.Environment.Variables.EXPORTS_BUCKET).toBeDefined();
  });

  it('binds Melhor Envio outside test stages, in prod with read access to its one secret only (the sandbox carrier is a test hook: test-hooks.test.ts)', () => {
    for (const handler of ['logistics/create-shipment', 'logistics/carrier-webhook']) {
      const devEnv = resourceOf(dev, dev.stateless.functionFor(handler)).Properties.Environment.Variables;
      expect(devEnv).toMatchObject({ CARRIER_PROVIDER: 'melhorenvio', MELHORENVIO_SECRET_ID: 'big-ecommerce-dev/melhorenvio', MELHORENVIO_BASE_URL: 'https://sandbox.melhorenvio.com.br' });
      const prodEnv = resourceOf(prod, prod.stateless.functionFor(handler)).Properties.Environment.Variables;
      expect(prodEnv).toMatchObject({ CARRIER_PROVIDER: 'melhorenvio', MELHORENVIO_SECRET_ID: 'big-ecommerce-prod/melhorenvio', MELHORENVIO_BASE_URL: 'https://melhorenvio.com.br' });
      const secretReads = grantedStatements(prod, handler).filter((st) => st.actions.includes('secretsmanager:GetSecretValue'));
      expect(secretReads).toHaveLength(1);
      expect(JSON.stringify(secretReads[0].resources)).toContain('secret:big-ecommerce-prod/melhorenvio-??????');
    }
    // Cancelling a paid order cancels its label at the carrier (beside the payment gateway's secret, for the refund).
    expect(resourceOf(prod, prod.stateless.functionFor('orders/cancel-order')).Properties.Environment.Variables).toMatchObject({ CARRIER_PROVIDER: 'melhorenvio', MELHORENVIO_SECRET_ID: 'big-ecommerce-prod/melhorenvio' });
    expect(JSON.stringify(grantedStatements(prod, 'orders/cancel-order'))).toContain('secret:big-ecommerce-prod/melhorenvio-??????');
  });

  it('never deploys the sandbox carrier to prod: no prod function has CARRIER_PROVIDER=sandbox, and asking for it fails synthesis', () => {
    const sandboxed = [...prod.stateless.functions.keys()].filter((h) => resourceOf(prod, prod.stateless.functionFor(h)).Properties.Environment?.Variables?.CARRIER_PROVIDER === 'sandbox');
    expect(sandboxed).toEqual([]);
    expect(() => synthesize({ stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com', carrier: 'sandbox' })).toThrow(/must not deploy the sandbox carrier/);
  });
});

describe('stack layout', () => {
  it('keeps every stack well under CloudFormation\'s 500-resource limit', () => {
    for (const template of [dev.statefulTemplate, ...dev.statelessTemplates]) {
      expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(400);
    }
  });

  it('puts each context\'s functions in one nested stack', () => {
    const contexts = new Set([...dev.stateless.functions.keys()].map((h) => h.split('/')[0]));
    expect(dev.statelessTemplates).toHaveLength(contexts.size + 1);
    for (const [handler, fn] of dev.stateless.functions) {
      const pascal = handler.split('/')[0].split('-').map((w) => w.replace(/^./, (c) => c.toUpperCase())).join('');
      expect(fn.stack.node.id).toBe(`${pascal}Functions`);
    }
  });
});

describe('monitoring', () => {
  it('emails alarms to the alarm address from context', () => {
    prod.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    dev.statelessTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('alarms on API 5xx, on each function\'s errors or throttles, on table throttles and dead letters', () => {
    const alarms = dev.statelessResources('AWS::CloudWatch::Alarm').map((a) => a.Properties.AlarmName as string);
    expect(alarms).toContain('big-ecommerce-dev-Api5xx');
    expect(alarms).toContain('big-ecommerce-dev-TableThrottles');
    expect(alarms).toContain('big-ecommerce-dev-CognitoCustomMessageErrorsOrThrottles');
    expect(alarms.filter((a) => a.endsWith('ErrorsOrThrottles'))).toHaveLength(dev.stateless.functions.size + 1);
    expect(alarms.filter((a) => a.endsWith('DeadLettersMessages'))).toHaveLength(dev.stateless.deadLetterQueues.size + dev.stateless.queueSubscriptions.size);
    for (const alarm of dev.statelessResources('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it('counts each function\'s unhandled errors from its log, as the UnhandledError metric', () => {
    const filters = [...dev.statelessTemplates, dev.statefulTemplate].flatMap((t) => Object.values(t.findResources('AWS::Logs::MetricFilter')))
      .filter((f) => f.Properties.FilterPattern === `{ $.message = "${UNHANDLED_ERROR_MESSAGE}" }`);
    const logGroupIds = functionsOf(dev).map((fn) => fn.Properties.LoggingConfig.LogGroup.Ref as string).sort();
    expect(filters.map((f) => f.Properties.LogGroupName.Ref as string).sort()).toEqual(logGroupIds);
    for (const filter of filters) {
      expect(filter.Properties.FilterPattern).toBe(`{ $.message = "${UNHANDLED_ERROR_MESSAGE}" }`);
      expect(filter.Properties.MetricTransformations).toEqual([{
        MetricNamespace: METRICS_NAMESPACE, MetricName: 'UnhandledError', MetricValue: '1', Dimensions: [{ Key: 'service', Value: '$.service' }],
      }]);
    }
  });

  it('alarms to the ops topic when the flash-sale reconciler fixed any unit (FlashSaleUnitsReconciled > 0)', () => {
    const topic = dev.statelessTemplate.findResources('AWS::SNS::Topic');
    const alarm = dev.statelessResources('AWS::CloudWatch::Alarm').find((a) => a.Properties.AlarmName === 'big-ecommerce-dev-FlashSaleUnitsReconciled');
    expect(alarm?.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: 'FlashSaleUnitsReconciled',
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: Object.keys(topic)[0] }],
    });
  });

  it('draws the flash sale and the purchase path on one dashboard', () => {
    const dashboards = Object.values(dev.statelessTemplate.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe('big-ecommerce-dev-flash-sale-and-purchase');
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const title of ['Flash sale: the claim function', 'FlashSaleUnitsReconciled', 'Purchase path', 'Edge: AWS WAF', 'API requests, 4xx, 5xx']) expect(body).toContain(title);
    // The claim function, every purchase-path function, the WAF rules (in us-east-1) and the API.
    for (const key of [CLAIM_ROUTE, ...PURCHASE_ROUTES]) {
      expect(body).toContain(key);
      // The function's name, an output of its nested stack named after the handler.
      expect(body).toMatch(new RegExp(`Outputs\\.[A-Za-z0-9]*Functions${handlerId((routes as Readonly<Record<string, { handler: string }>>)[key].handler)}[A-F0-9]{8}Ref`));
    }
    expect(body).toContain('ConcurrentExecutions');
    expect(body).toMatch(/AWS\/WAFV2.*BlockedRequests.*RateLimitClaims/);
    expect(body).toContain('us-east-1');
  });
});

describe('WebSocket API (live tracking)', () => {
  const liveApiId = (synth: Synthesized) => synth.stateless.getLogicalId(synth.stateless.websocketApi.api.node.defaultChild as CfnElement);
  const managers = (synth: Synthesized) => [...synth.stateless.functions.keys()].filter((h) => grantedActions(synth, h).includes('execute-api:ManageConnections')).sort();

  it('is a WebSocket API with the wiring table\'s routes, a throttled stage named after the stage, JSON access logs and its URL as an output', () => {
    dev.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', Name: 'big-ecommerce-dev-live' });
    const routeKeys = dev.statelessResources('AWS::ApiGatewayV2::Route')
      .filter((r) => JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: liveApiId(dev) }))
      .map((r) => r.Properties.RouteKey as string);
    expect(routeKeys.sort()).toEqual(Object.keys(websocketRoutes).sort());
    const stage = Object.values(dev.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage', { Properties: { StageName: 'dev' } }))[0];
    expect(stage.Properties).toMatchObject({ ApiId: { Ref: liveApiId(dev) }, AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 800 } });
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({ connectionId: '$context.connectionId', eventType: '$context.eventType' });
    const output = dev.statelessTemplate.toJSON().Outputs.WebSocketUrl;
    expect(JSON.stringify(output.Value)).toContain('wss://');
  });

  it('lets only the pushers manage connections: ManageConnections, POST and DELETE on this API\'s stage only', () => {
    const pushers = [...new Set(streamSubscriptions.filter((s) => s.grants?.includes('websocket:manage')).map((s) => s.handler))].sort();
    expect(pushers).toEqual(['realtime/close-revoked', 'realtime/push-changes']);
    expect(managers(dev)).toEqual(pushers);
    for (const handler of pushers) {
      const statements = grantedStatements(dev, handler).filter((st) => st.actions.includes('execute-api:ManageConnections'));
      expect(statements).toHaveLength(1);
      expect(statements[0].actions).toEqual(['execute-api:ManageConnections']);
      const resources = statements[0].resources.map((r) => JSON.stringify(r));
      expect(resources).toHaveLength(2);
      expect(resources[0]).toContain('{"Ref":"LiveApiId"},"/dev/POST/@connections/*"');
      expect(resources[1]).toContain('{"Ref":"LiveApiId"},"/dev/DELETE/@connections/*"');
      // The nested stack's LiveApiId parameter is this stack's WebSocket API.
      const fn = dev.stateless.functionFor(handler);
      const nested = (Stack.of(fn) as NestedStack).nestedStackResource as CfnElement;
      const parameters = dev.statelessTemplate.toJSON().Resources[dev.stateless.getLogicalId(nested)].Properties.Parameters;
      expect(parameters.LiveApiId).toEqual({ Ref: liveApiId(dev) });
      expect(resourceOf(dev, fn).Properties.Environment.Variables.WEBSOCKET_CALLBACK_URL).toBeDefined();
    }
  });

  it('gives the handshake the token-verification configuration and the table; $disconnect only the table', () => {
    const connect = resourceOf(dev, dev.stateless.functionFor(websocketRoutes.$connect.handler)).Properties.Environment.Variables;
    expect(Object.keys(connect)).toEqual(expect.arrayContaining(['TABLE_NAME', 'USER_POOL_CLIENT_ID', 'JWT_ISSUER', 'JWKS_URI']));
    const disconnect = resourceOf(dev, dev.stateless.functionFor(websocketRoutes.$disconnect.handler)).Properties.Environment.Variables;
    expect(Object.keys(disconnect)).toContain('TABLE_NAME');
    expect(Object.keys(disconnect)).not.toContain('JWKS_URI');
    for (const route of Object.values(websocketRoutes)) {
      expect(grantedActions(dev, route.handler)).toEqual([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort());
    }
  });

  it('alarms on the WebSocket API\'s integration and execution errors', () => {
    const alarms = dev.statelessResources('AWS::CloudWatch::Alarm').map((a) => a.Properties.AlarmName as string);
    expect(alarms).toContain('big-ecommerce-dev-LiveApiErrors');
  });
});

describe('integrator webhooks', () => {
  it('tells the admins when an endpoint is disabled: a metric filter on both senders\' logs and an alarm on the topic', () => {
    for (const handler of ['webhooks/fan-out', 'webhooks/retry-due']) {
      const fn = dev.stateless.functionFor(handler);
      dev.templateOf(fn).hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: `{ $.message = "${ENDPOINT_DISABLED_MESSAGE}" }`,
        MetricTransformations: [Match.objectLike({ MetricName: WEBHOOK_ENDPOINTS_DISABLED_METRIC, MetricNamespace: METRICS_NAMESPACE, MetricValue: '1' })],
      });
    }
    dev.templateOf(dev.stateless.monitoring).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'big-ecommerce-dev-WebhookEndpointDisabled', MetricName: WEBHOOK_ENDPOINTS_DISABLED_METRIC, Threshold: 1, AlarmActions: [Match.anyValue()],
    });
  });
});
