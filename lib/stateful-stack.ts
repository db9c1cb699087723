import { Annotations, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery, FeaturePlan, Mfa, UserPool, UserPoolEmail, UserPoolOperation, type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';
import { cognitoTriggers as defaultCognitoTriggers, testHooks } from '../lambdas/routes.js';
import { acknowledgeFunctionFindings } from './nag.js';
import { StoreFunction } from './function.js';
import type { StageConfig } from './stage-config.js';
import { Storage } from './storage.js';
import { TABLE_DEFINITION } from './table-definition.js';
import { USER_POOL_DEFINITION } from './user-pool-definition.js';

/** A GSI's sort key type: `sortKeyType` when the definition states it, string otherwise. */
function gsiSortKeyType(gsi: object): 'S' | 'N' {
  return 'sortKeyType' in gsi && gsi.sortKeyType === 'N' ? 'N' : 'S';
}

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
  /** The wiring table's Cognito triggers. @default the ones in lambdas/routes.ts */
  readonly cognitoTriggers?: { readonly customMessage: string };
  /** The test hooks' PreSignUp trigger, built only when the stage config has `testHooks`. @default the one in lambdas/routes.ts */
  readonly preSignUpTrigger?: string;
  /** @default process.cwd() */
  readonly projectRoot?: string;
}

/**
 * Everything that holds data or identity and must outlive deployments of the code: the single
 * table, the user pool (with its CustomMessage trigger, which has to live next to the pool, see
 * docs/deploy.md), the event bus and the buckets (catalog snapshots; product media behind CloudFront). Retained, and the table and pool deletion-protected, in prod.
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  /**
   * The table's changes also go to Kinesis Data Streams for the consumers that tolerate duplicates
   * and reordering: DynamoDB Streams allows two readers per shard (docs/decisions.md "Table stream readers").
   */
  readonly tableChanges: Stream;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly eventBus: EventBus;
  readonly storage: Storage;
  readonly customMessageFunction: StoreFunction;
  /** Test stages only: confirms sign-ups of the stage's test e-mail domain (lambdas/handlers/test-hooks/auto-confirm.ts). */
  readonly preSignUpFunction?: StoreFunction;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.tableChanges = new Stream(this, 'TableChanges', {
      streamMode: StreamMode.ON_DEMAND,
      encryption: StreamEncryption.MANAGED,
      // Longer than the consumers' 24 h record age, so a failed batch can still be replayed from its dead-letter message.
      retentionPeriod: Duration.days(7),
      removalPolicy: config.removalPolicy,
    });
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DEFINITION.ttlAttribute,
      dynamoStream: StreamViewType[TABLE_DEFINITION.stream],
      kinesisStream: this.tableChanges,
      deletionProtection: config.isProd,
      removalPolicy: config.removalPolicy,
      globalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: gsiSortKeyType(gsi) === 'N' ? AttributeType.NUMBER : AttributeType.STRING },
      })),
    });

    const policy = USER_POOL_DEFINITION.passwordPolicy;
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${config.prefix}-customers`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: policy.minLength,
        requireLowercase: policy.requireLowercase,
        requireUppercase: policy.requireUppercase,
        requireDigits: policy.requireDigits,
        requireSymbols: policy.requireSymbols,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.OFF,
      featurePlan: FeaturePlan.ESSENTIALS,
      email: config.ses
        ? UserPoolEmail.withSES({ fromEmail: config.ses.fromEmail, fromName: 'Loja', sesRegion: config.ses.region })
        : UserPoolEmail.withCognito(),
      deletionProtection: config.isProd,
      removalPolicy: config.removalPolicy,
    });
    if (config.isProd && !config.ses) {
      Annotations.of(this.userPool).addWarningV2('big-ecommerce:cognito-default-email',
        'Stage prod sends confirmation and reset codes with Cognito\'s built-in sender (small daily quota); pass -c sesFromEmail=... -c sesRegion=... (docs/deploy.md).');
    }
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is off: the API signs in with USER_PASSWORD_AUTH and has no challenge step; a customer enabling TOTP directly against Cognito would lock themselves out of the API. Revisit with a challenge-aware login.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'Essentials feature plan on purpose: threat protection (Plus) is priced per MAU and not bought yet; the API throttles the auth routes and rejects revoked tokens itself.',
    });

    const client = USER_POOL_DEFINITION.client;
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      userPoolClientName: client.name,
      authFlows: { userPassword: true },
      generateSecret: false,
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(client.accessTokenValidityMinutes),
      idTokenValidity: Duration.minutes(client.idTokenValidityMinutes),
      refreshTokenValidity: Duration.days(client.refreshTokenValidityDays),
    });

    for (const group of USER_POOL_DEFINITION.groups) {
      this.userPool.addGroup(`Group${group.name[0].toUpperCase()}${group.name.slice(1)}`, {
        groupName: group.name,
        description: group.description,
      });
    }

    const triggers = props.cognitoTriggers ?? defaultCognitoTriggers;
    this.customMessageFunction = new StoreFunction(this, 'CustomMessageFunction', {
      handlerName: triggers.customMessage,
      config,
      projectRoot: props.projectRoot,
      memoryMb: 256,
      timeout: Duration.seconds(5),
      description: `${triggers.customMessage} (Cognito CustomMessage trigger)`,
    });
    this.userPool.addTrigger(UserPoolOperation.CUSTOM_MESSAGE, this.customMessageFunction);
    acknowledgeFunctionFindings(this.customMessageFunction);
    if (config.testHooks) {
      const preSignUp = props.preSignUpTrigger ?? testHooks.preSignUp;
      this.preSignUpFunction = new StoreFunction(this, 'PreSignUpFunction', {
        handlerName: preSignUp,
        config,
        projectRoot: props.projectRoot,
        memoryMb: 256,
        timeout: Duration.seconds(5),
        description: `${preSignUp} (Cognito PreSignUp trigger, test stage: confirms @${config.testHooks.emailDomain})`,
      });
      this.preSignUpFunction.addEnvironment('TEST_EMAIL_DOMAIN', config.testHooks.emailDomain);
      this.userPool.addTrigger(UserPoolOperation.PRE_SIGN_UP, this.preSignUpFunction);
      acknowledgeFunctionFindings(this.preSignUpFunction);
    }

    this.eventBus = new EventBus(this, 'EventBus', { eventBusName: `${config.prefix}-events` });
    this.storage = new Storage(this, 'Storage', { config });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'CatalogBucketName', { value: this.storage.catalogBucket.bucketName });
    new CfnOutput(this, 'MediaBucketName', { value: this.storage.mediaBucket.bucketName });
    new CfnOutput(this, 'MediaBaseUrl', { value: this.storage.mediaBaseUrl });
  }
}
