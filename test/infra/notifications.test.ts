/**
 * The notifications queue in the CDK (lib/queue-subscription.ts, from the wiring table's
 * `queueSubscriptions`): the rule, the queue with its DLQ and redrive, the DLQ alarm, the event source
 * mapping with ReportBatchItemFailures, and sends (SES, End User Messaging SMS) granted to the notifier only.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { handlersOf, queueSubscriptions, wiring as WIRING } from '../../lambdas/routes.js';
import { logicalIdOf, grantedActions, grantedStatements, synthesize, type Synthesized } from './synth.js';

const SMS_ARN = 'arn:aws:sms-voice:sa-east-1:123456789012:phone-number/phone-0123456789abcdef';
const NOTIFIER = 'notifications/notify';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ sesFromEmail: 'pedidos@loja.com.br', sesRegion: 'sa-east-1', smsOriginationIdentity: SMS_ARN, smsConfigurationSet: 'pedidos' });
});

describe('notifications queue', () => {
  it('routes every notified event from the bus to the queue, which redrives to its DLQ after 5 receives', () => {
    const [row] = queueSubscriptions;
    const subscription = synth.stateless.queueSubscriptions.get(row.name);
    if (!subscription) throw new Error('no queue subscription built');
    const template = synth.templateOf(subscription);
    const queueId = logicalIdOf(subscription.queue);
    const dlqId = logicalIdOf(subscription.deadLetterQueue);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { 'detail-type': [...row.detailTypes] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 } })],
    });
    // EventBridge may send to the queue (its policy), over TLS only.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Principal: { Service: 'events.amazonaws.com' } })]) },
    });
    expect(row.detailTypes).toEqual(expect.arrayContaining(['OrderCreated', 'OrderPaid', 'PaymentFailed', 'PixPaymentExpiring', 'PasswordChanged']));
  });

  it('feeds the notifier through an event source mapping that reports batch item failures', () => {
    const fn = synth.stateless.functionFor(NOTIFIER);
    const subscription = synth.stateless.queueSubscriptions.get('notifications');
    synth.templateOf(fn).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(fn) },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(subscription?.queue as never), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(grantedActions(synth, NOTIFIER)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
  });

  it('alarms on any message in the DLQ, through the monitoring facade\'s topic', () => {
    const subscription = synth.stateless.queueSubscriptions.get('notifications');
    const template = synth.templateOf(subscription?.deadLetterQueue as never);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'big-ecommerce-dev-NotificationsQueueDeadLettersMessages',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(subscription?.deadLetterQueue as never), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe('least privilege for the channels', () => {
  it('lets only the notifier send SMS, from the stage\'s origination identity and configuration set only', () => {
    expect(grantedStatements(synth, NOTIFIER).filter((s) => s.actions.some((a) => a.startsWith('sms-voice:')))).toEqual([{
      actions: ['sms-voice:SendTextMessage'],
      resources: [SMS_ARN, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sms-voice:sa-east-1:', { Ref: 'AWS::AccountId' }, ':configuration-set/pedidos']] }],
    }]);
    const env = synth.templateOf(synth.stateless.functionFor(NOTIFIER)).toJSON().Resources[logicalIdOf(synth.stateless.functionFor(NOTIFIER))].Properties.Environment.Variables;
    expect(env).toMatchObject({ SMS_NOTIFIER: 'sms-voice', SMS_ORIGINATION_IDENTITY: SMS_ARN, SMS_REGION: 'sa-east-1', NOTIFIER: 'ses', NOTIFICATION_FROM_EMAIL: 'pedidos@loja.com.br' });
  });

  it('grants no other function an SES or SMS send', () => {
    const senders = handlersOf(WIRING)
      .filter((h) => synth.stateless.functions.has(h))
      .filter((h) => grantedActions(synth, h).some((a) => a.startsWith('ses:') || a.startsWith('sms-voice:') || a.startsWith('sns:')));
    expect(senders).toEqual([NOTIFIER]);
  });

  it('refuses an SMS origination identity that is not a phone number or pool ARN', () => {
    expect(() => synthesize({ smsOriginationIdentity: '+5511999999999' })).toThrow(/smsOriginationIdentity/);
  });
});
