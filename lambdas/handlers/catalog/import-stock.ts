import { catalog } from '#compose/catalog.js';
import { http } from '#compose/http.js';
import { importStock } from '#domain/catalog/stock-import.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'POST /admin/inventory/stock-imports', async ({ body }) => ({ body: await importStock({ catalog }, body) }));
