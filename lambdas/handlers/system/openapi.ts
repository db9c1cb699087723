import { buildOpenApiDocument } from '#http/openapi.js';
import { publicHttp } from '#http/public.js';
import { systemRoutes } from '../../routes/system.js';

const document = buildOpenApiDocument();

export const handler = publicHttp(systemRoutes, 'GET /openapi.json', async () => ({
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
