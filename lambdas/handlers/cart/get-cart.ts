import { quotingCartDeps } from '#compose/cart-quotes.js';
import { viewCart } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'GET /cart', async ({ auth, query }) => ({ body: await viewCart(quotingCartDeps, auth.userId, query.cep, query.shippingService) }));
