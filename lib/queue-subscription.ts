import { Duration } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSubscriptionDef } from '../lambdas/routes.js';
import { acknowledge } from './nag.js';

export interface QueueSubscriptionProps {
  /** The wiring table's row. */
  readonly subscription: QueueSubscriptionDef;
  readonly eventBus: IEventBus;
  /** The consumer (built with `queue()`). */
  readonly consumer: LambdaFunction;
  /** Bucket names by the wiring table's name (rows with `objectCreated`). */
  readonly buckets?: Readonly<Record<'media', string>>;
}

/**
 * One row of the wiring table's `queueSubscriptions`: an EventBridge rule for its detail-types (when it has any) ->
 * an SQS queue (SQS-managed encryption, TLS only) with a dead-letter queue after `maxReceiveCount`
 * receives -> the consumer through an event source mapping that reports batch item failures (a
 * failed message comes back alone, after the visibility timeout). The DLQ's alarm is the monitoring
 * facade's (the stateless stack adds it).
 */
export class QueueSubscription extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** The bus rule that feeds the queue; none when the row lists no detail-types (its `sender` functions feed it). */
  readonly rule?: Rule;
  /** The default bus's rule that forwards the row's S3 "Object Created" events (`objectCreated`). */
  readonly objectCreatedRule?: Rule;

  constructor(scope: Construct, id: string, props: QueueSubscriptionProps) {
    super(scope, id);
    const { subscription: s } = props;
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', `The dead-letter queue of the ${s.name} queue; it is alarmed, and redriven by hand once the cause is fixed.`);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(s.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: s.maxReceiveCount },
    });
    if (s.detailTypes.length) {
      this.rule = new Rule(this, 'Rule', {
        description: s.description.slice(0, 512),
        eventBus: props.eventBus,
        eventPattern: { detailType: [...s.detailTypes] },
        targets: [new SqsQueue(this.queue, { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
      });
    }
    if (s.objectCreated) {
      const bucket = props.buckets?.[s.objectCreated.bucket];
      if (!bucket) throw new Error(`Queue subscription ${s.name}: no ${s.objectCreated.bucket} bucket name given`);
      // S3 sends its EventBridge notifications to the account's default bus (the bucket has eventBridgeEnabled).
      this.objectCreatedRule = new Rule(this, 'ObjectCreatedRule', {
        description: `${s.objectCreated.prefix}* objects created in ${bucket} -> the ${s.name} queue`,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [bucket] }, object: { key: [{ prefix: s.objectCreated.prefix }] } },
        },
        targets: [new SqsQueue(this.queue, { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
      });
    }
    props.consumer.addEventSource(new SqsEventSource(this.queue, { batchSize: s.batchSize, reportBatchItemFailures: true }));
  }
}
