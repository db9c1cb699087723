import { Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';
import type { StageConfig, ThrottleLimits } from './stage-config.js';

/**
 * Per-route limits below the stage default. They protect Cognito's per-account quotas (sign-up,
 * sign-in and account recovery each have their own request-rate category) and turn a flood into
 * 429s at the gateway instead of throttled calls to Cognito inside the function.
 */
export const ROUTE_THROTTLE: Readonly<Record<string, ThrottleLimits>> = {
  'POST /register': { rateLimit: 25, burstLimit: 50 },
  'POST /register/confirm': { rateLimit: 25, burstLimit: 50 },
  'POST /login': { rateLimit: 60, burstLimit: 120 },
  'POST /token/refresh': { rateLimit: 60, burstLimit: 120 },
  'POST /password-reset': { rateLimit: 10, burstLimit: 20 },
  'POST /password-reset/confirm': { rateLimit: 10, burstLimit: 20 },
};

/** The flash-sale claim route: its throttle comes from the stage config (`claimThrottle`). */
export const CLAIM_ROUTE = 'POST /flash-sales/current/claims';
/** The routes a purchase goes through, whose capacity a claim storm must not take (dashboard, docs/deploy.md budgets). */
export const PURCHASE_ROUTES = ['POST /cart', 'POST /orders', 'POST /orders/{id}/payments', 'POST /webhooks/payments/{provider}'] as const;

/** Fields of one JSON access-log line (HTTP API $context variables). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  userAgent: '$context.identity.userAgent',
};

export interface StoreHttpApiProps {
  readonly config: StageConfig;
  /** Route-specific throttling. @default ROUTE_THROTTLE and the claim route's `config.claimThrottle` */
  readonly routeThrottle?: Readonly<Record<string, ThrottleLimits>>;
}

/**
 * The HTTP API: CORS from the stage config, a `$default` stage with explicit default throttling,
 * per-route throttling and JSON access logs. No API Gateway authorizer: every function verifies
 * the access token itself (token_use, revocation marker, groups), see docs/decisions.md.
 */
export class StoreHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes = new Map<string, HttpRoute>();
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();
  private readonly routeThrottle: Readonly<Record<string, ThrottleLimits>>;
  private readonly defaultThrottle: ThrottleLimits;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: StoreHttpApiProps) {
    super(scope, id);
    const { config } = props;
    this.routeThrottle = props.routeThrottle ?? { ...ROUTE_THROTTLE, [CLAIM_ROUTE]: config.claimThrottle };
    this.defaultThrottle = config.throttle;

    this.api = new HttpApi(this, 'Api', {
      apiName: `${config.prefix}-api`,
      description: `Store API (${config.stage})`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...config.corsOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
        exposeHeaders: ['x-correlation-id', 'retry-after'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /**
   * `routeKey` as in the wiring table, e.g. `GET /me/addresses/{id}`. The route, its integration
   * and the invoke permission are created in the function's stack (a nested stack per context).
   */
  addRoute(routeKey: string, fn: IFunction): HttpRoute {
    if (this.routes.has(routeKey)) throw new Error(`Duplicate route ${routeKey}`);
    const [method, path] = routeKey.split(' ');
    if (!(method in HttpMethod) || !path?.startsWith('/')) throw new Error(`Malformed route key "${routeKey}"`);
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
      this.integrations.set(fn, integration);
    }
    const id = `Route${routeKey.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1).toLowerCase()).join('')}`;
    const scope = Stack.of(fn);
    if (scope.node.tryFindChild(id)) throw new Error(`Route key ${routeKey} collides with another route's construct id ${id}`);
    const route = new HttpRoute(scope, id, {
      httpApi: this.api,
      routeKey: HttpRouteKey.with(path, HttpMethod[method as keyof typeof HttpMethod]),
      integration,
    });
    acknowledge(route, 'AwsSolutions-APIG4',
      'No API Gateway authorizer by design: the function verifies the Cognito access token itself (rejects ID tokens, checks the per-user revocation marker and the admin group), which the JWT authorizer cannot do.');
    this.routes.set(routeKey, route);
    const limits = this.routeThrottle[routeKey];
    if (limits) {
      // Route settings name existing routes: the stage must be updated after the route exists.
      this.routeSettings[routeKey] = {
        ThrottlingRateLimit: Math.min(limits.rateLimit, this.defaultThrottle.rateLimit),
        ThrottlingBurstLimit: Math.min(limits.burstLimit, this.defaultThrottle.burstLimit),
      };
      (this.stage.node.defaultChild as CfnStage).routeSettings = this.routeSettings;
      this.stage.node.addDependency(route);
    }
    return route;
  }
}
