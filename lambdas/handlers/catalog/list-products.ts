import { currentCatalogIndex } from '#compose/catalog.js';
import { attributeFilters } from '#domain/catalog/schemas.js';
import { cacheable } from '#http/cache.js';
import { publicHttp } from '#http/public.js';
import { catalogRoutes } from '../../routes/catalog.js';

/** Served from the in-memory index of the newest search snapshot: no table reads per request. */
export const handler = publicHttp(catalogRoutes, 'GET /products', async ({ query, headers, event }) => {
  const index = await currentCatalogIndex();
  return cacheable(headers, index.list({ ...query, attributes: attributeFilters(event.queryStringParameters ?? {}) }), 10);
});
