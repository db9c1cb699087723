import { AwsServiceError, awsJsonService } from './aws-call.js';
import { optionalEnv } from '#shared/config.js';

/**
 * GetSecretValue as one signed HTTPS call (Secrets Manager's JSON protocol, #adapters/aws-call.js),
 * without the Secrets Manager client: the functions that need a carrier's or the payment
 * gateway's credentials are DynamoDB-only functions near the 300 KB bundle target, and the SigV4
 * signer is already in their bundle (the DynamoDB client's). Credentials and region are the Lambda
 * runtime's environment; SECRETSMANAGER_ENDPOINT points it elsewhere (tests).
 */
export async function getSecretString(secretId: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const call = awsJsonService({ service: 'secretsmanager', targetPrefix: 'secretsmanager', jsonVersion: '1.1', endpoint: optionalEnv('SECRETSMANAGER_ENDPOINT'), timeoutMs: 5_000 });
  let result: { SecretString?: unknown };
  try {
    result = await call<{ SecretString?: unknown }>('GetSecretValue', { SecretId: secretId }, fetchImpl);
  } catch (error) {
    if (error instanceof AwsServiceError) throw new Error(`GetSecretValue ${secretId} answered HTTP ${error.status}: ${error.name}`);
    throw error;
  }
  if (typeof result.SecretString !== 'string') throw new Error(`Secret ${secretId} has no SecretString`);
  return result.SecretString;
}
