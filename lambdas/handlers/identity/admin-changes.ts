import { adminRoster } from '#compose/identity.js';
import { adminChanges } from '#domain/identity/admins.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'GET /admin/admin-changes', async ({ query }) => ({
  body: await adminChanges({ roster: adminRoster }, query.limit ?? 20, query.cursor),
}));
