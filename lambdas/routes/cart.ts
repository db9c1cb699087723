/**
 * Cart routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import * as orders from '#domain/orders/schemas.js';
import type { HttpRoute } from './types.js';

export const cartRoutes = {
  'GET /cart': {
    handler: 'cart/get-cart', access: 'customer', grants: ['table:write', 'carrier:provider'], tag: 'Cart',
    summary: 'The cart with current prices and totals; `?cep=` adds a shipping quote (the carrier\'s options, kept 30 minutes for POST /orders, or the CEP table)', query: orders.CartQuery,
    success: { status: 200, body: orders.Cart },
  },
  'POST /cart': {
    handler: 'cart/add-item', access: 'customer', idempotencyKey: true, grants: ['table:write'], tag: 'Cart', sessionCheck: 'handler', summary: 'Add units of a SKU (increments an existing line); a retry with the same Idempotency-Key adds nothing twice',
    body: orders.AddToCartBody, success: { status: 200, body: orders.Cart }, errors: [404, 409],
  },
  'PUT /cart/{itemId}': {
    handler: 'cart/set-quantity', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Set a line\'s quantity (0 removes it)',
    params: orders.CartItemParams, body: orders.SetQuantityBody, success: { status: 200, body: orders.Cart }, errors: [404, 409],
  },
  'DELETE /cart/{itemId}': {
    handler: 'cart/remove-item', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Remove a line',
    params: orders.CartItemParams, success: { status: 200, body: orders.Cart }, errors: [404],
  },
  'POST /cart/coupon': {
    handler: 'cart/apply-coupon', access: 'customer', grants: ['table:write'], tag: 'Cart',
    summary: 'Apply a coupon (409 with the reason when it does not apply)', body: orders.CouponBody, success: { status: 200, body: orders.Cart }, errors: [409],
  },
  'DELETE /cart/coupon': {
    handler: 'cart/remove-coupon', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Remove the coupon',
    success: { status: 200, body: orders.Cart },
  },
} as const satisfies Record<string, HttpRoute>;
