import { cartDeps } from '#adapters/cart-deps.js';
import { viewCart } from '#domain/orders/cart.js';
import { http } from '#shared/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'GET /cart', async ({ auth, query }) => ({ body: await viewCart(cartDeps, auth.userId, query.cep) }));
