import { customerDirectory } from '#compose/identity.js';
import { searchCustomers } from '#domain/identity/customer-search.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'GET /admin/customers', async ({ query }) => ({
  body: await searchCustomers({ directory: customerDirectory }, { q: query.q, by: query.by, limit: query.limit ?? 20, cursor: query.cursor }),
}));
