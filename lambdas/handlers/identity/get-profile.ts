import { users } from '#compose/identity.js';
import { getProfile } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'GET /me', async ({ auth }) => ({
  body: await getProfile({ users }, auth.userId, auth.isAdmin),
}));
