import { cartDeps } from '#adapters/orders-deps.js';
import { removeCoupon } from '#domain/orders/cart.js';
import { http } from '#shared/http.js';

export const handler = http('DELETE /cart/coupon', async ({ auth }) => ({ body: await removeCoupon(cartDeps, auth.userId) }));
