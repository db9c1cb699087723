/**
 * Bind helpers: each one sets the environment variables a function needs to reach a resource
 * and grants the narrowest IAM permissions for what it does there. A function gets nothing it is
 * not bound to; the wiring table's `grants` decide which binds a handler gets (applyGrants).
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Access, Grant } from '../lambdas/routes.js';
import { leadingKeysCondition } from './leading-keys.js';
import { acknowledge, nagRender } from './nag.js';
import { CATALOG_SNAPSHOT_PREFIX, EXPORTS_PREFIX, LABELS_PREFIX, MEDIA_RENDITIONS_PREFIX, MEDIA_UPLOAD_PREFIX } from './storage.js';
import { TABLE_DEFINITION } from './table-definition.js';
import type { CarrierConfig } from './stage-config.js';
import type { StoreWebSocketApi } from './websocket-api.js';

export interface BoundResources {
  readonly table: ITableV2;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly eventBus: IEventBus;
  readonly catalogBucket: IBucket;
  readonly mediaBucket: IBucket;
  /** Public base URL of the media (CloudFront). */
  readonly mediaBaseUrl: string;
  /** The stage's carrier adapter (the sandbox only in test stages: lib/stage-config.ts). */
  readonly carrier: CarrierConfig;
  /** Name of the Secrets Manager secret holding the payment gateway's credentials. */
  readonly paymentSecretName: string;
  /** The stage's verified SES sender, when it has one. */
  readonly sesSender?: { readonly fromEmail: string; readonly region: string };
  /** The live-tracking WebSocket API (its management API for `websocket:manage`). */
  readonly websocketApi: StoreWebSocketApi;
  /** The stage's SMS origination identity, when it has one. */
  readonly smsSender?: { readonly originationIdentityArn: string; readonly region: string; readonly configurationSet?: string };
  /**
   * Test stages only (StageConfig.testHooks): the generated test secret (a deploy-time dynamic
   * reference). It signs the test hooks and the sandbox gateway's and carrier's webhooks, which then
   * replace the real providers.
   */
  readonly testSecret?: string;
}

/** Item reads. No Scan: every list is a Query (docs/decisions.md), so no function may scan. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
] as const;
/** Item writes (transactions need no action of their own: each item action is checked). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem',
] as const;

/**
 * TABLE_NAME always (the HTTP chain loads the table adapter for the revocation check); data
 * permissions only with `access`: read -> Get/BatchGet/Query/ConditionCheck on the table and its
 * GSIs by name (no `index/*` wildcard); write -> read plus Put/Update/Delete/BatchWrite on the table,
 * limited to `writePartitions` (a `dynamodb:LeadingKeys` condition) when given.
 * The table uses the AWS-owned key, so no KMS grant is needed.
 */
export function bindTable(fn: LambdaFunction, table: ITableV2, access?: 'read' | 'write', writePartitions?: readonly string[]): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  if (!access) return;
  const indexArns = TABLE_DEFINITION.globalSecondaryIndexes.map((gsi) => `${table.tableArn}/index/${gsi.indexName}`);
  fn.addToRolePolicy(new PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: [table.tableArn, ...indexArns] }));
  if (access === 'write') {
    fn.addToRolePolicy(new PolicyStatement({
      actions: [...TABLE_WRITE_ACTIONS],
      resources: [table.tableArn],
      // Only the partitions the function's handler writes (lib/leading-keys.ts), when it has a list.
      conditions: writePartitions ? leadingKeysCondition(writePartitions) : undefined,
    }));
  }
}

/**
 * The user pool and app client the function verifies access tokens against (aws-jwt-verify:
 * issuer, JWKS) and calls Cognito's public API with. The public API (SignUp, InitiateAuth,
 * ConfirmSignUp, ForgotPassword, GlobalSignOut ...) needs no IAM permission; admin actions are
 * granted one by one with grantUserPool.
 */
export function bindUserPool(fn: LambdaFunction, userPool: IUserPool, client: IUserPoolClient): void {
  const stack = Stack.of(fn);
  const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${userPool.userPoolId}`;
  fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
  fn.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
  fn.addEnvironment('JWT_ISSUER', issuer);
  fn.addEnvironment('JWKS_URI', `${issuer}/.well-known/jwks.json`);
}

/** Exactly the named Cognito admin actions, on this pool only. */
export function grantUserPool(fn: LambdaFunction, userPool: IUserPool, ...actions: `cognito-idp:${string}`[]): void {
  userPool.grant(fn, ...actions);
}

/** CATALOG_BUCKET and GetObject (read) or PutObject (write) on the snapshot prefix only. */
export function bindCatalogBucket(fn: LambdaFunction, bucket: IBucket, access: 'read' | 'write'): void {
  fn.addEnvironment('CATALOG_BUCKET', bucket.bucketName);
  const action = access === 'read' ? 's3:GetObject' : 's3:PutObject';
  const objects = bucket.arnForObjects(`${CATALOG_SNAPSHOT_PREFIX}*`);
  fn.addToRolePolicy(new PolicyStatement({ actions: [action], resources: [objects] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, objects)}]`,
    'Snapshot objects are named by version at run time; the grant is one action on the snapshots/ prefix only.');
}

