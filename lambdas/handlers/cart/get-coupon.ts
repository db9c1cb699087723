import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { getCoupon } from '#domain/orders/coupons.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'GET /admin/coupons/{code}', async ({ params }) => ({ body: await getCoupon(couponAdminDeps, params.code) }));
