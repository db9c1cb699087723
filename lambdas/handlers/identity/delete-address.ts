import { users } from '#compose/identity.js';
import { deleteAddress } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'DELETE /me/addresses/{id}', async ({ auth, params }) => {
  await deleteAddress({ users }, auth.userId, params.id);
  return {};
});
