import { flashSales } from '#adapters/flash-sale-deps.js';
import { http } from '#shared/http.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

/** Cheap and cacheable for 1 s: per-container caches, no strong reads. */
export const handler = http(flashSaleRoutes, 'GET /flash-sales/current', async () => ({
  body: await flashSales.current(),
  headers: { 'cache-control': 'public, max-age=1' },
}));
