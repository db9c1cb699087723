import { userRepository as users } from '#adapters/dynamodb/users.js';
import { updateAddress } from '#domain/identity/use-cases.js';
import { clock } from '#shared/clock.js';
import { http } from '#shared/http.js';

export const handler = http('PUT /me/addresses/{id}', async ({ auth, params, body }) => ({
  body: await updateAddress({ users, now: clock.now }, auth.userId, params.id, body),
}));
