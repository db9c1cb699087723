import { http } from '#compose/http.js';
import { aggregateReader } from '#compose/reports.js';
import { kpis } from '#domain/reports/queries.js';
import { reportRoutes } from '../../routes/reports.js';

export const handler = http(reportRoutes, 'GET /admin/reports/kpis', async ({ query }) => ({ body: await kpis(aggregateReader, query.from, query.to) }));
