/**
 * The image pipeline in the CDK: the media bucket sends its events to EventBridge, a default-bus rule
 * forwards uploads' "Object Created" (products/ only: the renditions it writes never trigger it)
 * to the images queue, the consumer runs on arm64 with the memory sharp needs and may read uploads
 * and write renditions only; and sharp's native binary: left out of the esbuild bundle and installed
 * next to it for linux-arm64 (lib/bundling.ts), whatever machine synthesizes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { buildBundles, installNativeModules, LAMBDA_PLATFORM, nativeImportsOf, nativeInstallArgs } from '../../lib/bundling.js';
import { grantedStatements, logicalIdOf, projectRoot, synthesize, type Synthesized } from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

const HANDLER = 'catalog/make-renditions';

describe('images queue', () => {
  const subscription = () => {
    const built = synth.stateless.queueSubscriptions.get('images');
    if (!built) throw new Error('no images queue built');
    return built;
  };

  it('the media bucket sends its events to EventBridge, set on the bucket itself (no custom-resource function)', () => {
    const media = synth.statefulTemplate.toJSON().Resources[logicalIdOf(synth.stateful.storage.mediaBucket)];
    expect(media.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    const catalog = synth.statefulTemplate.toJSON().Resources[logicalIdOf(synth.stateful.storage.catalogBucket)];
    expect(catalog.Properties.NotificationConfiguration).toBeUndefined();
    synth.statefulTemplate.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  it('a default-bus rule sends the uploads\' Object Created events, and only theirs, to the queue', () => {
    const rule = subscription().objectCreatedRule;
    if (!rule) throw new Error('no Object Created rule');
    const resource = synth.templateOf(rule).toJSON().Resources[logicalIdOf(rule)];
    expect(resource.Properties.EventBusName).toBeUndefined();
    expect(resource.Properties.EventPattern).toMatchObject({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [expect.anything()] }, object: { key: [{ prefix: 'products/' }] } },
    });
    expect(JSON.stringify(resource.Properties.EventPattern.detail.bucket.name)).toContain('media');
    expect(resource.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [logicalIdOf(subscription().queue), 'Arn'] } })]);
  });

  it('the consumer: arm64, 2 GB, one image per invocation, batch item failures, a DLQ after 3 receives', () => {
    const fn = synth.stateless.functionFor(HANDLER);
    synth.templateOf(fn).hasResourceProperties('AWS::Lambda::Function', { Architectures: ['arm64'], MemorySize: 2048, Timeout: 60 });
    synth.templateOf(fn).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(fn) },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(subscription().queue), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    synth.templateOf(subscription()).hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
    });
  });

  it('the consumer reads (and deletes oversized) uploads and writes renditions, nothing else in the bucket', () => {
    const s3 = grantedStatements(synth, HANDLER).filter((s) => s.actions.some((a) => a.startsWith('s3:')));
    const onPrefix = (action: string) => s3.filter((s) => s.actions.includes(action)).map((s) => JSON.stringify(s.resources));
    expect(onPrefix('s3:GetObject')).toEqual([expect.stringContaining('/products/*')]);
    expect(onPrefix('s3:DeleteObject')).toEqual([expect.stringContaining('/products/*')]);
    expect(onPrefix('s3:PutObject')).toEqual([expect.stringContaining('/renditions/*')]);
    expect(s3.flatMap((s) => s.actions).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
  });

  it('publishing a collected item may send its images to the queue (with its URL); nothing else but the consumer may', () => {
    const envOf = (handler: string) => {
      const fn = synth.stateless.functionFor(handler);
      return synth.templateOf(fn).toJSON().Resources[logicalIdOf(fn)].Properties.Environment.Variables as Record<string, unknown>;
    };
    const senders = [...synth.stateless.functions.keys()].filter((h) => envOf(h).IMAGES_QUEUE_URL !== undefined);
    expect(senders.sort()).toEqual(['catalog/make-renditions', 'collection/publish-item']);
    for (const handler of senders) expect(grantedStatements(synth, handler).some((s) => s.actions.includes('sqs:SendMessage'))).toBe(true);
  });
});

describe('sharp for Lambda', () => {
  it('stays out of the bundle (an external import) and is the only native module the consumer needs', () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'renditions-bundle-'));
    const metafile = buildBundles({ renditions: path.join(projectRoot, 'lambdas/handlers', `${HANDLER}.ts`), product: path.join(projectRoot, 'lambdas/handlers/catalog/get-product.ts') }, outDir, projectRoot);
    const output = (name: string) => path.relative(projectRoot, path.join(outDir, `${name}.mjs`)).split(path.sep).join('/');
    expect(nativeImportsOf(metafile, output('renditions'))).toEqual(['sharp']);
    expect(nativeImportsOf(metafile, output('product'))).toEqual([]);
    const code = readFileSync(path.join(outDir, 'renditions.mjs'), 'utf8');
    expect(code).toMatch(/from\s*["']sharp["']/);
    expect(code).not.toContain('libvips');
  });

  it('is installed for linux-arm64 with glibc, at the version package.json pins', () => {
    expect(LAMBDA_PLATFORM).toEqual({ os: 'linux', cpu: 'arm64', libc: 'glibc' });
    expect(nativeInstallArgs(['sharp@0.35.5'], '/p')).toEqual(expect.arrayContaining(['--os=linux', '--cpu=arm64', '--libc=glibc', '--omit=dev', 'sharp@0.35.5']));
    const asset = mkdtempSync(path.join(os.tmpdir(), 'renditions-asset-'));
    installNativeModules(['sharp'], projectRoot, asset);
    const pinned = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).dependencies.sharp;
    expect(JSON.parse(readFileSync(path.join(asset, 'node_modules/sharp/package.json'), 'utf8')).version).toBe(pinned);
    expect(existsSync(path.join(asset, `node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-${pinned}.node`))).toBe(true);
    expect(readdirSync(path.join(asset, 'node_modules/@img/sharp-libvips-linux-arm64/lib')).some((f) => f.startsWith('libvips-cpp'))).toBe(true);
    expect(readdirSync(path.join(asset, 'node_modules/@img')).filter((d) => d.includes('x64'))).toEqual([]);
  }, 180_000);
});
