import { awsCall, awsJsonService, AwsServiceError } from '#adapters/aws-call.js';
import { type FakeAnswer, fakeAwsEndpoint } from '../helpers/fake-aws-endpoint.js';

/**
 * The signed AWS calls that replace SDK clients in the functions' bundles (Cognito, SQS, SES, SMS,
 * Secrets Manager): request shape, unsigned operations, error names the adapters match on, and the
 * SDK's retries. The signature itself is checked against SigV4 written from the spec in secrets.test.ts.
 */
let answers: FakeAnswer[] = [];
const endpoint = fakeAwsEndpoint(() => answers.shift() ?? { status: 200, body: {} }, () => ({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'sa-east-1' }));
const { seen } = endpoint;

beforeEach(() => {
  answers = [];
});

const cognito = () => awsJsonService({ service: 'cognito-idp', targetPrefix: 'AWSCognitoIdentityProviderService', jsonVersion: '1.1', endpoint: endpoint.url, unsigned: new Set(['SignUp']) });

it('posts the operation with its target and JSON version, signed, and answers the output', async () => {
  answers = [{ status: 200, body: { Groups: [{ GroupName: 'admin' }] } }];
  await expect(cognito()('AdminListGroupsForUser', { UserPoolId: 'p', Username: 'u' })).resolves.toEqual({ Groups: [{ GroupName: 'admin' }] });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({ method: 'POST', url: '/' });
  expect(seen[0].headers).toMatchObject({ 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminListGroupsForUser', 'content-type': 'application/x-amz-json-1.1' });
  expect(String(seen[0].headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/sa-east-1\/cognito-idp\/aws4_request, SignedHeaders=.*host.*x-amz-target/);
  expect(JSON.parse(seen[0].body)).toEqual({ UserPoolId: 'p', Username: 'u' });
});

it('sends the operations a user makes with their own secret unsigned, as the SDK does', async () => {
  answers = [{ status: 200, body: { UserSub: 'sub-1' } }];
  await expect(cognito()('SignUp', { ClientId: 'c' })).resolves.toEqual({ UserSub: 'sub-1' });
  expect(seen[0].headers.authorization).toBeUndefined();
  expect(seen[0].headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.SignUp');
});

it('an error answer throws with the service error code as name (namespace and suffix removed) and the message', async () => {
  answers = [{ status: 400, body: { __type: 'com.amazonaws.cognito#UsernameExistsException', message: 'User already exists' } }];
  const error = await cognito()('SignUp', {}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AwsServiceError);
  expect(error).toMatchObject({ name: 'UsernameExistsException', message: 'User already exists', status: 400 });
  expect(seen).toHaveLength(1);

  answers = [{ status: 400, body: { message: 'x' }, headers: { 'x-amzn-errortype': 'InvalidParameterException:http://internal.amazon.com/' } }];
  await expect(cognito()('SignUp', {})).rejects.toMatchObject({ name: 'InvalidParameterException' });
});

it('retries throttling and 5xx answers up to 3 attempts, like the SDK, and then throws', async () => {
  answers = [{ status: 503, body: {} }, { status: 400, body: { __type: 'ThrottlingException' } }, { status: 200, body: { ok: true } }];
  await expect(cognito()('AdminGetUser', {})).resolves.toEqual({ ok: true });
  expect(seen).toHaveLength(3);

  seen.length = 0;
  answers = [{ status: 500, body: {} }, { status: 500, body: {} }, { status: 500, body: { __type: 'InternalErrorException' } }, { status: 200, body: {} }];
  await expect(cognito()('AdminGetUser', {})).rejects.toMatchObject({ name: 'InternalErrorException', status: 500 });
  expect(seen).toHaveLength(3);
});

it('a REST-JSON call (SES v2 SendEmail) goes to its path with a plain JSON body', async () => {
  answers = [{ status: 200, body: { MessageId: 'm-1' } }];
  const result = await awsCall({ service: 'ses', url: new URL('v2/email/outbound-emails', endpoint.url), method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"FromEmailAddress":"a@b.c"}' });
  expect(result).toEqual({ MessageId: 'm-1' });
  expect(seen[0]).toMatchObject({ method: 'POST', url: '/v2/email/outbound-emails', body: '{"FromEmailAddress":"a@b.c"}' });
  expect(String(seen[0].headers.authorization)).toMatch(/\/sa-east-1\/ses\/aws4_request/);
});
