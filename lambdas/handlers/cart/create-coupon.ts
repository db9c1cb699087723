import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { createCoupon } from '#domain/orders/coupons.js';
import { couponRoutes } from '../../routes/coupons.js';

export const handler = http(couponRoutes, 'POST /admin/coupons', async ({ body }) => ({ body: await createCoupon(couponAdminDeps, body) }));
