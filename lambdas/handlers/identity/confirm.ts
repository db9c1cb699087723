import { idp } from '#compose/identity.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /register/confirm', async ({ body }) => {
  await idp.confirmSignUp(body.email, body.code);
  return {};
});
