import { adminRoster, idp, users } from '#compose/identity.js';
import { revokeAdmin } from '#domain/identity/admins.js';
import { http } from '#compose/http.js';
import { clock } from '#shared/clock.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'DELETE /admin/admins/{userId}', async ({ auth, params }) => {
  await revokeAdmin({ roster: adminRoster, idp, users, now: clock.now, realNowMs: Date.now }, auth.userId, params.userId);
  return {};
});
