/**
 * Orders routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import * as orderRoutesSchemas from '#domain/orders/order-route-schemas.js';
import * as orders from '#domain/orders/schemas.js';
import type { HttpRoute } from './types.js';

export const orderRoutes = {

  'GET /orders': {
    handler: 'orders/list-orders', access: 'customer', grants: ['table:read'], tag: 'Orders', summary: 'The caller\'s orders, newest first',
    query: orders.ListQuery, success: { status: 200, body: orders.OrderList },
  },
  'GET /orders/{id}': {
    handler: 'orders/get-order', access: 'customer', grants: ['table:read'], tag: 'Orders', summary: 'An order (owner or admin; 404 for anyone else)',
    params: orders.OrderIdParams, success: { status: 200, body: orders.Order }, errors: [404],
  },
  'PUT /orders/{id}': {
    handler: 'orders/update-order', access: 'admin', grants: ['table:write'], tag: 'Orders',
    summary: 'Ship (carrier + tracking code) or deliver an order; an illegal transition is 409',
    params: orders.OrderIdParams, body: orderRoutesSchemas.UpdateOrderBody, success: { status: 200, body: orders.Order }, errors: [404, 409],
  },
  'DELETE /orders/{id}': {
    handler: 'orders/cancel-order', access: 'customer', grants: ['table:write', 'payments:provider', 'carrier:provider'], tag: 'Orders',
    summary: 'Cancel (owner or admin): pending releases stock, paid cancels its bought label at the carrier and is refunded; a label the carrier has (SHIPMENT_POSTED) or shipped or later is 409; the carrier not answering is 503',
    params: orders.OrderIdParams, success: { status: 200, body: orders.Order }, errors: [404, 409, 503],
  },
  'GET /orders/{id}/tracking': {
    handler: 'orders/tracking', access: 'customer', grants: ['table:read'], tag: 'Orders', summary: 'Status timeline of an order',
    params: orders.OrderIdParams, success: { status: 200, body: orderRoutesSchemas.Tracking }, errors: [404],
  },
  'GET /admin/orders': {
    handler: 'orders/admin-list-orders', access: 'admin', grants: ['table:read'], tag: 'Orders',
    summary: 'Orders by status, or one customer\'s orders (`customerId`, not combinable with `status`), newest first, optionally within a creation-time range',
    query: orderRoutesSchemas.AdminOrdersQuery,
    success: { status: 200, body: orders.OrderList },
  },
} as const satisfies Record<string, HttpRoute>;
