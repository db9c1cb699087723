import { flashSales } from '#adapters/flash-sale-deps.js';
import { http } from '#shared/http.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

export const handler = http(flashSaleRoutes, 'GET /admin/flash-sales/{id}', async ({ params }) => ({ body: await flashSales.adminView(params.id) }));
