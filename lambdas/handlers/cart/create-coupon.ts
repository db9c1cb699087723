import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { createCoupon } from '#domain/orders/coupons.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'POST /admin/coupons', async ({ body }) => ({ body: await createCoupon(couponAdminDeps, body) }));
