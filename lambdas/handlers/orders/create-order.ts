import { orderDeps } from '#compose/checkout.js';
import { placeOrder } from '#domain/orders/orders.js';
import { http } from '#compose/http.js';
import { withIdempotency } from '#compose/idempotency.js';
import { checkoutRoutes } from '../../routes/checkout.js';

export const handler = http(checkoutRoutes, 'POST /orders', async ({ auth, body, headers, correlationId }) => {
  const result = await withIdempotency({ headers, routeKey: 'POST /orders', callerId: auth.userId, fingerprint: body }, async () => ({
    status: 201,
    // The session is a ConditionCheck of the order's transaction (the route says sessionCheck: 'handler').
    body: await placeOrder(orderDeps, { userId: auth.userId, addressId: body.addressId, shippingService: body.shippingService, correlationId, session: auth.rideSessionCheck() }),
  }));
  // A replayed answer ran no use case: its session is checked the ordinary way.
  if (!auth.sessionChecked) await auth.assertSessionActive();
  return result;
});
