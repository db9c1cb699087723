import { idp, openOrders as orders, users } from '#compose/identity.js';
import { deleteAccount } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'DELETE /me', async ({ auth }) => {
  await deleteAccount({ idp, users, orders, realNowMs: Date.now }, auth.userId);
  return {};
});
