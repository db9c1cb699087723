import { catalog } from '#compose/catalog.js';
import { LOW_STOCK_THRESHOLD } from '#domain/catalog/schemas.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'GET /admin/inventory/low-stock', async ({ query }) => ({
  body: await catalog.lowStock(query.threshold ?? LOW_STOCK_THRESHOLD, query.limit ?? 20, query.cursor),
}));
