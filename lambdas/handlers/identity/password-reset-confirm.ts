import { idp } from '#compose/identity.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /password-reset/confirm', async ({ body }) => {
  await idp.confirmPasswordReset(body.email, body.code, body.newPassword);
  return {};
});
