/**
 * Synthesizes the real CDK app once per test file, without bundling (the `aws:cdk:bundling-stacks`
 * context empty: assets get placeholder hashes, no esbuild run), into a temporary directory.
 * `npx cdk synth` (CI) and test/infra/bundling.test.ts cover the bundles themselves.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { buildApp, type StoreApp, type StoreAppOptions } from '../../lib/app.js';

/** A resource as Template.findResources returns it. */
export type CfnResourceJson = ReturnType<Template['findResources']>[string];

export const projectRoot = path.resolve(__dirname, '../..');

export interface Synthesized extends StoreApp {
  readonly outdir: string;
  readonly stateful: StoreApp['stateful'];
  readonly stateless: StoreApp['stateless'];
  readonly statefulTemplate: Template;
  /** The stateless stack's own template (API, stage, alarm topic, nested stack resources). */
  readonly statelessTemplate: Template;
  /** The stateless stack and its nested stacks (functions, routes, rules, alarms per context). */
  readonly statelessTemplates: Template[];
  /** The us-east-1 edge stack (the WAF web ACL), when the stage has the edge. */
  readonly edgeTemplate?: Template;
  /** The template of the (nested) stack that holds a construct. */
  templateOf(construct: IConstruct): Template;
  /** Resources of one type across the stateless stack and its nested stacks. */
  statelessResources(type: string): CfnResourceJson[];
}

export function synthesize(context: Record<string, unknown> = {}, options: StoreAppOptions = {}): Synthesized {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-infra-test-'));
  // No storefront build unless a test gives one (test/infra/storefront.test.ts): whether web/dist exists on this
  // machine must not change the templates (its deployment brings CDK's own handler function).
  const built = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } }, { nag: false, projectRoot, storefrontDir: path.join(__dirname, 'fixtures/storefront-not-built'), ...options });
  const assembly = built.app.synth();
  const templates = new Map<Stack, Template>();
  const template = (stack: Stack): Template => {
    let t = templates.get(stack);
    if (!t) {
      const json = NestedStack.isNestedStack(stack)
        ? JSON.parse(readFileSync(path.join(outdir, stack.templateFile), 'utf8'))
        : assembly.getStackByName(stack.stackName).template;
      t = Template.fromJSON(json as Record<string, unknown>);
      templates.set(stack, t);
    }
    return t;
  };
  const nested = built.stateless.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c));
  const statelessTemplates = [template(built.stateless), ...nested.map(template)];
  return {
    ...built,
    outdir,
    statefulTemplate: template(built.stateful),
    statelessTemplate: template(built.stateless),
    edgeTemplate: built.edge ? template(built.edge) : undefined,
    statelessTemplates,
    templateOf: (construct) => template(Stack.of(construct)),
    statelessResources: (type) => statelessTemplates.flatMap((t) => Object.values(t.findResources(type))),
  };
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

/** The logical id of a construct's CloudFormation resource, in its own (nested) stack's template. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The synthesized resource of a construct. */
export function resourceOf(synth: Synthesized, construct: IConstruct): CfnResourceJson {
  return synth.templateOf(construct).toJSON().Resources[logicalIdOf(construct)];
}

/** Every IAM action granted to the role of the function built for `handler`, with its resources. */
export function grantedStatements(synth: Synthesized, handler: string): { actions: string[]; resources: unknown[]; conditions?: unknown }[] {
  const fn = synth.stateless.functionFor(handler);
  const roleId = Stack.of(fn).getLogicalId(fn.role?.node.defaultChild as CfnRole);
  const policies = synth.templateOf(fn).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[])
    .map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat(), conditions: s.Condition }));
}

export function grantedActions(synth: Synthesized, handler: string): string[] {
  return [...new Set(grantedStatements(synth, handler).flatMap((s) => s.actions))].sort();
}
