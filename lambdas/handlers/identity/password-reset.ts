import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { http } from '#shared/http.js';

export const handler = http('POST /password-reset', async ({ body }) => {
  await idp.requestPasswordReset(body.email);
  return { body: { message: 'If an account exists for this email, a reset code has been sent' } };
});
