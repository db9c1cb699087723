import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { deleteCoupon } from '#domain/orders/coupons.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'DELETE /admin/coupons/{code}', async ({ params }) => {
  await deleteCoupon(couponAdminDeps, params.code);
  return {};
});
