import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, SingleValueWidget, TextWidget, TreatMissingData,
  type IMetric, type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern } from 'aws-cdk-lib/aws-logs';
import { ENDPOINT_DISABLED_MESSAGE } from '../lambdas/domain/webhooks/events.js';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from './function.js';
import { acknowledge } from './nag.js';
import type { StageConfig } from './stage-config.js';

export interface MonitoringProps {
  readonly config: StageConfig;
  /** Alarm period. @default 5 minutes */
  readonly period?: Duration;
}

/** Published by the flash-sale reconciler every run (lambdas/handlers/flash-sale/reconcile.ts): units it had to fix. */
export const RECONCILED_UNITS_METRIC = 'FlashSaleUnitsReconciled';
export const COLLECTION_ATTENTION_METRIC = 'CollectionRunsNeedingAttention';
export const WEBHOOK_ENDPOINTS_DISABLED_METRIC = 'WebhookEndpointsDisabled';

/**
 * Monitoring as one facade: one alarm topic (emailing the stage's alarm address), a few alarm
 * kinds added by the stacks as they build resources, and one dashboard (the flash sale and the
 * purchase path) whose rows the stacks add. Every alarm notifies the topic on ALARM and on OK;
 * missing data (no traffic) is not breaching.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly config: StageConfig;
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.config = props.config;
    this.period = props.period ?? Duration.minutes(5);
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `${props.config.prefix}-alarms`,
      displayName: `Store alarms (${props.config.stage})`,
      enforceSSL: true,
    });
    acknowledge(this.topic, 'AwsSolutions-SNS2',
      'Alarm notifications carry no customer data; CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed key is not worth it for alarm names.');
    if (props.config.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.config.alarmEmail));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.config.prefix}-flash-sale-and-purchase`,
      defaultInterval: Duration.hours(3),
    });
  }

  /**
   * Units the flash-sale reconciler gave back or fixed: it should always be 0 (a claim died between
   * its steps, or an expired order kept its unit), so any unit alarms and goes on the dashboard.
   */
  monitorFlashSaleReconciliation(): Metric {
    const metric = new Metric({
      namespace: METRICS_NAMESPACE, metricName: RECONCILED_UNITS_METRIC, dimensionsMap: { service: SERVICE_NAME }, period: this.period, statistic: 'Sum',
    });
    this.alarm('FlashSaleUnitsReconciled', metric, 1,
      'The flash-sale reconciler fixed units (a claim died between steps or an ended order kept its unit): run npm run check:flash-sale and read its log (docs/flash-sale.md)');
    return metric;
  }

  /**
   * Catalog collection: a run that failed or found no product (`CollectionRunsNeedingAttention`,
   * lambdas/handlers/collection/report.ts) raises an alarm, which the alarm topic emails.
   */
  monitorCollectionRuns(): Metric {
    const metric = new Metric({
      namespace: METRICS_NAMESPACE, metricName: COLLECTION_ATTENTION_METRIC, dimensionsMap: { service: SERVICE_NAME }, period: this.period, statistic: 'Sum',
    });
    this.alarm('CollectionRunNeedsAttention', metric, 1,
      'A collection run failed or found no product: read its errors (GET /admin/collection/sources/{id}/runs) and the worker\'s log (docs/collection.md)');
    return metric;
  }

  /**
   * Integrator webhooks: an endpoint disabled after failing for 24 h logs ENDPOINT_DISABLED_MESSAGE
   * once (the functions that deliver: `senders`); a metric filter on their log groups counts it and
   * the alarm emails the stage's alarm address, so the admins hear of it.
   */
  monitorWebhookEndpoints(senders: readonly LambdaFunction[]): Metric {
    senders.forEach((fn, i) => {
      fn.logGroup.addMetricFilter(`WebhookEndpointsDisabled${i}`, {
        filterPattern: FilterPattern.stringValue('$.message', '=', ENDPOINT_DISABLED_MESSAGE),
        metricNamespace: METRICS_NAMESPACE, metricName: WEBHOOK_ENDPOINTS_DISABLED_METRIC, metricValue: '1',
      });
    });
    const metric = new Metric({ namespace: METRICS_NAMESPACE, metricName: WEBHOOK_ENDPOINTS_DISABLED_METRIC, period: this.period, statistic: 'Sum' });
    this.alarm('WebhookEndpointDisabled', metric, 1,
      'An integrator webhook endpoint was disabled after failing for 24 hours: see GET /admin/webhooks (status DISABLED, disabledAt), fix the receiver, then register it again (docs/webhooks.md)');
    return metric;
  }

  /** A dashboard row: a title and its widgets (24 columns wide). */
  addDashboardRow(title: string, ...widgets: IWidget[]): void {
    this.dashboard.addWidgets(new TextWidget({ markdown: `## ${title}`, width: 24, height: 1 }));
    this.dashboard.addWidgets(...widgets);
  }

  /** Requests, 4xx/5xx and latency of the API. */
  apiWidgets(api: IHttpApi): IWidget[] {
    const sum = { period: Duration.minutes(1), statistic: 'Sum' };
    return [
      new GraphWidget({ title: 'API requests, 4xx, 5xx', width: 12, left: [api.metricCount(sum), api.metricClientError(sum), api.metricServerError(sum)] }),
      new GraphWidget({ title: 'API latency p50 / p99 (ms)', width: 12, left: [api.metricLatency({ statistic: 'p50' }), api.metricLatency({ statistic: 'p99' })] }),
    ];
  }

  /** Invocations, errors, throttles, concurrency and p99 duration of each named function. */
  functionWidgets(functions: Readonly<Record<string, IFunction>>): IWidget[] {
    const each = (f: (fn: IFunction, label: string) => IMetric) => Object.entries(functions).map(([label, fn]) => f(fn, label));
    const sum = (label: string) => ({ period: Duration.minutes(1), statistic: 'Sum', label });
    return [
      new GraphWidget({ title: 'Invocations', width: 8, left: each((fn, l) => fn.metricInvocations(sum(l))) }),
      new GraphWidget({ title: 'Errors and throttles', width: 8, left: [...each((fn, l) => fn.metricErrors(sum(`${l} errors`))), ...each((fn, l) => fn.metricThrottles(sum(`${l} throttles`)))] }),
      new GraphWidget({
        title: 'Concurrent executions (max) and duration p99 (ms)', width: 8,
        left: each((fn, l) => fn.metric('ConcurrentExecutions', { period: Duration.minutes(1), statistic: 'Maximum', label: `${l} concurrency` })),
        right: each((fn, l) => fn.metricDuration({ period: Duration.minutes(1), statistic: 'p99', label: `${l} p99` })),
      }),
    ];
  }

  /** Requests each rule of a CloudFront web ACL blocked (WAF publishes them in us-east-1). */
  webAclWidgets(webAclName: string, ruleNames: readonly string[]): IWidget[] {
    const blocked = (rule: string) => new Metric({
      namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensionsMap: { WebACL: webAclName, Rule: rule },
      region: 'us-east-1', period: Duration.minutes(1), statistic: 'Sum', label: rule,
    });
    return [new GraphWidget({ title: 'WAF: blocked requests per rule', width: 24, left: ruleNames.map(blocked) })];
  }

  /** A single number and its graph (e.g. the reconciler's fixed units). */
  valueWidgets(title: string, metric: IMetric): IWidget[] {
    return [
      new SingleValueWidget({ title: `${title} (last 3 h)`, width: 6, metrics: [metric], setPeriodToTimeRange: true }),
      new GraphWidget({ title, width: 18, left: [metric] }),
    ];
  }

  /** 5xx answers from the HTTP API (the gateway's and the functions'). */
  monitorHttpApi(api: IHttpApi, threshold = 5): void {
    this.alarm('Api5xx', api.metricServerError({ period: this.period, statistic: 'Sum' }), threshold,
      `HTTP API returned at least ${threshold} 5xx responses in ${this.period.toMinutes()} minutes`);
  }

  /** Failures of the WebSocket API's integrations ($connect and $disconnect functions failing or timing out). */
  monitorWebSocketApi(api: IWebSocketApi, stage: string, threshold = 5): void {
    const metric = (metricName: string) => new Metric({
      namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiId: api.apiId, Stage: stage }, period: this.period, statistic: 'Sum',
    });
    const expression = new MathExpression({
      expression: 'integration + execution',
      usingMetrics: { integration: metric('IntegrationError'), execution: metric('ExecutionError') },
      period: this.period,
      label: 'Integration + execution errors',
    });
    this.alarm('LiveApiErrors', expression, threshold,
      `WebSocket API had at least ${threshold} integration or execution errors in ${this.period.toMinutes()} minutes`);
  }

  /**
   * Errors or throttles of one function (one alarm per function, named after its handler). The
   * alarm lives in the function's stack when that is a stack of this app (nested per context).
   */
  monitorFunction(id: string, fn: IFunction): void {
    const expression = new MathExpression({
      expression: 'errors + throttles',
      usingMetrics: {
        errors: fn.metricErrors({ period: this.period, statistic: 'Sum' }),
        throttles: fn.metricThrottles({ period: this.period, statistic: 'Sum' }),
      },
      period: this.period,
      label: 'Errors + throttles',
    });
    const home = Stack.of(fn);
    const scope = NestedStack.isNestedStack(home) && home.nestedStackParent === Stack.of(this) ? home : this;
    this.alarm(`${id}ErrorsOrThrottles`, expression, 1, `Function ${id} had errors or throttles`, scope);
  }

  /** Read and write throttle events on the table (partition or table throughput exceeded). */
  monitorTable(id: string, tableName: string): void {
    const metric = (metricName: string) => new Metric({
      namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: tableName }, period: this.period, statistic: 'Sum',
    });
    const expression = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: { reads: metric('ReadThrottleEvents'), writes: metric('WriteThrottleEvents') },
      period: this.period,
      label: 'Throttle events',
    });
    this.alarm(`${id}Throttles`, expression, 1, `DynamoDB table ${id} throttled requests`);
  }

  /** Any message in a dead-letter queue means an event was not handled. */
  monitorDeadLetterQueue(id: string, queue: IQueue): void {
    const home = Stack.of(queue);
    const scope = NestedStack.isNestedStack(home) && home.nestedStackParent === Stack.of(this) ? home : this;
    this.alarm(`${id}Messages`, queue.metricApproximateNumberOfMessagesVisible({ period: this.period, statistic: 'Maximum' }), 1,
      `Dead-letter queue ${id} holds unhandled events`, scope);
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string, scope: Construct = this): Alarm {
    const alarm = new Alarm(scope, id, {
      alarmName: `${this.config.prefix}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
