import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { http } from '#shared/http.js';

export const handler = http('POST /register/confirm', async ({ body }) => {
  await idp.confirmSignUp(body.email, body.code);
  return {};
});
