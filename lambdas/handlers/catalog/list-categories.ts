import { catalogRepository as catalog } from '#adapters/dynamodb/catalog.js';
import { listCategories } from '#domain/catalog/use-cases.js';
import { cacheable } from '#shared/cache.js';
import { publicHttp } from '#shared/http-public.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = publicHttp(catalogRoutes, 'GET /categories', async ({ headers }) =>
  cacheable(headers, { items: await listCategories({ catalog }) }, 30));
