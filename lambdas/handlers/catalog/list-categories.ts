import { catalog } from '#compose/catalog.js';
import { listCategories } from '#domain/catalog/use-cases.js';
import { cacheable } from '#http/cache.js';
import { publicHttp } from '#http/public.js';
import { catalogReadRoutes } from '../../routes/catalog-reads.js';

export const handler = publicHttp(catalogReadRoutes, 'GET /categories', async ({ headers }) =>
  cacheable(headers, { items: await listCategories({ catalog }) }, 30));
