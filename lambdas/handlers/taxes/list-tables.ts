import { http } from '#compose/http.js';
import { taxTableDeps } from '#compose/taxes.js';
import { listTaxTables } from '#domain/taxes/use-cases.js';
import { taxRoutes } from '../../routes/taxes.js';

export const handler = http(taxRoutes, 'GET /admin/tax-tables', async () => ({ body: await listTaxTables(taxTableDeps) }));
