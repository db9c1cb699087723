import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { api, login, newCustomer, uniqueEmail } from '../helpers/api.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

function grant(email: string) {
  return run(process.execPath, [require.resolve('tsx/cli'), 'scripts/admin-grant.ts', email], {
    cwd: root,
    env: { ...process.env, COGNITO_ENDPOINT: process.env.COGNITO_ENDPOINT, USER_POOL_ID: process.env.USER_POOL_ID },
  });
}

describe('npm run admin:grant', () => {
  it('makes a confirmed customer an admin once they log in again', async () => {
    const user = await newCustomer();
    const { stdout } = await grant(user.email);
    expect(stdout).toContain('is now in group admin');
    // The old token predates the grant and carries no group.
    expect((await api('GET', `/admin/customers/${user.userId}`, { token: user.accessToken })).status).toBe(403);
    const fresh = await login(user.email, user.password);
    expect((await api('GET', `/admin/customers/${user.userId}`, { token: fresh.body.accessToken })).status).toBe(200);
  });

  it('refuses an unknown email with a clear message and a non-zero exit', async () => {
    await expect(grant(uniqueEmail('nobody'))).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No account for') });
  });
});
