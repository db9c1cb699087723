import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { http } from '#shared/http.js';

export const handler = http('POST /password-reset/confirm', async ({ body }) => {
  await idp.confirmPasswordReset(body.email, body.code, body.newPassword);
  return {};
});
