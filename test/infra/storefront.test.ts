/**
 * The storefront in AWS (issue 17, "Serving"): the built app in a private bucket, served by the API's
 * CloudFront distribution under /store/ through origin access control, with the CSP and security
 * headers of lib/storefront-headers.ts, the SPA router function and the two deployments.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { MERCADO_PAGO_SOURCES, PERMISSIONS_POLICY } from '../../lib/storefront-headers.js';
import { STOREFRONT_PATH_PATTERN } from '../../lib/storefront-site.js';
import { type CfnResourceJson, logicalIdOf, synthesize, type Synthesized } from './synth.js';

const fixture = path.join(__dirname, 'fixtures/storefront');
let dev: Synthesized;
/** A test stage (sandbox payments), and one whose storefront is not built. */
let testStage: Synthesized;

beforeAll(() => {
  dev = synthesize({}, { storefrontDir: fixture });
  testStage = synthesize({ stage: 'e2e', testHooks: 'true' }, { storefrontDir: path.join(fixture, 'missing') });
});

const only = (synth: Synthesized, type: string): CfnResourceJson => {
  const found = synth.statelessResources(type);
  expect(found).toHaveLength(1);
  return found[0];
};
/** A CloudFormation string as text, references shown as <Ref> / <Resource.Attribute> / <import>. */
const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o['Fn::Join'])) return (o['Fn::Join'][1] as unknown[]).map(text).join(o['Fn::Join'][0] as string);
  if (typeof o.Ref === 'string') return `<${o.Ref}>`;
  if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  if (o['Fn::ImportValue'] !== undefined) return '<import>';
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
};
const csp = (synth: Synthesized) => text(only(synth, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));
const apiDistribution = (synth: Synthesized) => synth.statelessTemplate.toJSON().Resources[logicalIdOf(synth.stateless.edge?.distribution as never)];

describe('the bucket', () => {
  it('is private: every public access blocked, TLS only, objects owned by the bucket', () => {
    const bucketId = logicalIdOf(dev.stateless.storefront?.bucket as never);
    const bucket = dev.statelessTemplate.toJSON().Resources[bucketId];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    const policy = Object.values(dev.statelessTemplate.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === bucketId);
    const statements = policy?.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: unknown; Condition?: Record<string, unknown> }[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Nobody but this distribution reads it.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]);
    expect(text(allows[0].Condition?.StringEquals && (allows[0].Condition.StringEquals as Record<string, unknown>)['AWS:SourceArn'])).toContain(`<${logicalIdOf(dev.stateless.edge?.distribution as never)}>`);
  });
});

describe('the API distribution serves the app under /store/', () => {
  it('through origin access control, with the headers policy and the router function on viewer requests', () => {
    const oac = only(dev, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const config = apiDistribution(dev).Properties.DistributionConfig;
    const behavior = (config.CacheBehaviors as CfnResourceJson[]).find((b) => b.PathPattern === STOREFRONT_PATH_PATTERN);
    const origin = (config.Origins as CfnResourceJson[]).find((o) => o.Id === behavior?.TargetOriginId);
    expect(origin).toMatchObject({ S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] } });
    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      Compress: true,
      ResponseHeadersPolicyId: { Ref: expect.any(String) },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } }],
    });
    const fn = only(dev, 'AWS::CloudFront::Function');
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    // The API keeps its own default behaviour (and the WAF covers both).
    expect(config.DefaultCacheBehavior.TargetOriginId).not.toBe(behavior?.TargetOriginId);
    expect(config.WebACLId).toBeDefined();
  });

  it('revalidates what the files say: a minimum TTL of 0 keeps index.html (no-cache) out of the edge caches', () => {
    const policies = dev.statelessResources('AWS::CloudFront::CachePolicy').map((p) => p.Properties.CachePolicyConfig);
    expect(policies).toContainEqual(expect.objectContaining({ Comment: expect.stringContaining('storefront'), MinTTL: 0, MaxTTL: 31_536_000 }));
  });

  it('is on the API\'s own origin: the app calls the API without CORS, and the outputs say where it is', () => {
    const outputs = dev.statelessTemplate.toJSON().Outputs;
    expect(text(outputs.StorefrontUrl.Value)).toBe(`${text(outputs.ApiUrl.Value)}/store/`);
  });

  it('a stage without the edge has no site (LocalStack)', () => {
    const noEdge = synthesize({ edge: 'false' }, { storefrontDir: fixture });
    expect(noEdge.stateless.storefront).toBeUndefined();
    expect(noEdge.statelessResources('AWS::CloudFront::ResponseHeadersPolicy')).toHaveLength(0);
  });
});

