import { catalog } from '#compose/catalog.js';
import { updateCategory } from '#domain/catalog/use-cases.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'PUT /categories/{id}', async ({ params, body }) => ({
  body: await updateCategory({ catalog }, params.id, body),
}));
