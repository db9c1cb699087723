import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { rejectItem } from '#domain/collection/items.js';
import { clock } from '#shared/clock.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'POST /admin/collection/items/{id}/reject', async ({ params }) => ({
  body: await rejectItem({ store }, params.id, clock.now()),
}));
