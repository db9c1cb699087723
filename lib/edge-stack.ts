import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { EdgeRateLimits, RateRule, StageConfig } from './stage-config.js';

/** Where a CLOUDFRONT-scoped web ACL must live. */
export const EDGE_REGION = 'us-east-1';

/** AWS managed rule groups, in evaluation order (IP reputation first: cheapest to drop). */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

/**
 * Rules of the common rule set that only count: the API takes JSON bodies up to 64 KB and refuses
 * bigger ones itself (413), while SizeRestrictions_BODY blocks any body over 8 KB (a product with
 * its description and variants is bigger).
 */
export const COUNT_ONLY_RULES = ['SizeRestrictions_BODY'] as const;

/**
 * The requests each rate-based rule is scoped down to: the method, and a path that starts with
 * the given one after lower-casing (so `/register` also covers `/register/confirm`, and neither
 * `/LOGIN` nor `/login/` slips past).
 */
export const RATE_LIMITED_ROUTES: Readonly<Record<Exclude<keyof EdgeRateLimits, 'api'>, string>> = {
  claims: 'POST /flash-sales/current/claims',
  login: 'POST /login',
  register: 'POST /register',
  passwordReset: 'POST /password-reset',
};

/** The body of a rate-limited answer, in the API's error shape. */
export const RATE_LIMITED_BODY = JSON.stringify({
  error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests from this address; try again in a few minutes', details: [] },
});

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
}

const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function routeMatch(routeKey: string): CfnWebACL.StatementProperty {
  const [method, path] = routeKey.split(' ');
  return {
    andStatement: {
      statements: [
        { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: [{ priority: 0, type: 'NONE' }] } },
        { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: path, textTransformations: [{ priority: 0, type: 'LOWERCASE' }] } },
      ],
    },
  };
}

function rateRule(name: string, priority: number, rule: RateRule, routeKey?: string): CfnWebACL.RuleProperty {
  const scopeDown = routeKey === undefined ? undefined : routeMatch(routeKey);
  return {
    name: `RateLimit${pascal(name)}`,
    priority,
    statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: rule.limit, evaluationWindowSec: rule.windowSeconds, scopeDownStatement: scopeDown } },
    action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rateLimited' } } },
    visibilityConfig: visibility(`RateLimit${pascal(name)}`),
  };
}

/**
 * The us-east-1 half of the edge: the AWS WAF web ACL of the API's CloudFront distribution (a
 * web ACL for CloudFront must be created in us-east-1, whatever the region of the API). The
 * distribution itself is in the stateless stack, next to the API and the functions that check
 * its origin header, and takes this ACL's ARN through CDK's cross-region references.
 */
export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;
  /** Its name and its rules' names (the dashboard graphs each rule's blocked requests). */
  readonly webAclName: string;
  readonly ruleNames: readonly string[];

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const limits = config.edge.rateLimits;
    const managed: CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, i) => ({
      name,
      priority: i,
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: name === 'AWSManagedRulesCommonRuleSet' ? COUNT_ONLY_RULES.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
        },
      },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    }));
    const scoped = (Object.keys(RATE_LIMITED_ROUTES) as (keyof typeof RATE_LIMITED_ROUTES)[])
      .map((name, i) => rateRule(name, 10 + i, limits[name], RATE_LIMITED_ROUTES[name]));

    const rules = [...managed, ...scoped, rateRule('api', 20, limits.api)];
    this.webAclName = `${config.prefix}-api`;
    this.ruleNames = rules.map((r) => r.name);
    this.webAcl = new CfnWebACL(this, 'ApiWebAcl', {
      name: this.webAclName,
      description: `Store API edge, ${config.stage}: managed rules and per-IP rate limits`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies: { rateLimited: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY } },
      rules,
      visibilityConfig: visibility(`${config.prefix}-api`),
    });
  }
}
