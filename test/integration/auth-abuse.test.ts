import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand,
  CreateUserPoolCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD } from '../../local/harness.js';
import { adminToken, api, newCustomer, type TestUser } from '../helpers/api.js';
import { decodePayload, signWithEmulatorKey, tampered, unsigned } from '../helpers/tokens.js';

const PROTECTED = '/me';

async function foreignPoolToken(): Promise<string> {
  const idp = new CognitoIdentityProviderClient({
    endpoint: process.env.COGNITO_ENDPOINT, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pool = await idp.send(new CreateUserPoolCommand({ PoolName: `foreign-${Date.now()}`, UsernameAttributes: ['email'] }));
  const UserPoolId = pool.UserPool!.Id!;
  const client = await idp.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'foreign', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }));
  await idp.send(new AdminCreateUserCommand({ UserPoolId, Username: 'mallory@example.com', MessageAction: 'SUPPRESS' }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'mallory@example.com', Password: PASSWORD, Permanent: true }));
  const auth = await idp.send(new InitiateAuthCommand({
    ClientId: client.UserPoolClient!.ClientId!, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mallory@example.com', PASSWORD },
  }));
  return auth.AuthenticationResult!.AccessToken!;
}

describe('token abuse is 401 in the contract\'s error shape', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await newCustomer();
  });
  /** The user's genuine claims with some changed (undefined removes one), signed with the emulator's key. */
  const resigned = (changes: Record<string, unknown>) => signWithEmulatorKey(JSON.parse(JSON.stringify({ ...decodePayload(user.accessToken), ...changes })));

  it('accepts the genuine access token (control)', async () => {
    expect((await api('GET', PROTECTED, { token: user.accessToken })).status).toBe(200);
  });

  it('accepts the genuine claims re-signed with the emulator\'s key, iat a few seconds ahead included (control)', async () => {
    expect((await api('GET', PROTECTED, { token: resigned({}) })).status).toBe(200);
    const ahead = Math.floor(Date.now() / 1000) + 5;
    expect((await api('GET', PROTECTED, { token: resigned({ iat: ahead, exp: ahead + 3600 }) })).status).toBe(200);
  });

  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['no Authorization header', async () => ({})],
    ['a non-Bearer scheme', async () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })],
    ['a garbage token', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['an expired token', async () => {
      const claims = decodePayload(user.accessToken);
      const past = Math.floor(Date.now() / 1000) - 7200;
      return { authorization: `Bearer ${signWithEmulatorKey({ ...claims, iat: past, auth_time: past, exp: past + 3600 })}` };
    }],
    ['an unsigned token (alg: none)', async () => ({ authorization: `Bearer ${unsigned(decodePayload(user.accessToken))}` })],
    ['a tampered payload', async () => ({ authorization: `Bearer ${tampered(user.accessToken, { 'cognito:groups': ['admin'] })}` })],
    ['an ID token instead of an access token', async () => ({ authorization: `Bearer ${user.idToken}` })],
    ['a token from another user pool', async () => ({ authorization: `Bearer ${await foreignPoolToken()}` })],
    ['a token for another app client', async () => ({
      authorization: `Bearer ${signWithEmulatorKey({ ...decodePayload(user.accessToken), client_id: 'someone-elses-client' })}`,
    })],
    // Signed with the emulator's key, so only the claim under test is wrong.
    ['a signed token without exp', async () => ({ authorization: `Bearer ${resigned({ exp: undefined })}` })],
    ['a signed token without iat', async () => ({ authorization: `Bearer ${resigned({ iat: undefined })}` })],
    ['a signed token issued an hour in the future (it would outlive a logout)', async () => {
      const future = Math.floor(Date.now() / 1000) + 3600;
      return { authorization: `Bearer ${resigned({ iat: future, exp: future + 3600 })}` };
    }],
    ['a signed token without sub', async () => ({ authorization: `Bearer ${resigned({ sub: undefined })}` })],
    ['a signed token without token_use', async () => ({ authorization: `Bearer ${resigned({ token_use: undefined })}` })],
    ['a signed token without client_id', async () => ({ authorization: `Bearer ${resigned({ client_id: undefined })}` })],
    ['a signed token with cognito:groups as a string', async () => ({ authorization: `Bearer ${resigned({ 'cognito:groups': 'admin' })}` })],
    ['a signed token with cognito:groups holding a non-string', async () => ({ authorization: `Bearer ${resigned({ 'cognito:groups': ['admin', 7] })}` })],
  ];

  it.each(cases)('%s', async (_label, headers) => {
    const response = await api('GET', PROTECTED, { headers: await headers() });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a token accepted before is refused once its exp has passed (the container remembers verified tokens until their exp only)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = resigned({ iat: now, exp: now + 5 });
    expect((await api('GET', PROTECTED, { token })).status).toBe(200);
    expect((await api('GET', PROTECTED, { token })).status).toBe(200);
    while (Date.now() / 1000 < now + 5) await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await api('GET', PROTECTED, { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });

  it('a token issued before logout', async () => {
    const victim = await newCustomer();
    expect((await api('POST', '/logout', { token: victim.accessToken })).status).toBe(204);
    expect((await api('GET', PROTECTED, { token: victim.accessToken })).status).toBe(401);
    // Also where a live customer token would be 403: revoked is checked before the role.
    expect((await api('GET', `/admin/customers/${victim.userId}`, { token: victim.accessToken })).status).toBe(401);
  });
});

describe('roles', () => {
  it('a customer on an admin route is 403; an admin gets through', async () => {
    const customer = await newCustomer();
    const denied = await api('GET', `/admin/customers/${customer.userId}`, { token: customer.accessToken });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');

    const admin = await api('GET', `/admin/customers/${customer.userId}`, { token: await adminToken() });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ userId: customer.userId, email: customer.email, roles: ['customer'] });
  });

  it('an admin sees their own admin role and a missing customer is 404', async () => {
    const token = await adminToken();
    const me = await api('GET', '/me', { token });
    expect(me.body.roles).toEqual(['customer', 'admin']);
    expect((await api('GET', '/admin/customers/00000000-0000-0000-0000-000000000000', { token })).status).toBe(404);
  });

  it('a forged admin group claim does not make an admin', async () => {
    const customer = await newCustomer();
    const forged = tampered(customer.accessToken, { 'cognito:groups': ['admin'] });
    expect((await api('GET', `/admin/customers/${customer.userId}`, { token: forged })).status).toBe(401);
  });
});