describe('the response headers policy', () => {
  it('carries the CSP of lib/storefront-headers.ts with the stage\'s WebSocket API and media CDN', () => {
    const policy = csp(dev);
    const websocketApi = logicalIdOf(dev.stateless.websocketApi.api as never);
    // The WebSocket API's ApiEndpoint is its origin, wss://<id>.execute-api.<region>.amazonaws.com; the
    // media bucket's S3 origin takes the console's pre-signed photo uploads.
    expect(directive(policy, 'connect-src')).toBe(
      `connect-src 'self' <${websocketApi}.ApiEndpoint> https://big-ecommerce-dev-media-<AWS::AccountId>-<AWS::Region>.s3.sa-east-1.amazonaws.com ${MERCADO_PAGO_SOURCES.connect}`,
    );
    expect(directive(policy, 'img-src')).toBe("img-src 'self' data: https://<import> https:");
    for (const expected of ["default-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) {
      expect(policy.split('; ')).toContain(expected);
    }
    expect(policy).not.toContain('unsafe-inline');
  });

  it('allows Mercado Pago\'s script only in stages that pay with Mercado Pago (not a test stage\'s sandbox)', () => {
    expect(directive(csp(dev), 'script-src')).toBe(`script-src 'self' ${MERCADO_PAGO_SOURCES.script}`);
    expect(directive(csp(testStage), 'script-src')).toBe("script-src 'self'");
    expect(csp(testStage)).not.toContain('mercadopago');
  });

  it('sends HSTS, nosniff, DENY framing, the referrer policy and the permissions policy', () => {
    const config = only(dev, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig;
    expect(config.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: false, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    expect(config.CustomHeadersConfig.Items).toEqual([{ Header: 'Permissions-Policy', Value: PERMISSIONS_POLICY, Override: true }]);
  });
});

describe('the deployments', () => {
  it('hashed assets for a year and never pruned, then index.html revalidated, after them', () => {
    const deployments = dev.statelessResources('Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === 'store/assets/');
    const entry = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === 'store/');
    expect(assets?.Properties).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    expect(entry?.Properties).toMatchObject({ Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
    expect(entry?.Properties.Prune).not.toBe(false);
    // index.html and the stage's config.js (the WebSocket API's URL, resolved at deploy time), not the build's config.js.
    expect(entry?.Properties.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(entry?.Properties.SourceMarkers)).toContain(logicalIdOf(dev.stateless.websocketApi.api as never));
    const staged = readdirSync(path.join(dev.outdir, `asset.${text(entry?.Properties.SourceObjectKeys[0]).replace('.zip', '')}`));
    expect(staged.sort()).toEqual(['index.html']);
    expect(entry?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^StorefrontDeployAssetsCustomResource/)]));
  });

  it('warns when a Mercado Pago stage has no public key for its card form (a test stage pays with the sandbox)', () => {
    Annotations.fromStack(dev.stateless).hasWarning('*', Match.stringLikeRegexp('No Mercado Pago public key.*Pix only'));
    Annotations.fromStack(testStage.stateless).hasNoWarning('*', Match.stringLikeRegexp('No Mercado Pago public key'));
  });

  it('without a build, synthesizes the site without its files and warns (synth never builds)', () => {
    expect(testStage.statelessResources('Custom::CDKBucketDeployment')).toHaveLength(0);
    expect(testStage.statelessResources('AWS::CloudFront::ResponseHeadersPolicy')).toHaveLength(1);
    Annotations.fromStack(testStage.stateless).hasWarning('*', Match.stringLikeRegexp('storefront is not built.*npm run web:build'));
  });
});
