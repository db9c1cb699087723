import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';
import type { StageConfig } from './stage-config.js';

export interface MonitoringProps {
  readonly config: StageConfig;
  /** Alarm period. @default 5 minutes */
  readonly period?: Duration;
}

/**
 * Monitoring as one facade: one alarm topic (emailing the stage's alarm address) and a few
 * alarm kinds added by the stacks as they build resources. Every alarm notifies the topic on
 * ALARM and on OK; missing data (no traffic) is not breaching.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
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
