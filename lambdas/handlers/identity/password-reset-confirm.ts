import { idp, sessions } from '#compose/identity.js';
import { confirmPasswordReset } from '#domain/identity/use-cases.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /password-reset/confirm', async ({ body }) => {
  await confirmPasswordReset({ idp, sessions, realNowMs: Date.now }, body);
  return {};
});
