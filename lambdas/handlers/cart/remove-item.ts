import { cartDeps } from '#compose/cart.js';
import { removeFromCart } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'DELETE /cart/{itemId}', async ({ auth, params }) => ({ body: await removeFromCart(cartDeps, auth.userId, params.itemId) }));
