import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { listItems } from '#domain/collection/items.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'GET /admin/collection/items', async ({ query }) => ({
  body: await listItems({ store }, query),
}));
