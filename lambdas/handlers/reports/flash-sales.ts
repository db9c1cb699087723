import { http } from '#compose/http.js';
import { flashReport } from '#compose/reports.js';
import { flashSalesReport } from '#domain/reports/flash.js';
import { reportRoutes } from '../../routes/reports.js';

export const handler = http(reportRoutes, 'GET /admin/reports/flash-sales', async ({ query }) => ({
  body: await flashSalesReport(flashReport, query.saleId, query.limit),
}));
