/**
 * Payments routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import * as orders from '#domain/orders/schemas.js';
import * as payments from '#domain/payments/schemas.js';
import type { HttpRoute } from './types.js';

export const paymentRoutes = {
  'POST /orders/{id}/payments': {
    handler: 'payments/create-payment', access: 'customer', idempotencyKey: true, grants: ['table:write', 'payments:provider'], tag: 'Payments',
    summary: 'Pay an order by Pix (BR Code + QR) or card token (Idempotency-Key honoured); one attempt at a time (409 PAYMENT_IN_PROGRESS), a new one replaces a pending Pix (cancelled at the provider)',
    params: orders.OrderIdParams, body: payments.CreatePaymentBody, success: { status: 201, body: payments.PaymentStarted }, errors: [404, 409, 422],
  },
  'GET /orders/{id}/payments': {
    handler: 'payments/list-payments', access: 'customer', grants: ['table:read'], tag: 'Payments',
    summary: 'Payment attempts of an order (owner or admin)', params: orders.OrderIdParams,
    success: { status: 200, body: payments.PaymentList }, errors: [404],
  },
  'POST /admin/orders/{id}/payments/{paymentId}/refund': {
    handler: 'payments/refund-payment', access: 'admin', grants: ['table:write', 'payments:provider'], tag: 'Payments',
    summary: 'Refund an approved payment (returns after delivery, money that backs no order); a PAID order is cancelled instead (409), a REFUND_PENDING one is retried',
    params: payments.RefundParams, success: { status: 200, body: payments.PaymentView }, errors: [404, 409],
  },
  'POST /webhooks/payments/{provider}': {
    handler: 'payments/webhook', access: 'public', grants: ['table:write', 'payments:provider'], tag: 'Payments',
    summary: 'Signed payment notifications from the gateway (bad or stale signature: 401)', params: payments.ProviderParams,
    body: payments.WebhookBody, success: { status: 200, body: payments.WebhookAck }, errors: [401, 404],
  },
} as const satisfies Record<string, HttpRoute>;
