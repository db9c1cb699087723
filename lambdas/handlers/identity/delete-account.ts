import { accountOrders as orders, idp, users } from '#compose/identity.js';
import { deleteAccount } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { clock } from '#shared/clock.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'DELETE /me', async ({ auth }) => {
  await deleteAccount({ idp, users, orders, now: clock.now, realNowMs: Date.now }, auth.userId);
  return {};
});
