import { cartDeps } from '#compose/cart.js';
import { setCartQuantity } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'PUT /cart/{itemId}', async ({ auth, params, body }) => ({
  body: await setCartQuantity(cartDeps, auth.userId, params.itemId, body.quantity),
}));
