import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { deleteSource } from '#domain/collection/sources.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'DELETE /admin/collection/sources/{id}', async ({ params }) => {
  await deleteSource({ store }, params.id);
  return {};
});
