import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { updateSource } from '#domain/collection/sources.js';
import { clock } from '#shared/clock.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'PUT /admin/collection/sources/{id}', async ({ params, body }) => ({
  body: await updateSource({ store }, params.id, body, clock.now()),
}));
