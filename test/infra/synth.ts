/**
 * Synthesizes the real CDK app once per test file, without bundling (the `aws:cdk:bundling-stacks`
 * context empty: assets get placeholder hashes, no esbuild run), into a temporary directory.
 * `npx cdk synth` (CI) and test/infra/bundling.test.ts cover the bundles themselves.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { buildApp, type StoreApp, type StoreAppOptions } from '../../lib/app.js';

export const projectRoot = path.resolve(__dirname, '../..');

export interface Synthesized extends StoreApp {
  readonly outdir: string;
  readonly stateful: StoreApp['stateful'];
  readonly stateless: StoreApp['stateless'];
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

export function synthesize(context: Record<string, unknown> = {}, options: StoreAppOptions = {}): Synthesized {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-infra-test-'));
  const built = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } }, { nag: false, projectRoot, ...options });
  const assembly = built.app.synth();
  const template = (stack: Stack) => Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  return { ...built, outdir, statefulTemplate: template(built.stateful), statelessTemplate: template(built.stateless) };
}

/** Reads cdk-nag's findings from the cloud assembly's validation report. */
export function validationViolations(outdir: string): { rule: string; severity: string; paths: string[] }[] {
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports.flatMap((p) => p.violations.map((v) => ({
    rule: v.ruleName, severity: v.severity, paths: v.violatingConstructs.map((c) => c.constructPath),
  })));
}

export function logicalIdOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnFunction);
}

/** Every IAM action granted to the role of the function built for `handler`, with its resources. */
export function grantedStatements(synth: Synthesized, handler: string): { actions: string[]; resources: unknown[] }[] {
  const fn = synth.stateless.functionFor(handler);
  const roleId = synth.stateless.getLogicalId(fn.role?.node.defaultChild as CfnRole);
  const policies = synth.statelessTemplate.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
    .map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat() }));
}

export function grantedActions(synth: Synthesized, handler: string): string[] {
  return [...new Set(grantedStatements(synth, handler).flatMap((s) => s.actions))].sort();
}
