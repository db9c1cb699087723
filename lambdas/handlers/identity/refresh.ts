import { idp, sessions } from '#compose/identity.js';
import { refresh } from '#domain/identity/use-cases.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /token/refresh', async ({ body }) => ({
  body: await refresh({ idp, sessions }, body.refreshToken),
}));
