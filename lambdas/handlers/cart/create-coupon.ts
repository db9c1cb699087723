import { coupons as couponRepository } from '#compose/cart.js';
import { ConflictError } from '#shared/errors.js';
import { http } from '#compose/http.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'POST /admin/coupons', async ({ body }) => {
  const coupon = { ...body, usedCount: 0 };
  if (!(await couponRepository.create(coupon))) throw new ConflictError('COUPON_EXISTS', `Coupon ${body.code} already exists`);
  return { body: coupon };
});
