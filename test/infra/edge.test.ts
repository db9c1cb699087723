/**
 * The edge (issue 22): CloudFront in front of the HTTP API with AWS WAF in a us-east-1 stack,
 * the origin-verify header checked by the functions, the client's address for them, caching only
 * what the API marks cacheable.
 */
import { CACHE_KEY_HEADERS, FORWARDED_HEADERS, forwardedHeaders } from '../../lib/api-edge.js';
import { COUNT_ONLY_RULES, EDGE_REGION, MANAGED_RULE_GROUPS, RATE_LIMITED_ROUTES, RATE_LIMITED_BODY } from '../../lib/edge-stack.js';
import { ORIGIN_VERIFY_HEADER } from '../../lambdas/http/core.js';
import { routes } from '../../lambdas/routes.js';
import { type CfnResourceJson, resourceOf, synthesize, type Synthesized } from './synth.js';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthesize();
  prod = synthesize({ stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com' });
});

const one = (synth: Synthesized, type: string) => {
  const found = Object.values(synth.statelessTemplate.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};
const webAcl = (synth: Synthesized) => {
  const acls = Object.values(synth.edgeTemplate?.findResources('AWS::WAFv2::WebACL') ?? {});
  expect(acls).toHaveLength(1);
  return acls[0].Properties;
};
type Rule = CfnResourceJson;
const ruleNamed = (synth: Synthesized, name: string): Rule => {
  const rule = (webAcl(synth).Rules as Rule[]).find((r) => r.Name === name);
  if (!rule) throw new Error(`No rule ${name}`);
  return rule;
};

describe('the us-east-1 edge stack', () => {
  it('puts the CLOUDFRONT-scoped web ACL in us-east-1, the API in the stage\'s region', () => {
    expect(dev.edge?.region).toBe(EDGE_REGION);
    expect(dev.stateless.region).toBe('sa-east-1');
    expect(webAcl(dev)).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('runs the AWS managed rule groups (IP reputation, known bad inputs, common)', () => {
    const rules = webAcl(prod).Rules as Rule[];
    for (const name of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']) {
      const rule = ruleNamed(prod, name);
      expect(rule.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: 'AWS', Name: name });
      expect(rule.OverrideAction).toEqual({ None: {} });
    }
    expect(rules.filter((r) => r.Statement.ManagedRuleGroupStatement)).toHaveLength(MANAGED_RULE_GROUPS.length);
    // The API refuses bodies over 64 KB itself; the 8 KB body rule only counts.
    const common = ruleNamed(prod, 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(COUNT_ONLY_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })));
  });

  it.each([
    ['Claims', 'POST', '/flash-sales/current/claims', 'claims'],
    ['Login', 'POST', '/login', 'login'],
    ['Register', 'POST', '/register', 'register'],
    ['PasswordReset', 'POST', '/password-reset', 'passwordReset'],
  ] as const)('rate-limits %s per client IP, scoped down to %s %s, with the stage\'s limit', (name, method, path, key) => {
    for (const synth of [dev, prod]) {
      const rule = ruleNamed(synth, `RateLimit${name}`);
      const limits = synth.config.edge.rateLimits[key];
      expect(rule.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: limits.limit, EvaluationWindowSec: limits.windowSeconds });
      const [methodMatch, pathMatch] = rule.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements;
      expect(methodMatch.ByteMatchStatement).toMatchObject({ FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: method });
      expect(pathMatch.ByteMatchStatement).toMatchObject({
        FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: path, TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
      });
      expect(rule.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rateLimited' } } });
    }
    expect(routes).toHaveProperty([`${method} ${path}`]);
  });

  it('covers the confirmation routes with the register and reset rules (prefix match)', () => {
    for (const confirm of ['POST /register/confirm', 'POST /password-reset/confirm']) {
      expect(routes).toHaveProperty([confirm]);
      expect(Object.values(RATE_LIMITED_ROUTES).some((prefix) => confirm.startsWith(prefix))).toBe(true);
    }
  });

  it('has a per-IP ceiling for the whole API, and stricter auth limits in prod than in test stages', () => {
    const api = ruleNamed(prod, 'RateLimitApi');
    expect(api.Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
    expect(prod.config.edge.rateLimits.register.limit).toBeLessThan(dev.config.edge.rateLimits.register.limit);
    expect(prod.config.edge.rateLimits.passwordReset.limit).toBeLessThan(dev.config.edge.rateLimits.passwordReset.limit);
  });

  it('answers a rate-limited request 429 in the API\'s error shape', () => {
    expect(webAcl(dev).CustomResponseBodies).toEqual({ rateLimited: { ContentType: 'APPLICATION_JSON', Content: RATE_LIMITED_BODY } });
    expect(JSON.parse(RATE_LIMITED_BODY)).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.any(String), details: [] } });
  });

  it('gives every rule its own CloudWatch metric', () => {
    for (const rule of webAcl(dev).Rules as Rule[]) {
      expect(rule.VisibilityConfig).toMatchObject({ MetricName: expect.any(String), CloudWatchMetricsEnabled: true });
    }
  });
});

