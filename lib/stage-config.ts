import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { type FaultSettings, parseFaultSettings } from '../lambdas/adapters/faults.js';

/** Request rate limits for the HTTP API (requests per second, steady and burst). */
export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** One AWS WAF rate-based rule: at most `limit` requests per client IP in `windowSeconds`. */
export interface RateRule {
  readonly limit: number;
  /** WAF evaluation windows: 60, 120, 300 or 600 seconds. */
  readonly windowSeconds: 60 | 120 | 300 | 600;
}

/** Per-client-IP budgets of the WAF rules in front of the API (lib/edge-stack.ts). */
export interface EdgeRateLimits {
  /** POST /flash-sales/current/claims */
  readonly claims: RateRule;
  /** POST /login */
  readonly login: RateRule;
  /** POST /register and POST /register/confirm (a 409 EMAIL_TAKEN tells whether an account exists) */
  readonly register: RateRule;
  /** POST /password-reset and POST /password-reset/confirm */
  readonly passwordReset: RateRule;
  /** Every request to the API, a ceiling per IP (generous: Brazilian mobile carriers put many customers behind one address) */
  readonly api: RateRule;
}

/**
 * Everything that differs between stages, read once from CDK context
 * (`-c stage=prod -c alarmEmail=ops@example.com -c corsOrigins=https://a,https://b`).
 */
export interface StageConfig {
  /** Stage name, part of every stack and bus name. @default 'dev' */
  readonly stage: string;
  readonly isProd: boolean;
  /** Alarm notifications go here. Required in prod; @default - no subscription (alarms still fire in the console) */
  readonly alarmEmail?: string;
  /** Origins allowed by the API's CORS preflight. Required in prod; @default localhost dev servers */
  readonly corsOrigins: readonly string[];
  /** Minutes a customer has to pay an ordinary order (flash-sale orders use their sale's). @default 30 */
  readonly orderPaymentMinutes: number;
  /** Default stage throttling for every route. @default 5000 rps, burst 5000 in prod; 1000, burst 2000 elsewhere */
  readonly throttle: ThrottleLimits;
  /** The claim route's own limit, below the stage default (API Gateway route throttling). */
  readonly claimThrottle: ThrottleLimits;
  /**
   * Reserved concurrency of the claim function: capacity no other function can take, and a cap
   * so a claim storm cannot take the concurrency checkout and the payment webhook need.
   * @default 600 in prod; none elsewhere (new accounts may have a total of 10)
   */
  readonly claimReservedConcurrency?: number;
  /**
   * CloudFront + AWS WAF in front of the API, which then answers only requests that came through
   * the distribution (`-c edge=false` for LocalStack and throwaway stages; prod always has it).
   */
  readonly edge: { readonly enabled: boolean; readonly rateLimits: EdgeRateLimits };
  /**
   * Region of the stateful and stateless stacks when the CLI gives none (offline synth); the
   * WAF web ACL of the edge is always in us-east-1. @default CDK_DEFAULT_REGION, else sa-east-1
   */
  readonly region: string;
  /** @default 3 months in prod, 2 weeks elsewhere */
  readonly logRetention: RetentionDays;
  /** RETAIN in prod (table, user pool, logs); DESTROY elsewhere so dev stacks clean up. */
  readonly removalPolicy: RemovalPolicy;
  /** POWERTOOLS_LOG_LEVEL. @default INFO in prod, DEBUG elsewhere */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Prefix for named resources and stacks, e.g. `big-ecommerce-dev`. */
  readonly prefix: string;
  /**
   * Cognito sends its emails through SES from this verified address (`-c sesFromEmail=... -c sesRegion=...`).
   * @default - Cognito's built-in sender (a few dozen emails a day: fine for dev, not for a store)
   */
  readonly ses?: { readonly fromEmail: string; readonly region: string };
  /**
   * Customer SMS go through AWS End User Messaging SMS from this origination identity (the ARN of a
   * phone number or pool, `-c smsOriginationIdentity=arn:aws:sms-voice:...`; optional
   * `-c smsConfigurationSet=<name>` for delivery events). The region is the ARN's.
   * @default - no SMS sender: SMS are logged, not sent (dev)
   */
  readonly sms?: { readonly originationIdentityArn: string; readonly region: string; readonly configurationSet?: string };
  /**
   * Faults on purpose (docs/faults.md): every function fails this share of its DynamoDB, payment
   * provider and event bus calls (`-c faultRate=0.2 [-c faultTimeoutShare=0.5] [-c faultTargets=dynamodb,payments]`).
   * Test stages only: synthesis fails if a production stage asks for it.
   * @default - none
   */
  readonly faults?: FaultSettings;
  /**
   * Test-stage hooks (docs/testing.md), `-c testHooks=true [-c testEmailDomain=...]`: a Cognito
   * PreSignUp trigger confirming sign-ups of `emailDomain`, the sandbox payment gateway and carrier
   * instead of the real ones, and the signed /test-hooks routes that play their payer and carrier
   * (the stack generates the secret they are signed with). Test stages only: synthesis fails if a
   * production stage asks for them.
   * @default - none: a stage is not a test stage unless it says so
   */
  readonly testHooks?: { readonly emailDomain: string };
  /**
   * The carrier adapter (docs/logistics.md): `melhorenvio` (credentials in the Secrets Manager secret
   * `<prefix>/melhorenvio`; production API in prod, ME's sandbox API elsewhere) or `sandbox` (the in-repo
   * fake carrier, test stages only). `-c carrier=melhorenvio|sandbox`; synthesis fails if prod or a non-test stage asks for the sandbox.
   * @default sandbox in test stages (testHooks), melhorenvio elsewhere (the sandbox carrier needs the test secret)
   */
  readonly carrier: CarrierConfig;
  /**
   * Mercado Pago's public key (`-c mercadoPagoPublicKey=APP_USR-...`; public by design: MP's browser SDK sends it
   * with every tokenisation), written into the storefront's `/store/config.js` of stages whose payment gateway is
   * Mercado Pago (every stage but a test stage). Without it such a stage's card form says card payment is
   * unavailable (Pix still works) and synthesis warns.
   * @default - none
   */
  readonly mercadoPagoPublicKey?: string;
}

