/**
 * `npm run admin:grant -- someone@example.com`: puts an existing, confirmed account in the
 * `admin` group. The account registers through the API first (so it has a profile).
 *
 * AWS: USER_POOL_ID=<the stack's UserPoolId output> AWS_REGION=sa-east-1 npm run admin:grant -- email
 * Local: COGNITO_ENDPOINT=http://127.0.0.1:9229 USER_POOL_ID=<printed by npm start> npm run admin:grant -- email
 * Tokens issued before the grant do not carry the group: the user logs in again.
 */
import {
  AdminAddUserToGroupCommand, AdminGetUserCommand, CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

const email = process.argv[2];
const userPoolId = process.env.USER_POOL_ID;
if (!email || !userPoolId) {
  console.error('Usage: USER_POOL_ID=<pool id> npm run admin:grant -- <email>\n(locally also COGNITO_ENDPOINT=http://127.0.0.1:9229)');
  process.exit(2);
}
const endpoint = process.env.COGNITO_ENDPOINT;
const client = new CognitoIdentityProviderClient(
  endpoint ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
);

try {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
  if (user.UserStatus !== 'CONFIRMED') {
    console.error(`${email} is ${user.UserStatus}; only confirmed accounts can be made admins`);
    process.exit(1);
  }
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: 'admin' }));
  console.log(`${email} is now in group admin (pool ${userPoolId}); they must log in again to get a token with the role.`);
} catch (error) {
  const name = error instanceof Error ? error.name : 'Error';
  console.error(name === 'UserNotFoundException' ? `No account for ${email} in pool ${userPoolId}` : `Failed: ${name}: ${(error as Error).message}`);
  process.exit(1);
}
