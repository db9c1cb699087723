import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { getSecretString } from '#adapters/secrets.js';
import { fakeAwsEndpoint } from '../helpers/fake-aws-endpoint.js';

/**
 * A stand-in for Secrets Manager's JSON endpoint that checks the SigV4 signature the way AWS does
 * (canonical request -> string to sign -> derived key), written out here from the SigV4 spec rather
 * than with the signer under test.
 */
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_SESSION_TOKEN: 'session-token', AWS_REGION: 'sa-east-1' };

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

function expectedSignature(method: string, path: string, headers: IncomingHttpHeaders, body: string): { signature: string; given: string } {
  const auth = String(headers.authorization);
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match) throw new Error(`unexpected authorization ${auth}`);
  const [, , day, region, service, signedHeaders, given] = match;
  const names = signedHeaders.split(';');
  const canonical = [method, path, '', ...names.map((n) => `${n}:${String(headers[n]).trim()}`), '', signedHeaders, sha(body)].join('\n');
  const amzDate = String(headers['x-amz-date']);
  const toSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/${service}/aws4_request`, sha(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.AWS_SECRET_ACCESS_KEY}`, day), region), service), 'aws4_request');
  return { signature: createHmac('sha256', key).update(toSign, 'utf8').digest('hex'), given };
}

const { seen } = fakeAwsEndpoint((request) => {
  const { signature, given } = expectedSignature(request.method, request.url, request.headers, request.body);
  const id = (JSON.parse(request.body) as { SecretId: string }).SecretId;
  if (signature !== given) return { status: 403, body: { __type: 'InvalidSignatureException' } };
  if (id !== 'big-ecommerce-prod/melhorenvio') return { status: 400, body: { __type: 'ResourceNotFoundException' } };
  return { status: 200, body: { Name: id, SecretString: '{"accessToken":"t"}' } };
}, (url) => ({ ...CREDENTIALS, SECRETSMANAGER_ENDPOINT: url }));

it('reads a secret with one SigV4-signed GetSecretValue call (target, session token, signed body)', async () => {
  await expect(getSecretString('big-ecommerce-prod/melhorenvio')).resolves.toBe('{"accessToken":"t"}');
  expect(seen).toHaveLength(1);
  expect(seen[0].headers).toMatchObject({ 'x-amz-target': 'secretsmanager.GetSecretValue', 'content-type': 'application/x-amz-json-1.1', 'x-amz-security-token': 'session-token' });
  expect(String(seen[0].headers.authorization)).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/sa-east-1\/secretsmanager\/aws4_request/);
});

it('reports an AWS error answer without the secret', async () => {
  await expect(getSecretString('other/secret')).rejects.toThrow(/GetSecretValue other\/secret answered HTTP 400: .*ResourceNotFoundException/);
});
