import { awsJsonService } from '#adapters/aws-call.js';
import type { IdentityProvider } from '#domain/identity/ports.js';
import { AppError, ConflictError, TooManyRequestsError, UnauthorizedError, ValidationError } from '#shared/errors.js';
import { awsEndpoint, optionalEnv, requireEnv } from '#shared/config.js';

/**
 * Cognito's API called directly (#adapters/aws-call.js: awsJson 1.1, SigV4, the SDK's retries), not
 * through the Cognito client (~40 KB): the identity functions are DynamoDB-only functions otherwise.
 * The operations a user makes with their own password, code or token are not signed, as in the SDK.
 */
const call = awsJsonService({
  service: 'cognito-idp',
  targetPrefix: 'AWSCognitoIdentityProviderService',
  jsonVersion: '1.1',
  endpoint: awsEndpoint('COGNITO'),
  unsigned: new Set(['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'ForgotPassword', 'ConfirmForgotPassword', 'ChangePassword', 'GlobalSignOut']),
});

/** The parts of Cognito's answers we read. */
interface Attribute { Name: string; Value?: string }
interface AuthResult { AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string; ExpiresIn?: number } }
const userPoolId = requireEnv('USER_POOL_ID');
const clientId = requireEnv('USER_POOL_CLIENT_ID');
/** The Cognito emulator has no GlobalSignOut nor AdminUserGlobalSignOut; the local stack turns both off. */
const globalSignOutEnabled = optionalEnv('COGNITO_GLOBAL_SIGN_OUT') !== 'false';

const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

const invalidCode = () =>
  new ValidationError('The code is invalid or has expired', [{ field: 'code', message: 'invalid or expired code' }]);

/** Provider errors a client can cause are mapped here; anything else propagates as a 500. */
function mapProviderError(error: unknown): never {
  switch (errorName(error)) {
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      throw new TooManyRequestsError('Too many attempts, try again later', 30);
    case 'InvalidPasswordException':
      throw new ValidationError((error as Error).message, [{ field: 'password', message: (error as Error).message }]);
    default:
      throw error;
  }
}

function tokensFrom(result: { AccessToken?: string; IdToken?: string; RefreshToken?: string; ExpiresIn?: number } | undefined) {
  if (!result?.AccessToken || !result.IdToken) throw new Error('Identity provider returned no tokens');
  return { accessToken: result.AccessToken, idToken: result.IdToken, refreshToken: result.RefreshToken ?? '', expiresIn: result.ExpiresIn ?? 3600 };
}

export const cognitoIdentityProvider: IdentityProvider = {
  async signUp({ email, password, name }) {
    try {
      const result = await call<{ UserSub?: string }>('SignUp', {
        ClientId: clientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: name }],
      });
      if (!result.UserSub) throw new Error('Identity provider returned no user id');
      return { userId: result.UserSub };
    } catch (error) {
      if (errorName(error) === 'UsernameExistsException') {
        throw new ConflictError('EMAIL_TAKEN', 'An account with this email already exists');
      }
      return mapProviderError(error);
    }
  },

  async confirmSignUp(email, code) {
    try {
      await call('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: code });
    } catch (error) {
      // Unknown user, wrong code and already-confirmed all look the same to the caller.
      if (['CodeMismatchException', 'ExpiredCodeException', 'UserNotFoundException', 'NotAuthorizedException'].includes(errorName(error))) {
        throw invalidCode();
      }
      return mapProviderError(error);
    }
  },

  async login(email, password) {
    try {
      const result = await call<AuthResult>('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      });
      return tokensFrom(result.AuthenticationResult);
    } catch (error) {
      const name = errorName(error);
      // The emulator reports a wrong password as InvalidPasswordException; Cognito as NotAuthorizedException.
      if (['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException'].includes(name)) {
        throw new UnauthorizedError('Email or password is incorrect');
      }
      if (name === 'UserNotConfirmedException') {
        throw new AppError('forbidden', 'EMAIL_NOT_CONFIRMED', 'Confirm your email with the code we sent before logging in');
      }
      if (name === 'PasswordResetRequiredException') {
        throw new AppError('forbidden', 'PASSWORD_RESET_REQUIRED', 'Reset your password before logging in');
      }
      return mapProviderError(error);
    }
  },

  async refresh(refreshToken) {
    try {
      const result = await call<AuthResult>('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
      return tokensFrom(result.AuthenticationResult);
    } catch (error) {
      if (['NotAuthorizedException', 'UserNotFoundException'].includes(errorName(error))) {
        throw new UnauthorizedError('Refresh token is invalid or revoked');
      }
      return mapProviderError(error);
    }
  },

  async requestPasswordReset(email) {
    try {
      await call('ForgotPassword', { ClientId: clientId, Username: email });
    } catch (error) {
      // Never reveal whether the account exists.
      if (['UserNotFoundException', 'NotAuthorizedException', 'InvalidParameterException'].includes(errorName(error))) return;
      mapProviderError(error);
    }
  },

  async confirmPasswordReset(email, code, newPassword) {
    try {
      await call('ConfirmForgotPassword', { ClientId: clientId, Username: email, ConfirmationCode: code, Password: newPassword });
    } catch (error) {
      if (['CodeMismatchException', 'ExpiredCodeException', 'UserNotFoundException', 'NotAuthorizedException'].includes(errorName(error))) {
        throw invalidCode();
      }
      mapProviderError(error);
    }
  },

  async changePassword(accessToken, currentPassword, newPassword) {
    try {
      await call('ChangePassword', { AccessToken: accessToken, PreviousPassword: currentPassword, ProposedPassword: newPassword });
    } catch (error) {
      // Cognito reports a wrong previous password as NotAuthorizedException, the emulator as
      // InvalidPasswordException. The new password has already passed the pool's own policy
      // (rules.ts, the same numbers), so either one means the current password is wrong.
      if (['NotAuthorizedException', 'InvalidPasswordException'].includes(errorName(error))) {
        throw new ValidationError('The current password is incorrect', [{ field: 'currentPassword', message: 'incorrect password' }]);
      }
      mapProviderError(error);
    }
  },

  async userIdOf(email) {
    try {
      const result = await call<{ Username?: string; UserAttributes?: Attribute[] }>('AdminGetUser', { UserPoolId: userPoolId, Username: email });
      return result.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? result.Username;
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return undefined;
      throw error;
    }
  },

  async signOutEverywhere(accessToken) {
    if (!globalSignOutEnabled) return;
    await call('GlobalSignOut', { AccessToken: accessToken });
  },

  async signOutUser(userId) {
    if (!globalSignOutEnabled) return;
    try {
      await call('AdminUserGlobalSignOut', { UserPoolId: userPoolId, Username: userId });
    } catch (error) {
      if (errorName(error) !== 'UserNotFoundException') throw error;
    }
  },

  async groupsOf(userId) {
    try {
      const result = await call<{ Groups?: { GroupName?: string }[] }>('AdminListGroupsForUser', { UserPoolId: userPoolId, Username: userId, Limit: 60 });
      return (result.Groups ?? []).map((g) => g.GroupName ?? '').filter(Boolean);
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return [];
      throw error;
    }
  },

  async addToGroup(userId, group) {
    await call('AdminAddUserToGroup', { UserPoolId: userPoolId, Username: userId, GroupName: group });
  },

  async removeFromGroup(userId, group) {
    try {
      await call('AdminRemoveUserFromGroup', { UserPoolId: userPoolId, Username: userId, GroupName: group });
    } catch (error) {
      if (errorName(error) !== 'UserNotFoundException') throw error;
    }
  },

  async groupMembers(group) {
    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await call<{ Users?: { Username?: string; Attributes?: Attribute[] }[]; NextToken?: string }>('ListUsersInGroup', { UserPoolId: userPoolId, GroupName: group, Limit: 60, NextToken });
      for (const user of page.Users ?? []) {
        const sub = user.Attributes?.find((a) => a.Name === 'sub')?.Value ?? user.Username;
        if (sub) ids.push(sub);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return ids;
  },

  async deleteUser(userId) {
    try {
      await call('AdminDeleteUser', { UserPoolId: userPoolId, Username: userId });
    } catch (error) {
      if (errorName(error) !== 'UserNotFoundException') throw error;
    }
  },
};
