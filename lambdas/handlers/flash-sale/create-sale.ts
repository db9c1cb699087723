import { variants } from '#compose/cart.js';
import { flashSales } from '#compose/flash-sale.js';
import { http } from '#compose/http.js';
import { flashSaleRoutes } from '../../routes/flash-sale.js';

export const handler = http(flashSaleRoutes, 'POST /admin/flash-sales', async ({ body }) => ({
  body: await flashSales.createSale(body, variants),
}));
