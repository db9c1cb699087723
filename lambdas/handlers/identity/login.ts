import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { sessionStore as sessions } from '#adapters/dynamodb/users.js';
import { login } from '#domain/identity/use-cases.js';
import { http } from '#shared/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /login', async ({ body }) => ({
  body: await login({ idp, sessions, realNowMs: Date.now }, body.email, body.password),
}));
