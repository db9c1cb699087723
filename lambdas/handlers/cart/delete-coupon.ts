import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { deleteCoupon } from '#domain/orders/coupons.js';
import { couponRoutes } from '../../routes/coupons.js';

export const handler = http(couponRoutes, 'DELETE /admin/coupons/{code}', async ({ params }) => {
  await deleteCoupon(couponAdminDeps, params.code);
  return {};
});
