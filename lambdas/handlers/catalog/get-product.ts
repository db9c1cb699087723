import { catalog } from '#compose/catalog.js';
import { imageSets } from '#compose/image-sets.js';
import { getProductPage } from '#domain/catalog/use-cases.js';
import { cacheable } from '#http/cache.js';
import { publicHttp } from '#http/public.js';
import { catalogReadRoutes } from '../../routes/catalog-reads.js';

export const handler = publicHttp(catalogReadRoutes, 'GET /products/{id}', async ({ params, headers }) =>
  cacheable(headers, await getProductPage({ catalog, imageSets }, params.id), 10));
