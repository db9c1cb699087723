import { clientIp, flashSales } from '#compose/flash-sale.js';
import { http } from '#compose/http.js';
import { withIdempotency } from '#compose/idempotency.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

export const handler = http(flashSaleRoutes, 'POST /flash-sales/current/claims', async ({ auth, body, headers, event }) => {
  const customer = { userId: auth.userId, ip: clientIp(headers, event.requestContext.http.sourceIp) };
  // Refusals that need no database first (the route checks the session itself, after them).
  flashSales.screen(customer, { fromMemory: headers['idempotency-key'] === undefined });
  await auth.assertSessionActive();
  return withIdempotency({ headers, routeKey: 'POST /flash-sales/current/claims', callerId: auth.userId, fingerprint: body }, async () => ({
    status: 201,
    body: await flashSales.claim({ userId: auth.userId, addressId: body.addressId }),
  }));
});
