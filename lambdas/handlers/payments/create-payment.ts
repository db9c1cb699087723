import { startPaymentDeps } from '#compose/payments.js';
import { startPayment } from '#domain/payments/use-cases.js';
import { http } from '#compose/http.js';
import { withIdempotency } from '#compose/idempotency.js';
import { paymentRoutes } from '../../routes/payments.js';

export const handler = http(paymentRoutes, 'POST /orders/{id}/payments', async ({ auth, params, body, headers, correlationId }) =>
  withIdempotency({ headers, routeKey: 'POST /orders/{id}/payments', callerId: auth.userId, fingerprint: { orderId: params.id, body } }, async () => ({
    status: 201,
    body: await startPayment(await startPaymentDeps(), { orderId: params.id, customerId: auth.userId, correlationId, idempotencyKey: headers['idempotency-key'], ...body }),
  })));
