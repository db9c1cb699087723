import { cartDeps } from '#compose/cart.js';
import { removeCoupon } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'DELETE /cart/coupon', async ({ auth }) => ({ body: await removeCoupon(cartDeps, auth.userId) }));
