import { idp, users } from '#compose/identity.js';
import { getCustomerForAdmin } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'GET /admin/customers/{id}', async ({ params }) => ({
  body: await getCustomerForAdmin({ users, idp }, params.id),
}));
