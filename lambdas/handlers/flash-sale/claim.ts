import { clientIp, flashSales } from '#compose/flash-sale.js';
import { http } from '#compose/http.js';
import { withIdempotency } from '#compose/idempotency.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

export const handler = http(flashSaleRoutes, 'POST /flash-sales/current/claims', async ({ auth, body, headers, event }) => {
  const customer = { userId: auth.userId, ip: clientIp(headers, event.requestContext.http.sourceIp) };
  const idempotent = headers['idempotency-key'] !== undefined;
  // Refusals that need no database first (the route checks the session itself, after them).
  flashSales.screen(customer, { fromMemory: !idempotent });
  // A retry with an Idempotency-Key may replay a stored answer without reaching the claim's own
  // write: its session is read first. Otherwise the check rides in the claim's marker write.
  if (idempotent) await auth.assertSessionActive();
  return withIdempotency({ headers, routeKey: 'POST /flash-sales/current/claims', callerId: auth.userId, fingerprint: body }, async () => ({
    status: 201,
    body: await flashSales.claim({ userId: auth.userId, addressId: body.addressId, session: idempotent ? undefined : () => auth.rideSessionCheck() }),
  }));
});
