import { adminRoster, idp, users } from '#compose/identity.js';
import { listAdmins } from '#domain/identity/admins.js';
import { http } from '#compose/http.js';
import { clock } from '#shared/clock.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'GET /admin/admins', async ({ auth }) => ({
  body: await listAdmins({ roster: adminRoster, idp, users, now: clock.now, realNowMs: Date.now }, auth.userId),
}));
