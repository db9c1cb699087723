import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { updateCoupon } from '#domain/orders/coupons.js';
import { couponRoutes } from '../../routes/coupons.js';

export const handler = http(couponRoutes, 'PATCH /admin/coupons/{code}', async ({ params, body }) => ({ body: await updateCoupon(couponAdminDeps, params.code, body) }));
