import { http } from '#compose/http.js';
import { aggregateReader, inventoryReader } from '#compose/reports.js';
import { stockReport } from '#domain/reports/queries.js';
import { clock } from '#shared/clock.js';
import { reportRoutes } from '../../routes/reports.js';

export const handler = http(reportRoutes, 'GET /admin/reports/stock', async ({ query }) => ({
  body: await stockReport({ reader: aggregateReader, inventory: inventoryReader, now: clock.now }, query.lowOnly, query.threshold),
}));
