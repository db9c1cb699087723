import { cartDeps } from '#adapters/cart-deps.js';
import { removeCoupon } from '#domain/orders/cart.js';
import { http } from '#shared/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'DELETE /cart/coupon', async ({ auth }) => ({ body: await removeCoupon(cartDeps, auth.userId) }));
