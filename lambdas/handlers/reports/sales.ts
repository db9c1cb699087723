import { exportStore, inlineCsvMaxBytes } from '#compose/exports.js';
import { http } from '#compose/http.js';
import { aggregateReader } from '#compose/reports.js';
import { salesCsvDelivery, salesReport } from '#domain/reports/queries.js';
import { reportRoutes } from '../../routes/reports.js';

// A link's expiry is real time, as its signature is (not the business clock that tests move).
const realTime = () => new Date();

export const handler = http(reportRoutes, 'GET /admin/reports/sales', async ({ query }) => {
  const report = await salesReport(aggregateReader, query);
  if (query.format === 'json') return { body: report };
  const csv = await salesCsvDelivery(report, { exports: exportStore, now: realTime }, inlineCsvMaxBytes);
  const headers: Record<string, string> = 'link' in csv ? { location: csv.link.url } : { 'content-disposition': `attachment; filename="${csv.fileName}"` };
  if ('link' in csv) return { status: 303, headers, body: csv.link };
  return { body: csv.inline, rawContentType: 'text/csv; charset=utf-8', headers };
});
