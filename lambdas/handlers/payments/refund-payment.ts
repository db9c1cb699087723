import { paymentDeps } from '#compose/payments.js';
import { paymentView } from '#domain/payments/records.js';
import { refundByAdmin } from '#domain/payments/use-cases.js';
import { http } from '#compose/http.js';
import { paymentRoutes } from '../../routes/payments.js';

export const handler = http(paymentRoutes, 'POST /admin/orders/{id}/payments/{paymentId}/refund', async ({ auth, params }) => ({
  body: paymentView(await refundByAdmin(await paymentDeps(), params.id, params.paymentId, auth.userId)),
}));
