import { http } from '#compose/http.js';
import { taxTableDeps } from '#compose/taxes.js';
import { activateTaxTable } from '#domain/taxes/use-cases.js';
import { taxRoutes } from '../../routes/taxes.js';

export const handler = http(taxRoutes, 'PUT /admin/tax-tables/current', async ({ body }) => ({ body: await activateTaxTable(taxTableDeps, body.version) }));
