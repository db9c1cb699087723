/**
 * Seeds what a newcomer needs: the admin account (Cognito user in group `admin` plus its
 * profile). Idempotent: a restart finds the admin and leaves it as it is.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

export interface AdminCredentials { email: string; password: string }

async function loadOrCreateCredentials(dataDir: string): Promise<AdminCredentials> {
  const file = path.join(dataDir, 'admin.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as AdminCredentials;
  } catch {
    const credentials = {
      email: process.env.ADMIN_EMAIL ?? 'admin@bigecommerce.local',
      // Satisfies the password policy: upper, lower, digit, symbol, 20 characters.
      password: process.env.ADMIN_PASSWORD ?? `Adm#${randomBytes(12).toString('base64url')}9a`,
    };
    await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    return credentials;
  }
}

export async function seedAdmin(dataDir: string, env: Record<string, string>): Promise<AdminCredentials> {
  const credentials = await loadOrCreateCredentials(dataDir);
  const idp = new CognitoIdentityProviderClient({ endpoint: env.COGNITO_ENDPOINT, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const UserPoolId = env.USER_POOL_ID;
  let sub: string | undefined;
  try {
    const user = await idp.send(new AdminGetUserCommand({ UserPoolId, Username: credentials.email }));
    sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundException') throw error;
    const created = await idp.send(new AdminCreateUserCommand({
      UserPoolId,
      Username: credentials.email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: credentials.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Store Admin' },
      ],
    }));
    sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: credentials.email, Password: credentials.password, Permanent: true }));
  }
  if (!sub) throw new Error('Seeded admin has no sub');
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: credentials.email, GroupName: 'admin' }));
  const { userRepository } = await import('../lambdas/adapters/dynamodb/users.js');
  if (!(await userRepository.getProfile(sub))) {
    await userRepository.createProfile({ userId: sub, email: credentials.email, name: 'Store Admin', phone: null, cpf: null, createdAt: new Date().toISOString() });
  }
  return credentials;
}
