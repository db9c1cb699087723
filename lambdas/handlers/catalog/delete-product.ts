import { catalog } from '#compose/catalog.js';
import { deleteProduct } from '#domain/catalog/use-cases.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'DELETE /products/{id}', async ({ params }) => {
  await deleteProduct({ catalog }, params.id);
  return {};
});
