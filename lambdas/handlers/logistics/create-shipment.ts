import { logisticsDeps } from '#compose/logistics.js';
import { createShipment } from '#domain/logistics/use-cases.js';
import { NotFoundError } from '#shared/errors.js';
import { http } from '#compose/http.js';
import { logisticsRoutes } from '../../routes/logistics.js';

export const handler = http(logisticsRoutes, 'POST /admin/orders/{id}/shipments', async ({ params, body }) => {
  const deps = await logisticsDeps();
  if (body.carrier !== undefined && body.carrier !== deps.carrier.name) throw new NotFoundError(`Carrier ${body.carrier}`);
  return { status: 201, body: await createShipment(deps, params.id, { service: body.service, packages: body.packages }) };
});