export type CarrierConfig =
  | { readonly provider: 'sandbox' }
  | { readonly provider: 'melhorenvio'; readonly secretName: string; readonly baseUrl: string };

/** Melhor Envio's production and sandbox API hosts (separate accounts, tokens and balances). */
export const MELHOR_ENVIO_URLS = { production: 'https://melhorenvio.com.br', sandbox: 'https://sandbox.melhorenvio.com.br' } as const;

export const APP_NAME = 'big-ecommerce';
export const DEV_CORS_ORIGINS = ['http://localhost:3000', 'http://localhost:5173'] as const;

export const DEFAULT_REGION = 'sa-east-1';

/**
 * Prod: a claim per second per IP is far above a person (one claim per window succeeds) but lets
 * a CGNAT address with many customers through; the auth routes allow a few dozen people behind one
 * address and stop a script enumerating e-mails (register) or guessing codes (reset).
 */
const PROD_RATE_LIMITS: EdgeRateLimits = {
  claims: { limit: 60, windowSeconds: 60 },
  login: { limit: 100, windowSeconds: 300 },
  register: { limit: 50, windowSeconds: 300 },
  passwordReset: { limit: 20, windowSeconds: 300 },
  api: { limit: 6000, windowSeconds: 300 },
};
/** Other stages: the e2e suite registers and logs in dozens of customers from one CI runner. */
const TEST_RATE_LIMITS: EdgeRateLimits = {
  claims: { limit: 60, windowSeconds: 60 },
  login: { limit: 300, windowSeconds: 300 },
  register: { limit: 200, windowSeconds: 300 },
  passwordReset: { limit: 100, windowSeconds: 300 },
  api: { limit: 6000, windowSeconds: 300 },
};

