import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { sessionStore as sessions } from '#adapters/dynamodb/users.js';
import { refresh } from '#domain/identity/use-cases.js';
import { http } from '#shared/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /token/refresh', async ({ body }) => ({
  body: await refresh({ idp, sessions }, body.refreshToken),
}));
