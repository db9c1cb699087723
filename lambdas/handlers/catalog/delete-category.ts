import { catalog } from '#compose/catalog.js';
import { deleteCategory } from '#domain/catalog/use-cases.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'DELETE /categories/{id}', async ({ params }) => {
  await deleteCategory({ catalog }, params.id);
  return {};
});