function wholeNumber(key: string, value: number): number {
  if (!Number.isInteger(value)) throw new Error(`Context ${key} must be a whole number, got ${value}`);
  return value;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function contextNumber(node: Node, key: string, fallback: number): number {
  const text = contextString(node, key);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Context ${key} must be a positive number, got "${text}"`);
  return value;
}

/** Reads and validates the stage parameters; fails synthesis early on a bad or missing value. */
export function stageConfigFrom(node: Node): StageConfig {
  const stage = contextString(node, 'stage') ?? 'dev';
  // At most 10 characters: the stage is part of S3 bucket names (63 characters with account and region).
  if (!/^[a-z][a-z0-9-]{0,9}$/.test(stage)) {
    throw new Error(`Context stage must be lower-case letters, digits and dashes (max 10), got "${stage}"`);
  }
  const isProd = stage === 'prod';

  const alarmEmail = contextString(node, 'alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new Error(`Context alarmEmail is not an email address: "${alarmEmail}"`);
  }
  if (isProd && alarmEmail === undefined) throw new Error('Stage prod needs -c alarmEmail=<address>');

  const originsText = contextString(node, 'corsOrigins');
  const corsOrigins = originsText === undefined
    ? (isProd ? [] : [...DEV_CORS_ORIGINS])
    : originsText.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`Context corsOrigins: "${origin}" is not an origin (scheme://host[:port], no path)`);
    }
  }
  if (isProd && corsOrigins.length === 0) throw new Error('Stage prod needs -c corsOrigins=https://shop.example.com[,...]');
  if (isProd && corsOrigins.includes('*')) throw new Error('Stage prod must not allow every CORS origin (*)');

  const sesFromEmail = contextString(node, 'sesFromEmail');
  const sesRegion = contextString(node, 'sesRegion');
  if ((sesFromEmail === undefined) !== (sesRegion === undefined)) throw new Error('Give sesFromEmail and sesRegion together');
  if (sesFromEmail !== undefined && !EMAIL.test(sesFromEmail)) throw new Error(`Context sesFromEmail is not an email address: "${sesFromEmail}"`);

  const smsOrigination = contextString(node, 'smsOriginationIdentity');
  const smsArn = smsOrigination === undefined ? undefined : /^arn:aws[a-z-]*:sms-voice:([a-z0-9-]+):\d{12}:(phone-number|pool)\/[A-Za-z0-9_-]+$/.exec(smsOrigination);
  if (smsOrigination !== undefined && !smsArn) {
    throw new Error(`Context smsOriginationIdentity must be the ARN of an End User Messaging SMS phone number or pool, got "${smsOrigination}"`);
  }
  const smsConfigurationSet = contextString(node, 'smsConfigurationSet');
  if (smsConfigurationSet !== undefined && !smsArn) throw new Error('Context smsConfigurationSet needs smsOriginationIdentity');

  const orderPaymentMinutes = contextNumber(node, 'orderPaymentMinutes', 30);
  if (!Number.isInteger(orderPaymentMinutes) || orderPaymentMinutes < 5 || orderPaymentMinutes > 1440) {
    throw new Error(`Context orderPaymentMinutes must be a whole number of minutes from 5 to 1440, got ${orderPaymentMinutes}`);
  }

  const edge = contextString(node, 'edge') ?? 'true';
  if (edge !== 'true' && edge !== 'false') throw new Error(`Context edge must be true or false, got "${edge}"`);
  if (isProd && edge === 'false') throw new Error('Stage prod must keep the edge (CloudFront + WAF) in front of the API');
  const region = contextString(node, 'region') ?? process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`Context region is not an AWS region: "${region}"`);
  const reserved = contextString(node, 'claimReservedConcurrency');

  const faults = faultSettingsFrom(node);
  if (isProd && faults) throw new Error('Stage prod must not inject faults (faultRate is for test stages)');

  const testHooks = testHooksFrom(node, stage);
  if (isProd && testHooks) throw new Error('Stage prod must not deploy test hooks (testHooks is for test stages)');

  const carrierName = contextString(node, 'carrier') ?? (isProd || !testHooks ? 'melhorenvio' : 'sandbox');
  if (carrierName !== 'melhorenvio' && carrierName !== 'sandbox') throw new Error(`Context carrier must be melhorenvio or sandbox, got "${carrierName}"`);
  if (isProd && carrierName === 'sandbox') throw new Error('Stage prod must not deploy the sandbox carrier (carrier=melhorenvio)');
  if (carrierName === 'sandbox' && !testHooks) throw new Error('The sandbox carrier is for test stages (-c testHooks=true): its webhooks are signed with the test secret');
  const carrier: CarrierConfig = carrierName === 'sandbox'
    ? { provider: 'sandbox' }
    : { provider: 'melhorenvio', secretName: `${APP_NAME}-${stage}/melhorenvio`, baseUrl: isProd ? MELHOR_ENVIO_URLS.production : MELHOR_ENVIO_URLS.sandbox };

  const throttle = isProd ? { rateLimit: 5000, burstLimit: 5000 } : { rateLimit: 1000, burstLimit: 2000 };
  const claimThrottle = isProd ? { rateLimit: 2000, burstLimit: 3000 } : { rateLimit: 200, burstLimit: 400 };
  return {
    stage,
    isProd,
    alarmEmail,
    corsOrigins,
    orderPaymentMinutes,
    throttle: {
      rateLimit: contextNumber(node, 'throttleRate', throttle.rateLimit),
      burstLimit: contextNumber(node, 'throttleBurst', throttle.burstLimit),
    },
    claimThrottle: {
      rateLimit: contextNumber(node, 'claimThrottleRate', claimThrottle.rateLimit),
      burstLimit: contextNumber(node, 'claimThrottleBurst', claimThrottle.burstLimit),
    },
    claimReservedConcurrency: reserved === undefined ? (isProd ? 600 : undefined) : wholeNumber('claimReservedConcurrency', contextNumber(node, 'claimReservedConcurrency', 1)),
    edge: { enabled: edge === 'true', rateLimits: isProd ? PROD_RATE_LIMITS : TEST_RATE_LIMITS },
    region,
    logRetention: isProd ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logLevel: isProd ? 'INFO' : 'DEBUG',
    prefix: `${APP_NAME}-${stage}`,
    ses: sesFromEmail && sesRegion ? { fromEmail: sesFromEmail, region: sesRegion } : undefined,
    sms: smsArn && smsOrigination ? { originationIdentityArn: smsOrigination, region: smsArn[1], configurationSet: smsConfigurationSet } : undefined,
    faults,
    testHooks,
    carrier,
    mercadoPagoPublicKey: contextString(node, 'mercadoPagoPublicKey'),
  };
}