/**
 * LABELS_BUCKET (the private catalog bucket) and, on the labels/ prefix only, GetObject (links are
 * pre-signed with it) plus PutObject when the function writes labels.
 */
export function bindLabels(fn: LambdaFunction, bucket: IBucket, access: 'read' | 'write'): void {
  fn.addEnvironment('LABELS_BUCKET', bucket.bucketName);
  const objects = bucket.arnForObjects(`${LABELS_PREFIX}*`);
  fn.addToRolePolicy(new PolicyStatement({ actions: access === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'], resources: [objects] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, objects)}]`,
    'Label keys are generated per shipment (labels/<orderId>/<shipmentId>.pdf); the grant is on the labels/ prefix only.');
}

/** EXPORTS_BUCKET (the private catalog bucket) with Put and Get (links are pre-signed with it) on the exports/ prefix only. */
export function bindExports(fn: LambdaFunction, bucket: IBucket): void {
  fn.addEnvironment('EXPORTS_BUCKET', bucket.bucketName);
  const objects = bucket.arnForObjects(`${EXPORTS_PREFIX}*`);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, objects)}]`,
    'Export keys are random per export (exports/<uuid>/<file>.csv); the grant is on the exports/ prefix only.');
}

/**
 * The carrier: CARRIER_PROVIDER. The sandbox carrier (test stages only: lib/stage-config.ts) has its
 * webhooks signed with the stage's test secret. Melhor Envio gets its API host and GetSecretValue on
 * exactly one secret (`<prefix>/melhorenvio`, JSON {accessToken, webhookSecret, userAgent}) created by
 * ops, never by the stack (docs/deploy.md).
 */
export function bindCarrier(fn: LambdaFunction, carrier: CarrierConfig, testSecret: string | undefined): void {
  fn.addEnvironment('CARRIER_PROVIDER', carrier.provider);
  if (carrier.provider === 'sandbox') {
    if (testSecret !== undefined) fn.addEnvironment('CARRIER_WEBHOOK_SECRET', testSecret);
    return;
  }
  fn.addEnvironment('MELHORENVIO_BASE_URL', carrier.baseUrl);
  fn.addEnvironment('MELHORENVIO_SECRET_ID', carrier.secretName);
  const stack = Stack.of(fn);
  const secretArn = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${carrier.secretName}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, secretArn)}]`,
    'Secrets Manager appends six random characters to a secret ARN; the wildcard matches exactly that suffix of one named secret.');
}

/**
 * MEDIA_BUCKET, MEDIA_BASE_URL and PutObject on the upload prefix only: the function pre-signs
 * uploads, so the signature carries exactly this permission.
 */
export function bindMediaUploads(fn: LambdaFunction, bucket: IBucket, baseUrl: string): void {
  fn.addEnvironment('MEDIA_BUCKET', bucket.bucketName);
  fn.addEnvironment('MEDIA_BASE_URL', baseUrl);
  const objects = bucket.arnForObjects(`${MEDIA_UPLOAD_PREFIX}*`);
  // An upload carries the unregistered tag (x-amz-tagging), which S3 authorises as PutObjectTagging.
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:PutObjectTagging'], resources: [objects] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, objects)}]`,
    'Image keys are generated per upload (products/<id>/<ulid>.<ext>); the grant is PutObject (with its tag) on the products/ prefix only.');
}

/**
 * Product writes inspect the images they register, GetObject (which HeadObject needs too), and keep them,
 * PutObjectTagging (the unregistered tag removed), on the uploads' prefix only.
 */
export function bindMediaReads(fn: LambdaFunction, bucket: IBucket, baseUrl: string): void {
  fn.addEnvironment('MEDIA_BUCKET', bucket.bucketName);
  fn.addEnvironment('MEDIA_BASE_URL', baseUrl);
  const objects = bucket.arnForObjects(`${MEDIA_UPLOAD_PREFIX}*`);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObjectTagging'], resources: [objects] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, objects)}]`,
    'Image keys are generated per upload (products/<id>/<ulid>.<ext>); the grant is GetObject and PutObjectTagging on the products/ prefix only.');
}

