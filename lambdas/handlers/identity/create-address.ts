import { users } from '#compose/identity.js';
import { createAddress } from '#domain/identity/use-cases.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'POST /me/addresses', async ({ auth, body }) => ({
  body: await createAddress({ users, now: clock.now }, auth.userId, body),
}));
