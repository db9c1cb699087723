import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { listSources } from '#domain/collection/sources.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'GET /admin/collection/sources', async () => ({
  body: await listSources({ store }),
}));
