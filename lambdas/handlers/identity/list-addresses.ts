import { users } from '#compose/identity.js';
import { MAX_ADDRESSES } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

/** An account holds at most MAX_ADDRESSES addresses, so one page returns them all. */
export const handler = http(identityRoutes, 'GET /me/addresses', async ({ auth }) => ({
  body: await users.listAddresses(auth.userId, MAX_ADDRESSES),
}));
