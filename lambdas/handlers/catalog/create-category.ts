import { catalog } from '#compose/catalog.js';
import { createCategory } from '#domain/catalog/use-cases.js';
import { clock } from '#shared/clock.js';
import { http } from '#compose/http.js';
import { catalogRoutes } from '../../routes/catalog.js';

export const handler = http(catalogRoutes, 'POST /categories', async ({ body }) => ({
  body: await createCategory({ catalog, now: clock.now }, body),
}));