/** RFC 2606 top-level domains: nobody receives mail there. */
const RESERVED_TLD = /\.(invalid|test|example)$/;
const DOMAIN = /^(?=.{4,100}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function testHooksFrom(node: Node, stage: string): StageConfig['testHooks'] {
  const enabled = contextString(node, 'testHooks') ?? 'false';
  if (enabled !== 'true' && enabled !== 'false') throw new Error(`Context testHooks must be true or false, got "${enabled}"`);
  const emailDomain = contextString(node, 'testEmailDomain');
  if (enabled === 'false') {
    if (emailDomain !== undefined) throw new Error('Context testEmailDomain needs -c testHooks=true');
    return undefined;
  }
  // `.invalid` (RFC 2606) by default: no mailbox can exist there, so no real person is auto-confirmed.
  const domain = (emailDomain ?? `e2e.${stage}.invalid`).toLowerCase();
  if (!DOMAIN.test(domain)) throw new Error(`Context testEmailDomain is not a domain name: "${domain}"`);
  if (!RESERVED_TLD.test(domain)) throw new Error(`Context testEmailDomain must end in .invalid, .test or .example (no real mailbox is auto-confirmed), got "${domain}"`);
  return { emailDomain: domain };
}

function faultSettingsFrom(node: Node): FaultSettings | undefined {
  const rate = contextString(node, 'faultRate');
  if (rate === undefined) return undefined;
  const timeoutShare = contextString(node, 'faultTimeoutShare');
  const targets = contextString(node, 'faultTargets');
  try {
    return parseFaultSettings({
      rate: Number(rate),
      ...(timeoutShare === undefined ? {} : { timeoutShare: Number(timeoutShare) }),
      ...(targets === undefined ? {} : { targets: targets.split(',').map((t) => t.trim()) }),
    });
  } catch (invalid) {
    throw new Error(`Context faultRate/faultTimeoutShare/faultTargets: ${(invalid as Error).message}`);
  }
}
