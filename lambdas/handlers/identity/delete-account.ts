import { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
import { openOrders as orders } from '#adapters/dynamodb/orders-open.js';
import { userRepository as users } from '#adapters/dynamodb/users.js';
import { deleteAccount } from '#domain/identity/use-cases.js';
import { http } from '#compose/http.js';
import { identityRoutes } from '../../routes/identity.js';

export const handler = http(identityRoutes, 'DELETE /me', async ({ auth }) => {
  await deleteAccount({ idp, users, orders, realNowMs: Date.now }, auth.userId);
  return {};
});
