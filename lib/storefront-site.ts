import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods, CachePolicy, CachedMethods, Function as CloudFrontFunction, FunctionCode, FunctionEventType, FunctionRuntime,
  HeadersFrameOption, type HeadersReferrerPolicy, ResponseHeadersPolicy, ViewerProtocolPolicy, type Distribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, nagRender } from './nag.js';
import type { StageConfig } from './stage-config.js';
import { runtimeConfigScript, type StorefrontHeaderOptions, storefrontHeaders, type StorefrontPayments } from './storefront-headers.js';

/** Where the app lives on the distribution: Vite's `base` (web/vite.config.ts), as on the local gateway. */
export const STOREFRONT_PATH = '/store/';
/** The CloudFront behaviour of the app. */
export const STOREFRONT_PATH_PATTERN = `${STOREFRONT_PATH}*`;
/** Vite's hashed output (`<base>/assets/<name>-<hash>.<ext>`): a changed file has a new name. */
export const ASSETS_DIR = 'assets';
/** The app's runtime settings (web/src/config.ts), loaded before it by index.html; the deployment writes the stage's. */
export const RUNTIME_CONFIG_FILE = 'config.js';


/**
 * Viewer-request function of the app's behaviour: a client route (`/store/busca`, `/store/pedidos/01J...`,
 * an extension-less last segment) gets index.html, so a shared link or a reload opens the app; a path
 * with an extension is a file and goes to S3 as it is, so a missing asset stays a real error instead
 * of an HTML page served as JavaScript (which a 403/404 -> index.html error mapping would do, for the
 * API's errors too on a shared distribution). cloudfront-js-2.0, plain ES5 so a unit test can run it.
 */
