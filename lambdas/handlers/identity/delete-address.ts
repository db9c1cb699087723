import { userRepository as users } from '#adapters/dynamodb/users.js';
import { deleteAddress } from '#domain/identity/use-cases.js';
import { http } from '#shared/http.js';

export const handler = http('DELETE /me/addresses/{id}', async ({ auth, params }) => {
  await deleteAddress({ users }, auth.userId, params.id);
  return {};
});
