import { listingDeps } from '#compose/logistics.js';
import { listShipments } from '#domain/logistics/use-cases.js';
import { http } from '#compose/http.js';
import { logisticsRoutes } from '../../routes/logistics.js';

export const handler = http(logisticsRoutes, 'GET /admin/orders/{id}/shipments', async ({ params }) => ({
  body: { items: await listShipments(listingDeps, params.id) },
}));
