import { idp, sessions, users } from '#compose/identity.js';
import { changePassword } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /me/password', async ({ auth, body }) => ({
  body: await changePassword({ idp, users, sessions, realNowMs: Date.now }, auth, body),
}));
