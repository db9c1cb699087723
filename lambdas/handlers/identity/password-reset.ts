import { idp } from '#compose/identity.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /password-reset', async ({ body }) => {
  await idp.requestPasswordReset(body.email);
  return { body: { message: 'If an account exists for this email, a reset code has been sent' } };
});
