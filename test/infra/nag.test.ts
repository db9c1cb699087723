/**
 * cdk-nag (AwsSolutions) over the whole app, dev and prod: no unacknowledged error. cdk-nag 3
 * reports through CDK's policy validation (validation-report.json; synth throws on a violation),
 * not through annotations, so the report is read back from the cloud assembly.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { buildApp } from '../../lib/app.js';
import { addNagChecks } from '../../lib/nag.js';
import { projectRoot, validationViolations } from './synth.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-test-'));

function nagFindings(context: Record<string, unknown>) {
  const outdir = tmp();
  // A fixture build of the storefront, so the site's deployments are checked whether or not web/dist exists.
  const { app } = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } }, { nag: true, projectRoot, storefrontDir: path.join(__dirname, 'fixtures/storefront') });
  let failure: Error | undefined;
  try {
    app.synth();
  } catch (error) {
    failure = error as Error;
  }
  return { failure, violations: validationViolations(outdir) };
}

it.each([
  ['dev', {}],
  ['prod', { stage: 'prod', alarmEmail: 'ops@example.com', corsOrigins: 'https://shop.example.com' }],
  ['a test stage (test hooks)', { stage: 'qa', testHooks: 'true' }],
])('%s: every AwsSolutions finding is fixed or acknowledged with a reason', (_stage, context) => {
  const { failure, violations } = nagFindings(context);
  expect(violations.filter((v) => v.severity === 'error' && v.rule.startsWith('AwsSolutions-'))).toEqual([]);
  expect(failure).toBeUndefined();
});

it('the check does catch an unacknowledged finding (harness sanity)', () => {
  const outdir = tmp();
  const app = new App({ outdir });
  new Queue(new Stack(app, 'Probe'), 'Unencrypted');
  addNagChecks(app);
  expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  expect(validationViolations(outdir).map((v) => v.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
});

it('every acknowledgement in the app carries a reason', () => {
  const { app } = buildApp({ outdir: tmp(), context: { 'aws:cdk:bundling-stacks': [] } }, { nag: false, projectRoot });
  const acks = app.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>)));
  expect(acks.length).toBeGreaterThan(0);
  for (const [id, reason] of acks) expect({ id, reason: reason.length > 30 }).toEqual({ id, reason: true });
});
