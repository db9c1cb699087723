import { catalog } from '#compose/catalog.js';
import { getProduct } from '#domain/catalog/use-cases.js';
import { cacheable } from '#http/cache.js';
import { publicHttp } from '#http/public.js';
import { catalogReadRoutes } from '../../routes/catalog-reads.js';

export const handler = publicHttp(catalogReadRoutes, 'GET /products/{id}', async ({ params, headers }) =>
  cacheable(headers, await getProduct({ catalog }, params.id), 10));
