import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { getCoupon } from '#domain/orders/coupons.js';
import { couponRoutes } from '../../routes/coupons.js';

export const handler = http(couponRoutes, 'GET /admin/coupons/{code}', async ({ params }) => ({ body: await getCoupon(couponAdminDeps, params.code) }));
