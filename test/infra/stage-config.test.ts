import { App, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEV_CORS_ORIGINS, stageConfigFrom } from '../../lib/stage-config.js';

const configFor = (context: Record<string, string>) => stageConfigFrom(new App({ context }).node);
const PROD = { stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com' };

it('defaults to a dev stage that cleans up after itself', () => {
  expect(configFor({})).toMatchObject({
    stage: 'dev', isProd: false, alarmEmail: undefined, corsOrigins: [...DEV_CORS_ORIGINS], prefix: 'big-ecommerce-dev',
    removalPolicy: RemovalPolicy.DESTROY, logRetention: RetentionDays.TWO_WEEKS, throttle: { rateLimit: 1000, burstLimit: 2000 }, orderPaymentMinutes: 30,
  });
});

it('reads prod parameters from context and retains data', () => {
  expect(configFor({ ...PROD, corsOrigins: 'https://a.example.com, https://b.example.com' })).toMatchObject({
    stage: 'prod', isProd: true, alarmEmail: 'ops@example.com', corsOrigins: ['https://a.example.com', 'https://b.example.com'],
    removalPolicy: RemovalPolicy.RETAIN, logRetention: RetentionDays.THREE_MONTHS, logLevel: 'INFO',
  });
});

it.each([
  ['prod without an alarm email', { ...PROD, alarmEmail: '' }, /alarmEmail/],
  ['prod without CORS origins', { stage: 'prod', alarmEmail: 'ops@example.com' }, /corsOrigins/],
  ['prod allowing every origin', { ...PROD, corsOrigins: '*' }, /\*/],
  ['an origin with a path', { corsOrigins: 'https://shop.example.com/app' }, /not an origin/],
  ['a stage name unfit for bucket names', { stage: 'Production_1' }, /stage/],
  ['a stage name too long for bucket names', { stage: 'integration-tests' }, /max 10/],
  ['a malformed alarm email', { alarmEmail: 'ops' }, /alarmEmail/],
  ['a non-numeric throttle', { throttleRate: 'fast' }, /throttleRate/],
  ['an SES sender without its region', { sesFromEmail: 'no-reply@shop.example.com' }, /together/],
  ['a payment window under 5 minutes', { orderPaymentMinutes: '2' }, /orderPaymentMinutes/],
  ['a fractional payment window', { orderPaymentMinutes: '7.5' }, /orderPaymentMinutes/],
])('rejects %s', (_case, context, message) => {
  expect(() => configFor(context)).toThrow(message);
});

it('takes the payment window of ordinary orders from context', () => {
  expect(configFor({ orderPaymentMinutes: '45' }).orderPaymentMinutes).toBe(45);
});
