/**
 * The checkout route of the wiring table (lambdas/routes.ts re-exports it with the others): an area of
 * its own, so that the function placing orders bundles its schemas and not every order route's.
 */
import * as orders from '#domain/orders/schemas.js';
import type { HttpRoute } from './types.js';

export const checkoutRoutes = {
  'POST /orders': {
    handler: 'orders/create-order', access: 'customer', idempotencyKey: true, grants: ['table:write'], tag: 'Orders', sessionCheck: 'handler',
    summary: 'Turn the cart into an order, reserving stock atomically (Idempotency-Key honoured); a cart becomes one order at most: a concurrent or repeated submit is 409 CART_CHANGED naming the order',
    body: orders.CreateOrderBody, success: { status: 201, body: orders.Order }, errors: [409, 422],
    errorCodes: {
      409: ['CART_CHANGED', 'OUT_OF_STOCK', 'IDEMPOTENCY_IN_PROGRESS', 'COUPON_NOT_FOUND', 'COUPON_NOT_YET_VALID', 'COUPON_EXPIRED', 'COUPON_EXHAUSTED', 'COUPON_CUSTOMER_LIMIT_REACHED', 'COUPON_BELOW_MINIMUM'],
      422: ['IDEMPOTENCY_KEY_REUSED'],
    },
  },} as const satisfies Record<string, HttpRoute>;
