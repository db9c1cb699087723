import { idp, sessions } from '#compose/identity.js';
import { login } from '#domain/identity/use-cases.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /login', async ({ body }) => ({
  body: await login({ idp, sessions, realNowMs: Date.now }, body.email, body.password),
}));
