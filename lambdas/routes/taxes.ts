/**
 * Tax rate table routes (Lei 12.741/2012: the approximate taxes shown on orders). Admin only; the
 * table itself is read by POST /orders (lambdas/compose/checkout.ts).
 */
import * as taxes from '#domain/taxes/schemas.js';
import type { HttpRoute } from './types.js';

export const taxRoutes = {
  'POST /admin/tax-tables': {
    handler: 'taxes/upload-table', access: 'admin', grants: ['table:write'], tag: 'Taxes',
    summary: 'Replace the approximate tax rates with a new version from an IBPT-style file (`;`-separated: codigo, nacionalfederal, estadual[, tipo, ex, versao, fonte, vigenciainicio, vigenciafim]); checked whole first, the previous version kept',
    body: taxes.UploadTaxTableBody, success: { status: 201, body: taxes.TaxTableSummary }, errors: [409],
    errorCodes: { 409: ['TAX_TABLE_VERSION_EXISTS', 'TAX_TABLE_CHANGED'] },
  },
  'GET /admin/tax-tables': {
    handler: 'taxes/list-tables', access: 'admin', grants: ['table:read'], tag: 'Taxes',
    summary: 'Every stored version of the tax rate table, newest upload first, and which one is current',
    success: { status: 200, body: taxes.TaxTableList },
  },
  'PUT /admin/tax-tables/current': {
    handler: 'taxes/activate-table', access: 'admin', grants: ['table:write'], tag: 'Taxes',
    summary: 'Make a stored version current again (roll back an upload); orders already placed keep their taxes',
    body: taxes.ActivateTaxTableBody, success: { status: 200, body: taxes.TaxTableList }, errors: [404, 409], errorCodes: { 409: ['TAX_TABLE_CHANGED'] },
  },
} as const satisfies Record<string, HttpRoute>;
