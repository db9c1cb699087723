/**
 * Coupon administration routes of the wiring table (lambdas/routes.ts re-exports them all as
 * `routes`), apart from the cart's so the cart handlers do not bundle the coupon admin schemas.
 */
import { ListQuery } from '#domain/list-query.js';
import * as coupons from '#domain/orders/coupon-schemas.js';
import type { HttpRoute } from './types.js';

export const couponRoutes = {
  'POST /admin/coupons': {
    handler: 'cart/create-coupon', access: 'admin', grants: ['table:write'], tag: 'Coupons',
    summary: 'Create a coupon: validity window, minimum order, total and per-customer limits, first purchase only, product/category scope',
    body: coupons.CreateCouponBody, success: { status: 201, body: coupons.CouponResponse }, errors: [409], errorCodes: { 409: ['COUPON_EXISTS'] },
  },
  'GET /admin/coupons': {
    handler: 'cart/list-coupons', access: 'admin', grants: ['table:read'], tag: 'Coupons', summary: 'Every coupon by code, with its usage counts',
    query: ListQuery, success: { status: 200, body: coupons.CouponList },
  },
  'GET /admin/coupons/{code}': {
    handler: 'cart/get-coupon', access: 'admin', grants: ['table:read'], tag: 'Coupons', summary: 'A coupon with its usage counts',
    params: coupons.CouponParams, success: { status: 200, body: coupons.CouponResponse }, errors: [404],
  },
  'PATCH /admin/coupons/{code}': {
    handler: 'cart/update-coupon', access: 'admin', grants: ['table:write'], tag: 'Coupons',
    summary: 'Change some fields of a coupon; `status: "disabled"` disables it (`null` clears a limit or the scope)',
    params: coupons.CouponParams, body: coupons.UpdateCouponBody, success: { status: 200, body: coupons.CouponResponse }, errors: [404, 409],
    errorCodes: { 409: ['COUPON_CHANGED'] },
  },
  'DELETE /admin/coupons/{code}': {
    handler: 'cart/delete-coupon', access: 'admin', grants: ['table:write'], tag: 'Coupons',
    summary: 'Delete a coupon never redeemed (409 COUPON_USED otherwise: disable it instead)',
    params: coupons.CouponParams, success: { status: 204 }, errors: [404, 409], errorCodes: { 409: ['COUPON_USED'] },
  },
} as const satisfies Record<string, HttpRoute>;
