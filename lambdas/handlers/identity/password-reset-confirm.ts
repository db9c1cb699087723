import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { http } from '#shared/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /password-reset/confirm', async ({ body }) => {
  await idp.confirmPasswordReset(body.email, body.code, body.newPassword);
  return {};
});
