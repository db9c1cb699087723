import { http } from '#compose/http.js';
import { taxTableDeps } from '#compose/taxes.js';
import { uploadTaxTable } from '#domain/taxes/use-cases.js';
import { taxRoutes } from '../../routes/taxes.js';

export const handler = http(taxRoutes, 'POST /admin/tax-tables', async ({ auth, body }) => ({
  body: await uploadTaxTable(taxTableDeps, { ...body, uploadedBy: auth.userId }),
}));