/**
 * The image pipeline: GetObject on the uploads' prefix (the source) and PutObject on the renditions'
 * prefix only (it cannot overwrite an upload, and its own writes never trigger it again).
 */
export function bindMediaRenditions(fn: LambdaFunction, bucket: IBucket, baseUrl: string): void {
  fn.addEnvironment('MEDIA_BUCKET', bucket.bucketName);
  fn.addEnvironment('MEDIA_BASE_URL', baseUrl);
  const uploads = bucket.arnForObjects(`${MEDIA_UPLOAD_PREFIX}*`);
  const renditions = bucket.arnForObjects(`${MEDIA_RENDITIONS_PREFIX}*`);
  // DeleteObject on uploads: one over 5 MiB is deleted unread (domain/catalog/image-pipeline.ts renderUpload).
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: [uploads] }));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [renditions] }));
  for (const objects of [uploads, renditions]) {
    acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, objects)}]`,
      'Upload keys are generated per upload (products/<id>/<ulid>.<ext>) and rendition keys per source (renditions/<id>/<hash>/<width>.<ext>): GetObject and DeleteObject on products/ and PutObject on renditions/ only.');
  }
}

/**
 * The payment gateway in AWS is Mercado Pago (the sandbox in test stages): PAYMENT_PROVIDER, and GetSecretValue on exactly
 * one secret (`<prefix>/mercadopago`, JSON {accessToken, webhookSecret}) created by ops, never
 * by the stack and never in the repo (docs/deploy.md).
 */
export function bindPaymentProvider(fn: LambdaFunction, secretName: string, testSecret: string | undefined): void {
  if (testSecret !== undefined) {
    bindSandboxGateway(fn, testSecret);
    return;
  }
  const stack = Stack.of(fn);
  fn.addEnvironment('PAYMENT_PROVIDER', 'mercadopago');
  fn.addEnvironment('MERCADOPAGO_SECRET_ARN', secretName);
  const secretArn = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secretName}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, secretArn)}]`,
    'Secrets Manager appends six random characters to a secret ARN; the wildcard matches exactly that suffix of one named secret.');
}

/**
 * Test stages: the sandbox gateway (state in the table under SANDBOX#, Pix paid and cards tokenised
 * through the signed test hooks), its webhooks signed with the stage's test secret. No real money moves.
 */
function bindSandboxGateway(fn: LambdaFunction, testSecret: string): void {
  fn.addEnvironment('PAYMENT_PROVIDER', 'sandbox');
  fn.addEnvironment('SANDBOX_WEBHOOK_SECRET', testSecret);
}

/**
 * Customer emails through SES from the stage's verified sender (NOTIFIER=ses), allowed to send
 * only as that address; without a configured sender the function logs instead (NOTIFIER=none).
 */
export function bindNotifications(fn: LambdaFunction, sender: BoundResources['sesSender']): void {
  if (!sender) {
    fn.addEnvironment('NOTIFIER', 'none');
    return;
  }
  fn.addEnvironment('NOTIFIER', 'ses');
  fn.addEnvironment('NOTIFICATION_FROM_EMAIL', sender.fromEmail);
  fn.addEnvironment('SES_REGION', sender.region);
  const identities = `arn:${Stack.of(fn).partition}:ses:${sender.region}:${Stack.of(fn).account}:identity/*`;
  fn.addToRolePolicy(new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [identities],
    conditions: { StringEquals: { 'ses:FromAddress': sender.fromEmail } },
  }));
  acknowledge(fn.role ?? fn, `AwsSolutions-IAM5[Resource::${nagRender(fn, identities)}]`,
    'SES checks the sending identity and any configuration set; the condition pins the From address to the stage\'s verified sender.');
}

/**
 * Customer SMS through AWS End User Messaging SMS (SMS_NOTIFIER=sms-voice): SendTextMessage from
 * the stage's origination identity only (and its configuration set, when one is named); without one
 * the function logs instead (SMS_NOTIFIER=none).
 */
export function bindSms(fn: LambdaFunction, sender: BoundResources['smsSender']): void {
  if (!sender) {
    fn.addEnvironment('SMS_NOTIFIER', 'none');
    return;
  }
  fn.addEnvironment('SMS_NOTIFIER', 'sms-voice');
  fn.addEnvironment('SMS_ORIGINATION_IDENTITY', sender.originationIdentityArn);
  fn.addEnvironment('SMS_REGION', sender.region);
  const resources = [sender.originationIdentityArn];
  if (sender.configurationSet) {
    fn.addEnvironment('SMS_CONFIGURATION_SET', sender.configurationSet);
    const stack = Stack.of(fn);
    resources.push(`arn:${stack.partition}:sms-voice:${sender.region}:${stack.account}:configuration-set/${sender.configurationSet}`);
  }
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources }));
}

