import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { updateCoupon } from '#domain/orders/coupons.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'PATCH /admin/coupons/{code}', async ({ params, body }) => ({ body: await updateCoupon(couponAdminDeps, params.code, body) }));
