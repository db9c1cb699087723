import { flashSales } from '#compose/flash-sale.js';
import { publicHttp } from '#http/public.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

/** Cheap and cacheable for 1 s: per-container caches, no strong reads. */
export const handler = publicHttp(flashSaleRoutes, 'GET /flash-sales/current', async () => ({
  body: await flashSales.current(),
  headers: { 'cache-control': 'public, max-age=1' },
}));
