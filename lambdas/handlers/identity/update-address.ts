import { users } from '#compose/identity.js';
import { updateAddress } from '#domain/identity/use-cases.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'PUT /me/addresses/{id}', async ({ auth, params, body }) => ({
  body: await updateAddress({ users, now: clock.now }, auth.userId, params.id, body),
}));
