import { Duration, Fn } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods, CachedMethods, CachePolicy, CacheCookieBehavior, CacheHeaderBehavior, CacheQueryStringBehavior, Distribution, HttpVersion,
  OriginProtocolPolicy, OriginRequestCookieBehavior, OriginRequestHeaderBehavior, OriginRequestPolicy, OriginRequestQueryStringBehavior,
  PriceClass, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../lambdas/http/core.js';
import { acknowledge } from './nag.js';
import type { StageConfig } from './stage-config.js';

/**
 * Viewer headers CloudFront passes to the API (besides Authorization and Origin, which are in the
 * cache key and so always forwarded). CloudFront allows 10; a header the API starts reading must
 * be added here. Host is never forwarded: API Gateway routes by its own host name.
 */
export const FORWARDED_HEADERS = [
  'content-type',
  'idempotency-key',
  'x-correlation-id',
  'access-control-request-method',
  'access-control-request-headers',
  // Mercado Pago's webhook signature (lambdas/adapters/payments/mercadopago.ts).
  'x-signature',
  'x-request-id',
  'user-agent',
  // Added by CloudFront: the client's ip:port (CLIENT_IP_SOURCE=cloudfront, lambdas/http/client-ip.ts).
  'CloudFront-Viewer-Address',
] as const;

/** Test stages only: the test hooks' request signature (lambdas/http/test-signature.ts; CloudFront allows 10 headers). */
export const TEST_HOOK_HEADERS = ['x-test-signature'] as const;

/** Stages with Melhor Envio: its webhook signature (lambdas/adapters/logistics/melhorenvio.ts). */
export const MELHOR_ENVIO_HEADERS = ['x-me-signature'] as const;

/** CloudFront's limit on an origin request policy's header allow-list. */
export const MAX_FORWARDED_HEADERS = 10;

/** Every header the stage's functions read, within CloudFront's limit (synthesis fails beyond it). */
export function forwardedHeaders(config: Pick<StageConfig, 'testHooks' | 'carrier'>): string[] {
  const headers = [
    ...FORWARDED_HEADERS,
    ...(config.carrier.provider === 'melhorenvio' ? MELHOR_ENVIO_HEADERS : []),
    ...(config.testHooks ? TEST_HOOK_HEADERS : []),
  ];
  if (headers.length > MAX_FORWARDED_HEADERS) {
    throw new Error(`CloudFront forwards at most ${MAX_FORWARDED_HEADERS} headers; this stage needs ${headers.length} (${headers.join(', ')}): a test stage with Melhor Envio needs -c edge=false`);
  }
  return headers;
}

/** In the cache key (so forwarded): tokens never share a cached answer, nor do CORS origins. */
export const CACHE_KEY_HEADERS = ['authorization', 'origin'] as const;

export interface ApiEdgeProps {
  readonly config: StageConfig;
  /** The origin-verify secret (originVerifySecret()). */
  readonly originSecret: Secret;
  /** ARN of the CLOUDFRONT-scoped web ACL (in us-east-1). */
  readonly webAclArn: string;
}

/**
 * `{"current": ...}` (and `"previous"` after a rotation, scripts/rotate-origin-secret.ts): CloudFront
 * sends `current`; the functions accept every value of the JSON. Resolved into both at deploy time
 * (CloudFormation dynamic references), so a rotation takes effect with the next `cdk deploy`.
 */
export function originVerifySecret(scope: Construct, config: StageConfig): Secret {
  const secret = new Secret(scope, 'OriginVerifySecret', {
    secretName: `${config.prefix}/origin-verify`,
    description: `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront adds to requests to the ${config.prefix} API`,
    generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'current', passwordLength: 48, excludePunctuation: true },
    removalPolicy: config.removalPolicy,
  });
  acknowledge(secret, 'AwsSolutions-SMG4',
    'Rotated by `npm run rotate:origin-secret` then `cdk deploy` (docs/deploy.md): CloudFront and the functions take the value at deploy time, so a rotation Lambda changing it in between would reach neither; the functions accept the current and previous values, so the deploy switches without a 403.');
  return secret;
}

/**
 * CloudFront in front of the HTTP API: AWS WAF (the web ACL of the edge stack), the origin-verify
 * header, the client's address for the functions, and caching only what the API marks cacheable
 * (Cache-Control); every other answer goes to the origin (TTLs default to 0).
 */
export class ApiEdge extends Construct {
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the API's public base URL. */
  readonly url: string;

  constructor(scope: Construct, id: string, api: HttpApi, props: ApiEdgeProps) {
    super(scope, id);
    const { config } = props;
    const cachePolicy = new CachePolicy(this, 'CachePolicy', {
      comment: `${config.prefix} API: cache what the origin's Cache-Control allows, per token and origin`,
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      headerBehavior: CacheHeaderBehavior.allowList(...CACHE_KEY_HEADERS),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const originRequestPolicy = new OriginRequestPolicy(this, 'OriginRequestPolicy', {
      comment: `${config.prefix} API: request headers the functions read, and the viewer's address`,
      headerBehavior: OriginRequestHeaderBehavior.allowList(...forwardedHeaders(config)),
      queryStringBehavior: OriginRequestQueryStringBehavior.none(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    // https://<api-id>.execute-api.<region>.amazonaws.com/ -> the host name.
    const apiHost = Fn.select(2, Fn.split('/', api.apiEndpoint));
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${config.prefix} API`,
      defaultBehavior: {
        origin: new HttpOrigin(apiHost, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValueFromJson('current').unsafeUnwrap() },
          readTimeout: Duration.seconds(30),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        originRequestPolicy,
        compress: true,
      },
      webAclId: props.webAclArn,
      // Customers are in Brazil: South American edge locations are only in the "All" price class.
      priceClass: PriceClass.PRICE_CLASS_ALL,
      httpVersion: HttpVersion.HTTP2_AND_3,
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'A store open to every country; WAF\'s IP reputation list and rate rules stop abuse instead of geography.');
    acknowledge(this.distribution, 'AwsSolutions-CFR3', 'No standard logs (they need an ACL-enabled bucket): the API stage writes JSON access logs with the client address, and WAF samples requests per rule.');
    acknowledge(this.distribution, 'AwsSolutions-CFR4', 'Uses the default *.cloudfront.net certificate, whose minimum TLS version cannot be raised; attach the store\'s domain with TLSv1.2_2021 when it exists.');
  }
}
