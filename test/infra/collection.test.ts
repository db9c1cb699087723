/**
 * The collection queue in the CDK: a queue subscription with no bus rule (lib/queue-subscription.ts),
 * fed by the functions granted `collection:enqueue` (SendMessage on it and COLLECTION_QUEUE_URL,
 * nothing for the others), consumed by the fetch-and-extract worker; and the collection tick rule.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { COLLECTION_ATTENTION_METRIC } from '../../lib/monitoring.js';
import { queueSubscriptions } from '../../lambdas/routes.js';
import { grantedActions, grantedStatements, logicalIdOf, projectRoot, synthesize, type Synthesized } from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

const envOf = (handler: string) => {
  const fn = synth.stateless.functionFor(handler);
  return synth.templateOf(fn).toJSON().Resources[logicalIdOf(fn)].Properties.Environment.Variables as Record<string, unknown>;
};

describe('collection queue', () => {
  const subscription = () => {
    const built = synth.stateless.queueSubscriptions.get('collection');
    if (!built) throw new Error('no collection queue built');
    return built;
  };

  it('has no bus rule: only the functions granted collection:enqueue feed it', () => {
    expect(queueSubscriptions.find((q) => q.name === 'collection')?.detailTypes).toEqual([]);
    expect(subscription().rule).toBeUndefined();
    const rules = Object.values(synth.templateOf(subscription()).findResources('AWS::Events::Rule'));
    expect(JSON.stringify(rules)).not.toContain(logicalIdOf(subscription().queue));
  });

  it('lets the run starters and the worker send to it, with its URL, and nobody else', () => {
    const queueArn = { 'Fn::GetAtt': [logicalIdOf(subscription().queue), 'Arn'] };
    const onQueue = (handler: string) => grantedStatements(synth, handler).filter((s) => JSON.stringify(s.resources) === JSON.stringify([queueArn]));
    for (const handler of ['collection/start-run', 'collection/tick', 'collection/fetch-page']) {
      expect(onQueue(handler).flatMap((s) => s.actions)).toContain('sqs:SendMessage');
      expect(envOf(handler).COLLECTION_QUEUE_URL).toEqual({ Ref: logicalIdOf(subscription().queue) });
    }
    for (const handler of ['collection/list-sources', 'collection/publish-item', 'collection/create-source']) {
      expect(onQueue(handler)).toEqual([]);
      expect(envOf(handler).COLLECTION_QUEUE_URL).toBeUndefined();
    }
    // Publishing sends a new product's images to the images queue (test/infra/images.test.ts), nothing else.
    for (const handler of ['collection/list-sources', 'collection/create-source']) expect(grantedActions(synth, handler)).not.toContain('sqs:SendMessage');
  });

  it('feeds the worker through an event source mapping that reports batch item failures, with a DLQ after 3 receives', () => {
    const fn = synth.stateless.functionFor('collection/fetch-page');
    synth.templateOf(fn).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(fn) },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(subscription().queue), 'Arn'] },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    synth.templateOf(subscription()).hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(subscription().deadLetterQueue), 'Arn'] }, maxReceiveCount: 3 },
    });
  });

  it('runs the tick every minute', () => {
    const fn = synth.stateless.functionFor('collection/tick');
    synth.templateOf(fn).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] } })],
    });
  });

  it('alarms when a run fails or finds no product, on the metric the worker and the tick publish', () => {
    synth.templateOf(synth.stateless.monitoring).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'big-ecommerce-dev-CollectionRunNeedsAttention',
      MetricName: COLLECTION_ATTENTION_METRIC,
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    const reporter = readFileSync(path.join(projectRoot, 'lambdas/handlers/collection/report.ts'), 'utf8');
    expect(reporter).toContain(`'${COLLECTION_ATTENTION_METRIC}'`);
  });
});
