/**
 * `npm run rotate:origin-secret -- <stage>`: gives the origin-verify secret a new `current` value
 * and keeps the old one as `previous`. Nothing changes until the next `cdk deploy` of the stage,
 * which first updates the functions (they accept both values) and then the distribution (it sends
 * the new one), so no request is refused on the way. Run the deploy right after this.
 *
 *   AWS_REGION=sa-east-1 npm run rotate:origin-secret -- prod && npx cdk deploy --all -c stage=prod ...
 */
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { APP_NAME } from '../lib/stage-config.js';
import { newOriginSecretValue, rotatedOriginSecret } from './origin-secret.js';

const stage = process.argv[2];
if (!stage || !/^[a-z][a-z0-9-]{0,9}$/.test(stage)) {
  console.error('Usage: AWS_REGION=<the stage\'s region> npm run rotate:origin-secret -- <stage>');
  process.exit(2);
}
const secretId = `${APP_NAME}-${stage}/origin-verify`;
const client = new SecretsManagerClient({});
try {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const rotated = rotatedOriginSecret(SecretString ?? '', newOriginSecretValue());
  await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(rotated) }));
  console.log(`${secretId}: new current value stored, the old one kept as previous. Deploy the stage now (cdk deploy --all -c stage=${stage} ...).`);
} catch (error) {
  console.error(`Failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exit(1);
}