describe('the distribution in front of the API', () => {
  it('attaches the web ACL (a cross-region reference) and sends everything to the API over HTTPS', () => {
    const config = one(dev, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(JSON.stringify(config.WebACLId)).toContain('ExportsReader');
    expect(JSON.stringify(config.WebACLId)).toContain('ApiWebAcl');
    // The API, and the storefront's bucket for /store/* (test/infra/storefront.test.ts).
    expect(config.Origins).toHaveLength(2);
    expect(config.Origins[0].CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(JSON.stringify(config.Origins[0].DomainName)).toContain('ApiEndpoint');
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'https-only', CachedMethods: ['GET', 'HEAD'] });
    expect([...config.DefaultCacheBehavior.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
  });

  it('adds the origin-verify header with the secret\'s current value (a dynamic reference, never the value)', () => {
    const origin = one(dev, 'AWS::CloudFront::Distribution').Properties.DistributionConfig.Origins[0];
    expect(origin.OriginCustomHeaders).toHaveLength(1);
    expect(origin.OriginCustomHeaders[0].HeaderName).toBe(ORIGIN_VERIFY_HEADER);
    expect(JSON.stringify(origin.OriginCustomHeaders[0].HeaderValue)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:current::\}\}/);
    const secret = one(dev, 'AWS::SecretsManager::Secret').Properties;
    expect(secret).toMatchObject({ Name: 'big-ecommerce-dev/origin-verify', GenerateSecretString: { GenerateStringKey: 'current', PasswordLength: 48 } });
  });

  it('caches only what the origin marks cacheable, per token and CORS origin', () => {
    const config = one(dev, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const policyId = config.DefaultCacheBehavior.CachePolicyId.Ref as string;
    const policy = dev.statelessTemplate.toJSON().Resources[policyId].Properties.CachePolicyConfig;
    expect(policy).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: [...CACHE_KEY_HEADERS] },
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    expect(CACHE_KEY_HEADERS).toContain('authorization');
  });

  it('forwards the headers the functions read and the viewer\'s address, never Host', () => {
    const policy = one(dev, 'AWS::CloudFront::OriginRequestPolicy').Properties.OriginRequestPolicyConfig;
    // Melhor Envio's webhook signature too (the carrier outside test stages): without it its webhooks are 401 behind the edge.
    expect(policy.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: [...FORWARDED_HEADERS, 'x-me-signature'] });
    expect(one(prod, 'AWS::CloudFront::OriginRequestPolicy').Properties.OriginRequestPolicyConfig.HeadersConfig.Headers).toContain('x-me-signature');
    expect(FORWARDED_HEADERS).toEqual(expect.arrayContaining(['CloudFront-Viewer-Address', 'idempotency-key', 'content-type', 'x-signature']));
    expect(policy.HeadersConfig.Headers.length).toBeLessThanOrEqual(10);
    expect(forwardedHeaders({ carrier: { provider: 'sandbox' }, testHooks: { emailDomain: 'e2e.t.invalid' } })).toContain('x-test-signature');
    expect(() => forwardedHeaders({ carrier: { provider: 'melhorenvio', secretName: 's', baseUrl: 'u' }, testHooks: { emailDomain: 'e2e.t.invalid' } })).toThrow(/at most 10 headers/);
    expect(FORWARDED_HEADERS.map((h) => h.toLowerCase())).not.toContain('host');
  });

  it('publishes the distribution as ApiUrl', () => {
    expect(JSON.stringify(dev.statelessTemplate.toJSON().Outputs.ApiUrl.Value)).toContain('EdgeDistribution');
  });

  it('updates the distribution after the functions (a rotated secret is accepted before it is sent)', () => {
    const distribution = Object.values(dev.statelessTemplate.findResources('AWS::CloudFront::Distribution'))[0];
    const nested = Object.keys(dev.statelessTemplate.findResources('AWS::CloudFormation::Stack'));
    expect(nested.length).toBeGreaterThan(0);
    expect(distribution.DependsOn).toEqual(expect.arrayContaining(nested));
  });
});

describe('the HTTP functions behind the edge', () => {
  it('take the client IP from CloudFront-Viewer-Address and check the origin secret (every value of it)', () => {
    for (const route of Object.values(routes)) {
      const env = resourceOf(dev, dev.stateless.functionFor(route.handler)).Properties.Environment.Variables;
      expect(env.CLIENT_IP_SOURCE).toBe('cloudfront');
      expect(JSON.stringify(env.ORIGIN_VERIFY_SECRET)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:::\}\}/);
    }
  });

  it('leaves the event consumers alone', () => {
    const env = resourceOf(dev, dev.stateless.functionFor('flash-sale/reconcile')).Properties.Environment.Variables;
    expect(env.CLIENT_IP_SOURCE).toBeUndefined();
    expect(env.ORIGIN_VERIFY_SECRET).toBeUndefined();
  });
});

describe('without the edge (-c edge=false: LocalStack, throwaway stages)', () => {
  it('builds no edge stack, no distribution and no origin check', () => {
    const bare = synthesize({ edge: 'false' });
    expect(bare.edge).toBeUndefined();
    expect(bare.statelessTemplate.findResources('AWS::CloudFront::Distribution')).toEqual({});
    const env = resourceOf(bare, bare.stateless.functionFor('flash-sale/claim')).Properties.Environment.Variables;
    expect(env.CLIENT_IP_SOURCE).toBeUndefined();
    expect(env.ORIGIN_VERIFY_SECRET).toBeUndefined();
    expect(JSON.stringify(bare.statelessTemplate.toJSON().Outputs.ApiUrl.Value)).toContain('HttpApi');
  });
});
