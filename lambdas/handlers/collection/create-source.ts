import { store } from '#compose/collection.js';
import { http } from '#compose/http.js';
import { createSource } from '#domain/collection/sources.js';
import { clock } from '#shared/clock.js';
import { collectionRoutes } from '../../routes/collection.js';

export const handler = http(collectionRoutes, 'POST /admin/collection/sources', async ({ body }) => ({
  body: await createSource({ store }, body, clock.now()),
}));
