import { store } from '#compose/collection.js';
import { queue } from '#compose/collection-queue.js';
import { http } from '#compose/http.js';
import { startRunNow } from '#domain/collection/sources.js';
import { clock } from '#shared/clock.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'POST /admin/collection/sources/{id}/runs', async ({ params }) => ({
  body: await startRunNow({ store, queue }, params.id, clock.now()),
}));
