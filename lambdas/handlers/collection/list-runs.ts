import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { listRuns } from '#domain/collection/sources.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'GET /admin/collection/sources/{id}/runs', async ({ params, query }) => ({
  body: await listRuns({ store }, params.id, query),
}));
