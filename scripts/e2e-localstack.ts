/**
 * `npm run e2e:localstack`: deploys a test stage of the real CDK app to LocalStack with `cdklocal`
 * and runs the e2e suite against it (docs/testing.md "LocalStack"). Needs a running LocalStack whose
 * plan covers Cognito user pools, API Gateway v2 and CloudFront, and `cdklocal` on the PATH
 * (`npm install -g aws-cdk-local aws-cdk@2.1148.1`). Not run in CI here: these machines have no Docker.
 *
 *   LOCALSTACK_ENDPOINT (http://localhost:4566)  E2E_STAGE (ls)  E2E_SKIP_DEPLOY=true reuses the last deploy's outputs
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const endpoint = process.env.LOCALSTACK_ENDPOINT ?? 'http://localhost:4566';
const stage = process.env.E2E_STAGE ?? 'ls';
const region = process.env.AWS_REGION ?? 'us-east-1';
const outputsFile = `cdk-outputs.${stage}.json`;
const prefix = `big-ecommerce-${stage}`;
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  AWS_REGION: region,
  AWS_ENDPOINT_URL: endpoint,
  CDK_DEFAULT_ACCOUNT: '000000000000',
  CDK_DEFAULT_REGION: region,
};
const aws = { endpoint, region, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } };

function fail(message: string): never {
  console.error(`e2e:localstack: ${message}`);
  process.exit(1);
}

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} exited with ${result.status}`);
}

const health = await fetch(`${endpoint}/_localstack/health`).catch(() => undefined);
if (!health?.ok) fail(`no LocalStack at ${endpoint} (it runs in Docker; Cognito, API Gateway v2 and CloudFront need a paid plan: docs/testing.md)`);
if (spawnSync('cdklocal', ['--version'], { env }).status !== 0) fail('cdklocal not found: npm install -g aws-cdk-local aws-cdk@2.1148.1');

if (process.env.E2E_SKIP_DEPLOY !== 'true') {
  run('cdklocal', ['bootstrap', `aws://000000000000/${region}`]);
  // A test stage without the edge: the PreSignUp trigger, the signed test hooks and the sandbox gateway and carrier.
  run('cdklocal', ['deploy', '--all', '--require-approval', 'never', '-c', `stage=${stage}`, '-c', 'edge=false', '-c', 'testHooks=true', '-c', `region=${region}`, '--outputs-file', outputsFile]);
}

const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>;
const stateless = outputs[`${prefix}-stateless`] ?? fail(`${outputsFile} has no ${prefix}-stateless outputs`);
const stateful = outputs[`${prefix}-stateful`] ?? fail(`${outputsFile} has no ${prefix}-stateful outputs`);
const apiUrl = stateless.ApiUrl.replace(/\/+$/, '');

const secret = await new SecretsManagerClient(aws).send(new GetSecretValueCommand({ SecretId: stateless.TestHooksSecretArn }));
const testHooksSecret = secret.SecretString ?? fail('the test secret has no value');

// An admin of this run: registered at the test domain (confirmed by the PreSignUp trigger), then put in the admin group.
const admin = { email: `admin-${randomUUID().slice(0, 8)}@${stateless.TestEmailDomain}`, password: `E2e#${randomUUID()}` };
const registered = await fetch(`${apiUrl}/register`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...admin, name: 'Admin E2E' }),
});
if (registered.status !== 201) fail(`registering the run's admin: ${registered.status} ${await registered.text()}`);
await new CognitoIdentityProviderClient(aws).send(new AdminAddUserToGroupCommand({ UserPoolId: stateful.UserPoolId, Username: admin.email, GroupName: 'admin' }));

const suite = spawnSync('npx', ['jest', '--config', 'test/e2e/jest.config.js'], {
  stdio: 'inherit',
  env: { ...process.env, API_URL: apiUrl, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, TEST_HOOKS_SECRET: testHooksSecret },
});
process.exit(suite.status ?? 1);
