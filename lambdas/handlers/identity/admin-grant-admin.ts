import { adminRoster, idp, users } from '#compose/identity.js';
import { grantAdmin } from '#domain/identity/admins.js';
import { http } from '#compose/http.js';
import { clock } from '#shared/clock.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /admin/admins/{userId}', async ({ auth, params }) => ({
  body: await grantAdmin({ roster: adminRoster, idp, users, now: clock.now, realNowMs: Date.now }, auth.userId, params.userId),
}));
