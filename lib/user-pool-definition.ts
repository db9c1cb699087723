import { PASSWORD_POLICY } from '../lambdas/domain/identity/rules.js';

/**
 * The user pool's settings as plain data, shared by the CDK stateful stack and the local
 * Cognito emulator (local/cognito.ts).
 */
export const USER_POOL_DEFINITION = {
  passwordPolicy: PASSWORD_POLICY,
  groups: [{ name: 'admin', description: 'Store administrators' }],
  usernameAttributes: ['email'] as const,
  client: {
    name: 'store-api',
    accessTokenValidityMinutes: 60,
    idTokenValidityMinutes: 60,
    refreshTokenValidityDays: 30,
  },
} as const;
