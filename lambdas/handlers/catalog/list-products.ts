import { currentCatalogIndex } from '#compose/catalog.js';
import { cacheable } from '#http/cache.js';
import { publicHttp } from '#http/public.js';
import { catalogRoutes } from '../../routes/catalog.js';

/** Served from the in-memory index of the newest search snapshot: no table reads per request. */
export const handler = publicHttp(catalogRoutes, 'GET /products', async ({ query, headers }) => {
  const index = await currentCatalogIndex();
  return cacheable(headers, index.list(query), 10);
});
