import { couponAdmin } from '#adapters/dynamodb/coupons.js';
import type { CouponAdminDeps } from '#domain/orders/coupons.js';
import { clock } from '#shared/clock.js';

/** The coupon management functions' adapters (apart from ./cart.ts: the shoppers' cart functions do not bundle them). */
export const couponAdminDeps: CouponAdminDeps = { coupons: couponAdmin, now: () => clock.now() };
