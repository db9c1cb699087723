import { idp, users } from '#compose/identity.js';
import { register } from '#domain/identity/use-cases.js';
import { clock } from '#shared/clock.js';
import { publicHttp } from '#http/public.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = publicHttp(identityRoutes, 'POST /register', async ({ body }) => ({
  body: await register({ idp, users, now: clock.now }, body),
}));
