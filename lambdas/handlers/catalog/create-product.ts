import { catalog } from '#compose/catalog.js';
import { media } from '#compose/media.js';
import { createProduct } from '#domain/catalog/product-writes.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'POST /products', async ({ body }) => ({
  body: await createProduct({ catalog, media, now: clock.now }, body),
}));
