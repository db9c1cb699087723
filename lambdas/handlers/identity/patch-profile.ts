import { users } from '#compose/identity.js';
import { patchProfile } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'PATCH /me', async ({ auth, body }) => ({
  body: await patchProfile({ users }, auth.userId, auth.isAdmin, body),
}));