export const SPA_ROUTER_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '${STOREFRONT_PATH}index.html';
  return request;
}`;

export interface StorefrontSiteProps {
  readonly config: StageConfig;
  /** The API's distribution: the app is served on the API's origin, as locally (docs/decisions.md "Storefront hosting"). */
  readonly distribution: Distribution;
  /** The CSP's sources besides our own origin. */
  readonly headers: StorefrontHeaderOptions;
  /** The live-tracking WebSocket's URL (wss://.../<stage>), written into the app's `/store/config.js` at deploy time. */
  readonly websocketUrl: string;
  /** The card form the app shows, written into `/store/config.js` with the WebSocket URL. */
  readonly payments: StorefrontPayments;
  /**
   * The built app (`npm run web:build`). When it has no index.html the site is synthesized without
   * its files and a warning says so: synthesis never builds, so `cdk synth` stays fast and works on
   * a fresh clone. @default - no deployment
   */
  readonly distDir?: string;
}

/**
 * The storefront in AWS: the built app in a private bucket, served by the API's CloudFront
 * distribution under /store/ through origin access control, with the security headers and CSP of
 * lib/storefront-headers.ts, the SPA router function, long-lived hashed assets and a revalidated
 * index.html.
 */
export class StorefrontSite extends Construct {
  readonly bucket: Bucket;
  readonly headersPolicy: ResponseHeadersPolicy;
  readonly router: CloudFrontFunction;
  /** The app's deployments (hashed assets first, then index.html), when the app is built. */
  readonly deployments: readonly BucketDeployment[];

  constructor(scope: Construct, id: string, props: StorefrontSiteProps) {
    super(scope, id);
    const { config } = props;
    // Not versioned: everything in it is the build of a commit, redeployed from git to roll back;
    // the hashed assets of earlier builds stay (never pruned) for tabs still running them.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, 'AwsSolutions-S1', 'Holds only the public build of the web app, written by the deployment; CloudFront serves it, and the API distribution\'s metrics and WAF samples cover the requests.');

    const headers = storefrontHeaders(props.headers);
    this.headersPolicy = new ResponseHeadersPolicy(this, 'HeadersPolicy', {
      comment: `${config.prefix} storefront: CSP and security headers (lib/storefront-headers.ts)`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers.contentSecurityPolicy, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(headers.strictTransportSecurity.maxAgeSeconds),
          includeSubdomains: headers.strictTransportSecurity.includeSubdomains,
          preload: headers.strictTransportSecurity.preload,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: headers.referrerPolicy as HeadersReferrerPolicy, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: headers.permissionsPolicy, override: true }] },
    });

    this.router = new CloudFrontFunction(this, 'Router', {
      comment: `${config.prefix} storefront: client routes -> index.html`,
      code: FunctionCode.fromInline(SPA_ROUTER_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });

    // The origin's Cache-Control decides (set per file by the deployments): a year for hashed assets,
    // `no-cache` for index.html, which a minimum TTL of 0 keeps out of the edge caches.
    const cachePolicy = new CachePolicy(this, 'CachePolicy', {
      comment: `${config.prefix} storefront: the files' own Cache-Control`,
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    props.distribution.addBehavior(STOREFRONT_PATH_PATTERN, S3BucketOrigin.withOriginAccessControl(this.bucket), {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy: this.headersPolicy,
      functionAssociations: [{ function: this.router, eventType: FunctionEventType.VIEWER_REQUEST }],
      compress: true,
    });

    this.deployments = props.distDir && existsSync(path.join(props.distDir, 'index.html')) ? this.deploy(props.distDir, props.websocketUrl, props.payments) : [];
    if (this.deployments.length === 0) {
      Annotations.of(this).addWarningV2('storefront:not-built',
        `The storefront is not built (no index.html in ${props.distDir ?? '(no directory given)'}): the site is synthesized without its files. Run \`npm run web:build\` before \`cdk deploy\`.`);
    }
  }

  /**
   * Hashed assets first (immutable, never pruned), then the rest (index.html and the stage's
   * config.js: revalidated every time), so a new index.html never names a chunk that is not there yet.
   */
  private deploy(distDir: string, websocketUrl: string, payments: StorefrontPayments): BucketDeployment[] {
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(path.join(distDir, ASSETS_DIR))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${STOREFRONT_PATH.slice(1)}${ASSETS_DIR}/`,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      prune: false,
      memoryLimit: 512,
    });
    const entry = new BucketDeployment(this, 'DeployEntry', {
      // The build's config.js (none) is replaced by the stage's, resolved at deploy time.
      sources: [Source.asset(distDir, { exclude: [ASSETS_DIR, RUNTIME_CONFIG_FILE] }), Source.data(RUNTIME_CONFIG_FILE, runtimeConfigScript({ websocketUrl, payments }))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: STOREFRONT_PATH.slice(1),
      // The sync's filter: also keeps `prune` away from the assets of this and earlier builds.
      exclude: [`${ASSETS_DIR}/*`],
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 512,
    });
    entry.node.addDependency(assets);
    for (const deployment of [assets, entry]) acknowledgeDeploymentFindings(deployment, this.bucket);
    return [assets, entry];
  }
}

/** The S3 actions CDK grants its BucketDeployment handler (read the asset, sync into the bucket). */
const DEPLOYMENT_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];

/** cdk-nag findings of CDK's BucketDeployment handler (one singleton function per stack, CDK-owned code). */
function acknowledgeDeploymentFindings(deployment: BucketDeployment, bucket: Bucket): void {
  const role = deployment.handlerRole;
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'CDK\'s BucketDeployment handler: the AWS-managed basic execution policy only lets it write its own logs.');
  for (const action of DEPLOYMENT_ACTIONS) {
    acknowledge(role, `AwsSolutions-IAM5[Action::${action}]`, 'CDK\'s BucketDeployment grant: reads the build\'s asset and syncs it into the storefront bucket (prune deletes stale files); scoped to those two buckets.');
  }
  const assetBucket = `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Stack.of(deployment).region}/*`;
  acknowledge(role, `AwsSolutions-IAM5[Resource::${assetBucket}]`, 'CDK\'s BucketDeployment handler reads the zipped build from the bootstrap asset bucket, whose keys are content hashes.');
  acknowledge(role, `AwsSolutions-IAM5[Resource::${nagRender(role, `${bucket.bucketArn}/*`)}]`, 'The deployment writes every file of the build into the storefront bucket.');
  const handler = Stack.of(deployment).node.findAll().find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (handler) acknowledge(handler, 'AwsSolutions-L1', 'CDK\'s BucketDeployment handler: its Python runtime is chosen by aws-cdk-lib and moves with it.');
}
