import { flashSales } from '#adapters/flash-sale-deps.js';
import { http } from '#shared/http.js';

export const handler = http('GET /admin/flash-sales/{id}', async ({ params }) => ({ body: await flashSales.adminView(params.id) }));
