import { Match } from 'aws-cdk-lib/assertions';
import { cognitoTriggers } from '../../lambdas/routes.js';
import { TABLE_DEFINITION } from '../../lib/table-definition.js';
import { USER_POOL_DEFINITION } from '../../lib/user-pool-definition.js';
import { logicalIdOf, synthesize, type Synthesized } from './synth.js';

const PROD_CONTEXT = { stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com' };

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthesize();
  prod = synthesize(PROD_CONTEXT);
});

describe('table', () => {
  it('has generic PK/SK keys, on-demand billing, a NEW_AND_OLD_IMAGES stream and the TTL attribute', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.ttlAttribute, Enabled: true },
    });
  });

  it('copies its changes to an encrypted on-demand Kinesis stream kept 7 days (the readers beyond DynamoDB Streams\' two)', () => {
    const stream = dev.statefulTemplate.findResources('AWS::Kinesis::Stream');
    const [id] = Object.keys(stream);
    expect(Object.keys(stream)).toHaveLength(1);
    expect(stream[id].Properties).toMatchObject({
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 168,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
    dev.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ KinesisStreamSpecification: { StreamArn: { 'Fn::GetAtt': [id, 'Arn'] } } })],
    });
  });

  it('has point-in-time recovery in every stage', () => {
    for (const synth of [dev, prod]) {
      synth.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
    }
  });

  it('has exactly the overloaded GSIs of the table definition, with their key names', () => {
    const table = Object.values(dev.statefulTemplate.findResources('AWS::DynamoDB::GlobalTable'))[0];
    const gsis = table.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[] }[];
    expect(gsis.map((g) => g.IndexName)).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName));
    for (const def of TABLE_DEFINITION.globalSecondaryIndexes) {
      expect(gsis.find((g) => g.IndexName === def.indexName)?.KeySchema).toEqual([
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ]);
    }
  });

  it('is deletion-protected and retained in prod only', () => {
    dev.statefulTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
    prod.statefulTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
  });
});

describe('user pool', () => {
  const policy = USER_POOL_DEFINITION.passwordPolicy;

  it('signs in by email with self sign-up, verified email and email-only recovery', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UsernameConfiguration: { CaseSensitive: false },
    });
  });

  it('enforces the shared password policy', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: policy.minLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
        }),
      },
    });
  });

  it('sends email through SES when the stage names a verified sender, through Cognito otherwise', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' } });
    const ses = synthesize({ sesFromEmail: 'no-reply@shop.example.com', sesRegion: 'sa-east-1' });
    ses.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({ EmailSendingAccount: 'DEVELOPER', From: Match.stringLikeRegexp('no-reply@shop.example.com') }),
    });
  });

  it('is deletion-protected and retained in prod only', () => {
    dev.statefulTemplate.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }) });
    prod.statefulTemplate.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }) });
  });

  it('has one public API client: password + refresh flows, no secret, no user-existence errors, revocable tokens', () => {
    const client = USER_POOL_DEFINITION.client;
    dev.statefulTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: client.name,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AllowedOAuthFlowsUserPoolClient: false,
      AccessTokenValidity: client.accessTokenValidityMinutes,
      IdTokenValidity: client.idTokenValidityMinutes,
      RefreshTokenValidity: client.refreshTokenValidityDays * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('has the groups of the definition, including admin', () => {
    expect(USER_POOL_DEFINITION.groups.map((g) => g.name)).toContain('admin');
    for (const group of USER_POOL_DEFINITION.groups) {
      dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group.name });
    }
  });

  it('runs the wiring table\'s CustomMessage handler as its trigger', () => {
    const fn = dev.stateful.customMessageFunction;
    expect(fn.handlerName).toBe(cognitoTriggers.customMessage);
    const fnId = logicalIdOf(fn);
    dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { CustomMessage: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    });
    dev.statefulTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
    });
  });
});

describe('event bus and buckets', () => {
  it('names the bus after the stage', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::Events::EventBus', { Name: 'big-ecommerce-dev-events' });
    prod.statefulTemplate.hasResourceProperties('AWS::Events::EventBus', { Name: 'big-ecommerce-prod-events' });
  });

  it('keeps both buckets private, encrypted, TLS-only and retained', () => {
    const buckets = dev.statefulTemplate.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
    const policies = Object.values(dev.statefulTemplate.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]));
    }
  });

  it('serves media through CloudFront with origin access control, HTTPS only', () => {
    dev.statefulTemplate.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    dev.statefulTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
  });

  it('deletes big report exports after a day and catalog snapshots after 30 days', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([
        Match.objectLike({ Prefix: 'snapshots/', ExpirationInDays: 30, Status: 'Enabled' }),
        Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' }),
      ]) },
    });
  });

  it('expires uploads that no product registered (tagged unregistered) after a day', () => {
    prod.statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([
        Match.objectLike({ Prefix: 'products/', TagFilters: [{ Key: 'upload', Value: 'unregistered' }], ExpirationInDays: 1, Status: 'Enabled' }),
      ]) },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedHeaders: Match.arrayWith(['x-amz-tagging']) })] },
    });
  });

  it('allows browser uploads to the media bucket only from the configured origins', () => {
    prod.statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://shop.example.com'] })] },
    });
  });
});

describe('outputs', () => {
  it('exports what deploy scripts and the e2e suite read', () => {
    for (const name of ['TableName', 'UserPoolId', 'UserPoolClientId', 'EventBusName', 'MediaBaseUrl']) {
      dev.statefulTemplate.hasOutput(name, {});
    }
    dev.statelessTemplate.hasOutput('ApiUrl', {});
  });
});
