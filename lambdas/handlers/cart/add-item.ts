import { cartDeps } from '#compose/cart.js';
import { addToCart } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'POST /cart', async ({ auth, body }) => ({ body: await addToCart(cartDeps, auth.userId, body.sku, body.quantity) }));
