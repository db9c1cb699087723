import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { userRepository as users } from '#adapters/dynamodb/users.js';
import { getCustomerForAdmin } from '#domain/identity/use-cases.js';
import { http } from '#shared/http.js';

export const handler = http('GET /admin/customers/{id}', async ({ params }) => ({
  body: await getCustomerForAdmin({ users, idp }, params.id),
}));
