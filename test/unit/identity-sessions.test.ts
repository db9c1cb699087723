/**
 * The session-ending use cases with fakes: the provider-side sign-out (which the Cognito emulator
 * cannot do, so the integration suite does not see it) is called for the right user, after our
 * own revocation, and never for a refused reset code.
 */
import { changePassword, confirmPasswordReset } from '#domain/identity/use-cases.js';
import type { IdentityProvider, SessionStore, UserRepository } from '#domain/identity/ports.js';
import { ValidationError } from '#shared/errors.js';

const jwt = (claims: Record<string, unknown>) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

function fakes(options: { codeValid?: boolean } = {}) {
  const calls: string[] = [];
  const idp = {
    async confirmPasswordReset() {
      calls.push('confirmPasswordReset');
      if (options.codeValid === false) throw new ValidationError('The code is invalid or has expired');
    },
    async userIdOf(email: string) {
      return email === 'ana@example.com' ? 'user-1' : undefined;
    },
    async changePassword() {
      calls.push('changePassword');
    },
    async signOutUser(userId: string) {
      calls.push(`signOutUser ${userId}`);
    },
    async signOutEverywhere(token: string) {
      calls.push(`signOutEverywhere ${token}`);
    },
    async login() {
      calls.push('login');
      return { accessToken: jwt({ sub: 'user-1', iat: 2_000 }), idToken: 'id', refreshToken: 'refresh', expiresIn: 3600 };
    },
  } as unknown as IdentityProvider;
  const sessions: SessionStore = {
    async recordLogin() {
      calls.push('recordLogin');
    },
    async findLogin() {
      return undefined;
    },
    async tokensValidAfter() {
      return 0;
    },
    async revokeAllBefore(userId, atMs, reason) {
      calls.push(`revokeAllBefore ${userId} ${atMs} ${reason}`);
    },
  };
  const users = { getProfile: async () => ({ userId: 'user-1', email: 'ana@example.com' }) } as unknown as UserRepository;
  return { calls, deps: { idp, sessions, users, realNowMs: () => 1_000_000 } };
}

describe('confirmPasswordReset', () => {
  it('ends every session of the account: our marker first, then the provider\'s refresh tokens', async () => {
    const { calls, deps } = fakes();
    await confirmPasswordReset(deps, { email: 'ana@example.com', code: '123456', newPassword: 'Nova#Senha1' });
    expect(calls).toEqual(['confirmPasswordReset', 'revokeAllBefore user-1 1000000 password-reset', 'signOutUser user-1']);
  });

  it('ends nothing when the code is refused', async () => {
    const { calls, deps } = fakes({ codeValid: false });
    await expect(confirmPasswordReset(deps, { email: 'ana@example.com', code: '000000', newPassword: 'Nova#Senha1' })).rejects.toThrow(ValidationError);
    expect(calls).toEqual(['confirmPasswordReset']);
  });
});

describe('changePassword', () => {
  it('changes, revokes every earlier token, signs out at the provider, then logs this device in again', async () => {
    const { calls, deps } = fakes();
    const tokens = await changePassword(deps, { userId: 'user-1', accessToken: 'old-access' }, { currentPassword: 'Antiga#123', newPassword: 'Nova#Senha1' });
    expect(calls).toEqual(['changePassword', 'revokeAllBefore user-1 1000000 password-change', 'signOutEverywhere old-access', 'login', 'recordLogin']);
    expect(tokens).toMatchObject({ refreshToken: 'refresh', tokenType: 'Bearer' });
  });
});
