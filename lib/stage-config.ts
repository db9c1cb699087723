import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** Request rate limits for the HTTP API (requests per second, steady and burst). */
export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
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
  /** Default stage throttling for every route. @default 1000 rps, burst 2000 */
  readonly throttle: ThrottleLimits;
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
}

export const APP_NAME = 'big-ecommerce';
export const DEV_CORS_ORIGINS = ['http://localhost:3000', 'http://localhost:5173'] as const;

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

  return {
    stage,
    isProd,
    alarmEmail,
    corsOrigins,
    orderPaymentMinutes,
    throttle: {
      rateLimit: contextNumber(node, 'throttleRate', 1000),
      burstLimit: contextNumber(node, 'throttleBurst', 2000),
    },
    logRetention: isProd ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logLevel: isProd ? 'INFO' : 'DEBUG',
    prefix: `${APP_NAME}-${stage}`,
    ses: sesFromEmail && sesRegion ? { fromEmail: sesFromEmail, region: sesRegion } : undefined,
    sms: smsArn && smsOrigination ? { originationIdentityArn: smsOrigination, region: smsArn[1], configurationSet: smsConfigurationSet } : undefined,
  };
}
