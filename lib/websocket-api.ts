import { CfnParameter, NestedStack, Stack } from 'aws-cdk-lib';
import { type CfnStage, WebSocketApi, type WebSocketRoute, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, nagRender } from './nag.js';
import type { StageConfig } from './stage-config.js';

/** Fields of one JSON access-log line (WebSocket API $context variables). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  error: '$context.error.message',
};

/** The management API's calls the pusher makes: PostToConnection and DeleteConnection (GetConnection is not used). */
const MANAGE_METHODS = ['POST', 'DELETE'] as const;

export interface StoreWebSocketApiProps {
  readonly config: StageConfig;
}

/**
 * The live-tracking WebSocket API (API.md "Real-time (v2)"): one stage named after the stage,
 * throttled like the HTTP API, with JSON access logs. No API Gateway authorizer: the `$connect`
 * function verifies the access token of the handshake itself (like every HTTP function), which a
 * Lambda authorizer would do the same way at the cost of a second function and its cache.
 */
export class StoreWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly accessLogs: LogGroup;
  readonly routes = new Map<string, WebSocketRoute>();

  constructor(scope: Construct, id: string, props: StoreWebSocketApiProps) {
    super(scope, id);
    const { config } = props;
    this.api = new WebSocketApi(this, 'Api', { apiName: `${config.prefix}-live`, description: `Store live tracking (${config.stage})` });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: config.stage,
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
    });
    (this.stage.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: this.accessLogs.logGroupArn,
      format: JSON.stringify(ACCESS_LOG_FIELDS),
    };
  }

  /** A route of the wiring table's `websocketRoutes` (`$connect`, `$disconnect`), integrated with its function (proxy). */
  addRoute(routeKey: string, fn: IFunction): WebSocketRoute {
    if (this.routes.has(routeKey)) throw new Error(`Duplicate WebSocket route ${routeKey}`);
    const route = this.api.addRoute(routeKey, { integration: new WebSocketLambdaIntegration(`${fn.node.id}WebSocketIntegration`, fn) });
    acknowledge(route, 'AwsSolutions-APIG4',
      'No API Gateway authorizer by design: the $connect function verifies the Cognito access token of the handshake itself (rejects ID tokens, checks the revocation marker and, for the admin feed, the admin group); other routes of a connection run only after it.');
    this.routes.set(routeKey, route);
    return route;
  }

  /**
   * WEBSOCKET_CALLBACK_URL and execute-api:ManageConnections on this API's stage only, for the
   * POST (PostToConnection) and DELETE (DeleteConnection) calls, on any connection id.
   */
  grantManageConnections(fn: LambdaFunction): void {
    fn.addEnvironment('WEBSOCKET_CALLBACK_URL', this.stage.callbackUrl);
    const resources = MANAGE_METHODS.map((method) => Stack.of(fn).formatArn({
      service: 'execute-api', resource: this.apiIdIn(Stack.of(fn)), resourceName: `${this.stage.stageName}/${method}/@connections/*`,
    }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources }));
    for (const arn of resources) {
      acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, arn)}]`,
        'Connection ids are assigned by API Gateway at run time; the grant is POST and DELETE on @connections of this API\'s one stage only.');
    }
  }

  /**
   * The API id as seen from a function's stack: in a nested stack, a parameter of its own with a
   * fixed name (instead of CDK's generated cross-stack reference), so the grant's ARN has a name
   * the cdk-nag acknowledgement can spell.
   */
  private apiIdIn(stack: Stack): string {
    if (!NestedStack.isNestedStack(stack) || stack === Stack.of(this)) return this.api.apiId;
    const id = 'LiveApiId';
    const parameter = (stack.node.tryFindChild(id) as CfnParameter | undefined)
      ?? new CfnParameter(stack, id, { type: 'String', description: 'Id of the live-tracking WebSocket API' });
    stack.setParameter(id, this.api.apiId);
    return parameter.valueAsString;
  }
}
