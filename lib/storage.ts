import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods, CachePolicy, Distribution, HttpVersion, PriceClass, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, HttpMethods, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { UNREGISTERED_UPLOAD_TAG } from '../lambdas/domain/catalog/images.js';
import { acknowledge } from './nag.js';
import type { StageConfig } from './stage-config.js';

/** Key prefixes the functions may touch (lib/bindings.ts grants on these only). */
export const CATALOG_SNAPSHOT_PREFIX = 'snapshots/';
export const MEDIA_UPLOAD_PREFIX = 'products/';
/** Written by the image pipeline only; its S3 events are not forwarded (only the uploads' are), so it never triggers itself. */
export const MEDIA_RENDITIONS_PREFIX = 'renditions/';
/** Shipping labels (PDFs with addresses): in the private catalog bucket, never behind the media CDN. */
export const LABELS_PREFIX = 'labels/';
/** Report exports too big to answer inline (docs/reports.md): private, deleted after a day. */
export const EXPORTS_PREFIX = 'exports/';

/**
 * Buckets are named `<app>-<stage>-<purpose>-<account>-<region>` so the stateless stack derives
 * their ARNs locally (no cross-stack export for IAM resources, stable least-privilege grants).
 */
export function bucketName(config: StageConfig, purpose: 'catalog' | 'media'): string {
  return `${config.prefix}-${purpose}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/**
 * Private, encrypted, TLS-only buckets. Retained in every stage: a non-empty bucket would block
 * `cdk destroy` of a dev stack, and media are customer-visible content.
 */
function privateBucket(scope: Construct, id: string, props: BucketProps = {}): Bucket {
  const bucket = new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
  acknowledge(bucket, 'AwsSolutions-S1',
    'No server access logs: the functions are the only writers (IAM-scoped to one prefix); CloudTrail data events are the audit path if ever needed.');
  return bucket;
}

export interface StorageProps {
  readonly config: StageConfig;
}

/**
 * The catalog bucket (search snapshots, immutable objects the table points at) and the media
 * bucket (product images uploaded by admins through pre-signed PUTs, served by CloudFront).
 */
export class Storage extends Construct {
  readonly catalogBucket: Bucket;
  readonly mediaBucket: Bucket;
  readonly mediaDistribution: Distribution;
  /** Public base URL of the media (MEDIA_BASE_URL), without a trailing slash. */
  readonly mediaBaseUrl: string;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { config } = props;

    this.catalogBucket = privateBucket(this, 'CatalogBucket', {
      bucketName: bucketName(config, 'catalog'),
      // The table points at the newest snapshot; a rebuild runs at least every 15 minutes.
      lifecycleRules: [
        { prefix: CATALOG_SNAPSHOT_PREFIX, expiration: Duration.days(30) },
        // Their links live 5 minutes; a day is the shortest expiration S3 has.
        { prefix: EXPORTS_PREFIX, expiration: Duration.days(1) },
      ],
    });

    this.mediaBucket = privateBucket(this, 'MediaBucket', {
      bucketName: bucketName(config, 'media'),
      // Browsers PUT images straight to S3 with the pre-signed URL the API hands out.
      cors: [{
        allowedMethods: [HttpMethods.PUT],
        allowedOrigins: [...config.corsOrigins],
        allowedHeaders: ['content-type', 'content-length', 'cache-control', 'x-amz-tagging'],
        maxAge: 3600,
      }],
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Every upload is tagged unregistered (its URL signs the tag); registering it on a product removes the
        // tag. What no product registered within a day is deleted (lambdas/domain/catalog/images.ts).
        {
          prefix: MEDIA_UPLOAD_PREFIX,
          tagFilters: { [UNREGISTERED_UPLOAD_TAG.key]: UNREGISTERED_UPLOAD_TAG.value },
          expiration: Duration.days(1),
        },
      ],
    });
    // "Object Created" events go to EventBridge's default bus: the stateless stack's rule sends the uploads' to the images
    // queue (an S3 notification straight to the queue would tie this stack to the stateless one). Set on the bucket's own
    // CloudFormation resource, which supports it: `eventBridgeEnabled` would add CDK's notifications custom resource (a function).
    (this.mediaBucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    this.mediaDistribution = new Distribution(this, 'MediaCdn', {
      comment: `${config.prefix} product media`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.mediaBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
      },
      // Customers are in Brazil: South American edge locations are only in the "All" price class.
      priceClass: PriceClass.PRICE_CLASS_ALL,
      httpVersion: HttpVersion.HTTP2_AND_3,
    });
    this.mediaBaseUrl = `https://${this.mediaDistribution.distributionDomainName}`;
    acknowledge(this.mediaDistribution, 'AwsSolutions-CFR1', 'Public product images for any country; no geo restriction wanted.');
    acknowledge(this.mediaDistribution, 'AwsSolutions-CFR2', 'Static, public, cache-optimised images from a private bucket (OAC); WAF cost not justified for this distribution. The API has its own throttling.');
    acknowledge(this.mediaDistribution, 'AwsSolutions-CFR3', 'Standard logs need an ACL-enabled log bucket; CloudFront metrics suffice for public images.');
    acknowledge(this.mediaDistribution, 'AwsSolutions-CFR4', 'Uses the default *.cloudfront.net certificate, whose minimum TLS version cannot be raised; set a custom domain and TLSv1.2_2021 when one exists.');
  }
}
