import { cartDeps } from '#compose/cart.js';
import { applyCoupon } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'POST /cart/coupon', async ({ auth, body }) => ({ body: await applyCoupon(cartDeps, auth.userId, body.code) }));
