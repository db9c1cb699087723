import { cartDeps } from '#adapters/orders-deps.js';
import { setCartQuantity } from '#domain/orders/cart.js';
import { http } from '#shared/http.js';

export const handler = http('PUT /cart/{itemId}', async ({ auth, params, body }) => ({
  body: await setCartQuantity(cartDeps, auth.userId, params.itemId, body.quantity),
}));
