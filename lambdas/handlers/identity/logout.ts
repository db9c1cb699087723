import { idp, sessions } from '#compose/identity.js';
import { logout } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /logout', async ({ auth }) => {
  await logout({ idp, sessions, realNowMs: Date.now }, auth.userId, auth.accessToken);
  return {};
});
