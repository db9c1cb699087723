import { catalog } from '#compose/catalog.js';
import { media } from '#compose/media.js';
import { updateProduct } from '#domain/catalog/product-writes.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'PUT /products/{id}', async ({ params, body }) => ({
  body: await updateProduct({ catalog, media, now: clock.now }, params.id, body),
}));