/** EVENT_BUS_NAME and events:PutEvents on this bus only. */
export function bindBus(fn: LambdaFunction, bus: IEventBus): void {
  fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  bus.grantPutEventsTo(fn);
}

/** A route that is not public reads the table for the caller's token revocation marker. */
export function effectiveGrants(access: Access | undefined, grants: readonly Grant[] = []): Grant[] {
  const all = new Set<Grant>(grants);
  if (access !== undefined && access !== 'public') all.add('table:read');
  return [...all].sort();
}

/**
 * Turns the wiring table's grants into binds; a new Grant kind fails type-checking here until it is
 * mapped. `writePartitions`: the handler's entry in lib/leading-keys.ts.
 */
export function applyGrants(fn: LambdaFunction, grants: readonly Grant[], resources: BoundResources, writePartitions?: readonly string[]): void {
  let tableAccess: 'read' | 'write' | undefined;
  for (const grant of grants) {
    switch (grant) {
      case 'table:read':
        tableAccess ??= 'read';
        break;
      case 'table:write':
        tableAccess = 'write';
        break;
      case 'userPool:adminDeleteUser':
        grantUserPool(fn, resources.userPool, 'cognito-idp:AdminDeleteUser');
        break;
      case 'userPool:adminListGroupsForUser':
        grantUserPool(fn, resources.userPool, 'cognito-idp:AdminListGroupsForUser');
        break;
      case 'userPool:adminGetUser':
        grantUserPool(fn, resources.userPool, 'cognito-idp:AdminGetUser');
        break;
      case 'userPool:adminUserGlobalSignOut':
        grantUserPool(fn, resources.userPool, 'cognito-idp:AdminUserGlobalSignOut');
        break;
      case 'userPool:adminAddUserToGroup':
        grantUserPool(fn, resources.userPool, 'cognito-idp:AdminAddUserToGroup');
        break;
      case 'userPool:adminRemoveUserFromGroup':
        grantUserPool(fn, resources.userPool, 'cognito-idp:AdminRemoveUserFromGroup');
        break;
      case 'userPool:listUsersInGroup':
        grantUserPool(fn, resources.userPool, 'cognito-idp:ListUsersInGroup');
        // The Cognito adapter reads the pool's ids at start-up (HTTP functions have them already; the notifier does not).
        bindUserPool(fn, resources.userPool, resources.userPoolClient);
        break;
      case 'catalogBucket:read':
        bindCatalogBucket(fn, resources.catalogBucket, 'read');
        break;
      case 'catalogBucket:write':
        bindCatalogBucket(fn, resources.catalogBucket, 'write');
        break;
      case 'mediaBucket:put':
        bindMediaUploads(fn, resources.mediaBucket, resources.mediaBaseUrl);
        break;
      case 'mediaBucket:read':
        bindMediaReads(fn, resources.mediaBucket, resources.mediaBaseUrl);
        break;
      case 'mediaBucket:renditions':
        bindMediaRenditions(fn, resources.mediaBucket, resources.mediaBaseUrl);
        break;
      case 'events:put':
        bindBus(fn, resources.eventBus);
        break;
      case 'payments:provider':
        bindPaymentProvider(fn, resources.paymentSecretName, resources.testSecret);
        break;
      case 'carrier:provider':
        bindCarrier(fn, resources.carrier, resources.testSecret);
        break;
      case 'labels:write':
        bindLabels(fn, resources.catalogBucket, 'write');
        break;
      case 'labels:read':
        bindLabels(fn, resources.catalogBucket, 'read');
        break;
      case 'exports:write':
        bindExports(fn, resources.catalogBucket);
        break;
      case 'notifications:send':
        bindNotifications(fn, resources.sesSender);
        break;
      case 'websocket:manage':
        resources.websocketApi.grantManageConnections(fn);
        break;
      case 'notifications:sms':
        bindSms(fn, resources.smsSender);
        break;
      case 'collection:enqueue':
      case 'images:enqueue':
        // Granted with the queue itself: the stateless stack creates the queue after the functions (lib/stateless-stack.ts addQueueSubscriptions).
        break;
      default: {
        const unmapped: never = grant;
        throw new Error(`No IAM mapping for grant ${String(unmapped)}`);
      }
    }
  }
  if (tableAccess) bindTable(fn, resources.table, tableAccess, writePartitions);
}
