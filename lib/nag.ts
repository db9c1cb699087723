/**
 * cdk-nag (AwsSolutions) wiring and the acknowledgements shared by many resources. Every
 * acknowledgement carries its reason; resource-specific ones sit next to the resource.
 * cdk-nag 3 acknowledges findings one by one (`Rule[Finding]`), with CDK's Validations API.
 */
import { Stack, Validations, type App } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Findings every function of the house Function construct has by design:
 *  - IAM4: the AWS-managed basic execution policy (write to its own logs);
 *  - IAM5 Resource::*: X-Ray's PutTraceSegments/PutTelemetryRecords take no resource ARN.
 */
export function acknowledgeFunctionFindings(fn: LambdaFunction): void {
  const role = fn.role ?? fn;
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.');
  acknowledge(role, 'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.');
}

/**
 * A value (ARN, name) the way cdk-nag prints it in a finding id: literals as they are,
 * `{Ref: X}` as `<X>`, `{Fn::GetAtt: [Y, Z]}` as `<Y.Z>`. Only for values made of this stack's
 * own references and pseudo parameters (cross-stack imports are rewritten after construction).
 */
export function nagRender(scope: IConstruct, value: string): string {
  const render = (node: unknown): string => {
    if (typeof node === 'string') return node;
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.Ref === 'string') return `<${o.Ref}>`;
      if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
      const join = o['Fn::Join'];
      if (Array.isArray(join) && Array.isArray(join[1])) return (join[1] as unknown[]).map(render).join(String(join[0]));
    }
    throw new Error(`Cannot render ${JSON.stringify(node)} as a cdk-nag finding`);
  };
  return render(Stack.of(scope).resolve(value));
}
