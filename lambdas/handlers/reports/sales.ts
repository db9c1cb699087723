import { http } from '#compose/http.js';
import { aggregateReader } from '#compose/reports.js';
import { salesCsv, salesReport } from '#domain/reports/queries.js';
import { reportRoutes } from '../../routes/reports.js';

export const handler = http(reportRoutes, 'GET /admin/reports/sales', async ({ query }) => {
  const report = await salesReport(aggregateReader, query);
  if (query.format === 'json') return { body: report };
  return {
    body: salesCsv(report), rawContentType: 'text/csv; charset=utf-8',
    headers: { 'content-disposition': `attachment; filename="sales-${report.groupBy}-${report.from}-${report.to}.csv"` },
  };
});
