/** Sales report routes of the wiring table (../shared/API.md "Sales reports (v2)", docs/reports.md). */
import * as reports from '#domain/reports/schemas.js';
import type { HttpRoute } from './types.js';

export const reportRoutes = {
  'GET /admin/reports/sales': {
    handler: 'reports/sales', access: 'admin', grants: ['table:read', 'exports:write'], tag: 'Reports',
    summary: 'Sales (revenue net of refunds, orders paid, units) from..to (São Paulo days, at most 366), by day/week/month (every period, zeros included) or by product, category, customer, state or payment method; format=csv for a CSV export (amounts in cents; over 1 MB it is answered 303 See Other with a 5-minute link to the file)',
    query: reports.SalesQuery, success: { status: 200, body: reports.SalesReport },
    redirect: { status: 303, description: 'A CSV export over 1 MB: Location is a link to the file, valid 5 minutes (also in the body)', body: reports.ExportLink },
  },
  'GET /admin/reports/kpis': {
    handler: 'reports/kpis', access: 'admin', grants: ['table:read'], tag: 'Reports',
    summary: 'Revenue, orders, average order, units, paid conversion, Pix/card share, refund rate, new customers and top products from..to, each with the previous period of as many days',
    query: reports.KpisQuery, success: { status: 200, body: reports.Kpis },
  },
  'GET /admin/reports/flash-sales': {
    handler: 'reports/flash-sales', access: 'admin', grants: ['table:read'], tag: 'Reports',
    summary: 'Per flash-sale window (the latest `limit`, default 24, newest first; every sale or `saleId`): units, claimed, paid, expired, remaining and seconds to sell out (null if it did not)',
    query: reports.FlashSalesQuery, success: { status: 200, body: reports.FlashSalesReport }, errors: [404],
  },
  'GET /admin/reports/stock': {
    handler: 'reports/stock', access: 'admin', grants: ['table:read'], tag: 'Reports',
    summary: 'Per variant: stock, units sold in the last 7 and 30 days and days of cover, lowest cover first; lowOnly=true keeps those at or under the threshold (default 5)',
    query: reports.StockQuery, success: { status: 200, body: reports.StockReport },
  },
} as const satisfies Record<string, HttpRoute>;
