import { flashSales } from '#compose/flash-sale.js';
import { http } from '#compose/http.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

export const handler = http(flashSaleRoutes, 'GET /admin/flash-sales/{id}', async ({ params }) => ({ body: await flashSales.adminView(params.id) }));
