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
  ['prod without the edge', { ...PROD, edge: 'false' }, /edge/],
  ['an edge switch that is not a boolean', { edge: 'yes' }, /edge/],
  ['a region that is not one', { region: 'brazil' }, /region/],
  ['a fractional reserved concurrency', { claimReservedConcurrency: '2.5' }, /claimReservedConcurrency/],
  ['faults injected in prod', { ...PROD, faultRate: '0.2' }, /must not inject faults/],
  ['a fault rate above one half', { faultRate: '0.9' }, /faultRate/],
  ['an unknown fault target', { faultRate: '0.2', faultTargets: 'dynamodb,s3' }, /targets/],
  ['test hooks in prod', { ...PROD, testHooks: 'true' }, /must not deploy test hooks/],
  ['a test-hooks switch that is not a boolean', { testHooks: 'yes' }, /testHooks/],
  ['a test e-mail domain without the test hooks', { testEmailDomain: 'e2e.dev.invalid' }, /needs -c testHooks=true/],
  ['a test e-mail domain where people receive mail', { testHooks: 'true', testEmailDomain: 'gmail.com' }, /\.invalid, \.test or \.example/],
  ['a test e-mail domain that is not a domain', { testHooks: 'true', testEmailDomain: 'a@b.invalid' }, /not a domain/],
  ['the sandbox carrier in prod', { ...PROD, carrier: 'sandbox' }, /must not deploy the sandbox carrier/],
  ['an unknown carrier', { carrier: 'correios' }, /carrier must be/],
  ['the sandbox carrier outside a test stage', { carrier: 'sandbox' }, /for test stages/],
])('rejects %s', (_case, context, message) => {
  expect(() => configFor(context)).toThrow(message);
});

it('uses Melhor Envio (production API in prod, its sandbox API elsewhere) and the in-repo sandbox carrier only in test stages', () => {
  expect(configFor(PROD).carrier).toEqual({ provider: 'melhorenvio', secretName: 'big-ecommerce-prod/melhorenvio', baseUrl: 'https://melhorenvio.com.br' });
  expect(configFor({}).carrier).toEqual({ provider: 'melhorenvio', secretName: 'big-ecommerce-dev/melhorenvio', baseUrl: 'https://sandbox.melhorenvio.com.br' });
  expect(configFor({ stage: 'e2e', testHooks: 'true' }).carrier).toEqual({ provider: 'sandbox' });
  expect(configFor({ stage: 'qa', testHooks: 'true', carrier: 'melhorenvio' }).carrier).toEqual({ provider: 'melhorenvio', secretName: 'big-ecommerce-qa/melhorenvio', baseUrl: 'https://sandbox.melhorenvio.com.br' });
});

it('takes the payment window of ordinary orders from context', () => {
  expect(configFor({ orderPaymentMinutes: '45' }).orderPaymentMinutes).toBe(45);
});

it('puts the edge in front of the API in every stage unless told not to, in sa-east-1 by default', () => {
  const saved = process.env.CDK_DEFAULT_REGION;
  delete process.env.CDK_DEFAULT_REGION;
  try {
    expect(configFor({})).toMatchObject({ edge: { enabled: true }, region: 'sa-east-1' });
    expect(configFor({ edge: 'false', region: 'us-east-2' })).toMatchObject({ edge: { enabled: false }, region: 'us-east-2' });
    expect(configFor(PROD).edge.enabled).toBe(true);
  } finally {
    if (saved !== undefined) process.env.CDK_DEFAULT_REGION = saved;
  }
});

it('budgets the claim route per stage: its own throttle below the stage default, reserved concurrency in prod', () => {
  const prod = configFor(PROD);
  expect(prod.throttle).toEqual({ rateLimit: 5000, burstLimit: 5000 });
  expect(prod.claimThrottle).toEqual({ rateLimit: 2000, burstLimit: 3000 });
  expect(prod.claimReservedConcurrency).toBe(600);
  const dev = configFor({});
  expect(dev.claimThrottle).toEqual({ rateLimit: 200, burstLimit: 400 });
  expect(dev.claimReservedConcurrency).toBeUndefined();
  expect(configFor({ claimReservedConcurrency: '50', claimThrottleRate: '100', claimThrottleBurst: '150' })).toMatchObject({
    claimReservedConcurrency: 50, claimThrottle: { rateLimit: 100, burstLimit: 150 },
  });
});

it('injects faults only when a test stage asks: rate, lost-answer share and targets', () => {
  expect(configFor({}).faults).toBeUndefined();
  expect(configFor({ stage: 'e2e', faultRate: '0.2' }).faults).toEqual({ rate: 0.2, timeoutShare: 0.5, targets: ['dynamodb', 'payments', 'events'] });
  expect(configFor({ faultRate: '0.1', faultTimeoutShare: '1', faultTargets: 'payments' }).faults).toEqual({ rate: 0.1, timeoutShare: 1, targets: ['payments'] });
});

it('marks a stage as a test stage only when asked, with an .invalid e-mail domain by default', () => {
  expect(configFor({}).testHooks).toBeUndefined();
  expect(configFor({ stage: 'qa', testHooks: 'false' }).testHooks).toBeUndefined();
  expect(configFor({ stage: 'qa', testHooks: 'true' }).testHooks).toEqual({ emailDomain: 'e2e.qa.invalid' });
  expect(configFor({ stage: 'qa', testHooks: 'true', testEmailDomain: 'Testers.Loja.TEST' }).testHooks).toEqual({ emailDomain: 'testers.loja.test' });
});
