import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { http } from '#shared/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /register/confirm', async ({ body }) => {
  await idp.confirmSignUp(body.email, body.code);
  return {};
});
