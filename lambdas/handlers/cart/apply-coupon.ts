import { cartDeps } from '#adapters/cart-deps.js';
import { applyCoupon } from '#domain/orders/cart.js';
import { http } from '#shared/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'POST /cart/coupon', async ({ auth, body }) => ({ body: await applyCoupon(cartDeps, auth.userId, body.code) }));
