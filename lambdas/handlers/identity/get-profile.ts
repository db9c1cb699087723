import { userRepository as users } from '#adapters/dynamodb/users.js';
import { getProfile } from '#domain/identity/use-cases.js';
import { http } from '#shared/http.js';

export const handler = http('GET /me', async ({ auth }) => ({
  body: await getProfile({ users }, auth.userId, auth.isAdmin),
}));
