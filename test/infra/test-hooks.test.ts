/**
 * Test-stage hooks (docs/testing.md) exist only where the stage config asks for them: a production
 * stage synthesises without any of them, and a test stage gets all of them wired like the rest.
 */
import type { Synthesized } from './synth.js';
import { grantedActions, grantedStatements, logicalIdOf, resourceOf, synthesize } from './synth.js';
import { leadingKeysCondition, WRITE_PARTITIONS } from '../../lib/leading-keys.js';
import { testHooks, wiring } from '../../lambdas/routes.js';

let prod: Synthesized;
let qa: Synthesized;

beforeAll(() => {
  prod = synthesize({ stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com' });
  qa = synthesize({ stage: 'qa', testHooks: 'true' });
});

const templatesOf = (synth: Synthesized) => [synth.statefulTemplate, ...synth.statelessTemplates];
const everything = (synth: Synthesized) => JSON.stringify(templatesOf(synth).map((t) => t.toJSON()));
/** The HTTP API's route keys (not the WebSocket API's `$connect`, `$disconnect`). */
const routeKeys = (synth: Synthesized) => synth.statelessResources('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey as string).filter((key) => !key.startsWith('$'));
const envOf = (synth: Synthesized, handler: string) => resourceOf(synth, synth.stateless.functionFor(handler)).Properties.Environment.Variables as Record<string, unknown>;
const hookHandlers = Object.values(testHooks.routes).map((r) => r.handler);

describe('a production stage', () => {
  it('has no test hook: no PreSignUp trigger, no /test-hooks route or function, no test secret, no sandbox', () => {
    expect(prod.stateful.preSignUpFunction).toBeUndefined();
    expect(prod.statefulTemplate.toJSON().Resources[logicalIdOf(prod.stateful.userPool)].Properties.LambdaConfig.PreSignUp).toBeUndefined();
    expect(routeKeys(prod).filter((key) => key.includes('/test-hooks'))).toEqual([]);
    for (const handler of [...hookHandlers, testHooks.preSignUp]) expect(prod.stateless.functions.has(handler)).toBe(false);
    const all = everything(prod);
    for (const marker of ['test-hooks', 'TEST_HOOKS_SECRET', 'TEST_EMAIL_DOMAIN', 'SANDBOX_WEBHOOK_SECRET', 'CARRIER_WEBHOOK_SECRET', '"sandbox"']) {
      expect({ marker, found: all.includes(marker) }).toEqual({ marker, found: false });
    }
    expect(prod.stateless.testSecret).toBeUndefined();
    expect(envOf(prod, 'payments/webhook').PAYMENT_PROVIDER).toBe('mercadopago');
  });
});

describe('a test stage', () => {
  it('confirms sign-ups of its test domain with the wiring table\'s PreSignUp trigger', () => {
    const fn = qa.stateful.preSignUpFunction;
    expect(fn?.handlerName).toBe(testHooks.preSignUp);
    const pool = qa.statefulTemplate.toJSON().Resources[logicalIdOf(qa.stateful.userPool)];
    expect(pool.Properties.LambdaConfig.PreSignUp).toEqual({ 'Fn::GetAtt': [logicalIdOf(fn as NonNullable<typeof fn>), 'Arn'] });
    expect(resourceOf(qa, fn as NonNullable<typeof fn>).Properties.Environment.Variables.TEST_EMAIL_DOMAIN).toBe('e2e.qa.invalid');
  });

  it('deploys the signed test-hook routes, each to its own function holding the test secret and domain', () => {
    expect(routeKeys(qa).sort()).toEqual([...Object.keys(wiring.routes), ...Object.keys(testHooks.routes)].sort());
    const secretRef = JSON.stringify(qa.stateless.testSecret?.secretValue.unsafeUnwrap());
    for (const handler of hookHandlers) {
      const env = envOf(qa, handler);
      expect(env.TEST_EMAIL_DOMAIN).toBe('e2e.qa.invalid');
      expect(env.TEST_HOOKS_SECRET).toBeDefined();
    }
    expect(secretRef).toBeDefined();
    qa.statelessTemplate.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'big-ecommerce-qa/test-hooks' });
    qa.statelessTemplate.hasOutput('TestHooksSecretArn', {});
    qa.statelessTemplate.hasOutput('TestEmailDomain', { Value: 'e2e.qa.invalid' });
  });

  it('lets the test hooks\' signature through CloudFront, and only there', () => {
    const headersOf = (synth: Synthesized) => synth.statelessResources('AWS::CloudFront::OriginRequestPolicy')
      .map((p) => p.Properties.OriginRequestPolicyConfig.HeadersConfig.Headers as string[]);
    expect(headersOf(qa)).toEqual([expect.arrayContaining(['x-test-signature'])]);
    expect(headersOf(qa)[0].length).toBeLessThanOrEqual(10);
    expect(headersOf(prod)).toEqual([expect.not.arrayContaining(['x-test-signature'])]);
  });

  it('pays through the sandbox gateway and ships through the sandbox carrier, with webhooks signed by the test secret', () => {
    for (const handler of ['payments/create-payment', 'payments/webhook', 'test-hooks/pay-pix']) {
      const env = envOf(qa, handler);
      expect(env.PAYMENT_PROVIDER).toBe('sandbox');
      expect(env.SANDBOX_WEBHOOK_SECRET).toBeDefined();
      expect(env.MERCADOPAGO_SECRET_ARN).toBeUndefined();
      expect(grantedActions(qa, handler)).not.toContain('secretsmanager:GetSecretValue');
    }
    for (const handler of ['logistics/create-shipment', 'logistics/carrier-webhook', 'test-hooks/tracking-event']) {
      expect(envOf(qa, handler)).toMatchObject({ CARRIER_PROVIDER: 'sandbox', CARRIER_WEBHOOK_SECRET: expect.anything() });
    }
  });

  it('limits the test hooks\' table writes to their partitions where they have a list', () => {
    for (const handler of hookHandlers.filter((h) => WRITE_PARTITIONS[h])) {
      const writes = grantedStatements(qa, handler).find((st) => st.actions.includes('dynamodb:PutItem'));
      expect({ handler, conditions: writes?.conditions }).toEqual({ handler, conditions: leadingKeysCondition(WRITE_PARTITIONS[handler]) });
    }
  });
});
