import { catalog } from '#compose/catalog.js';
import { changeStock } from '#domain/catalog/use-cases.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'PUT /products/{id}/variants/{sku}/stock', async ({ params, body }) => ({
  body: await changeStock({ catalog }, params.id, params.sku, body),
}));
