import { buildOpenApiDocument } from '#shared/openapi.js';
import { http } from '#shared/http.js';
import { systemRoutes } from '../../routes/system.js';

const document = buildOpenApiDocument();

export const handler = http(systemRoutes, 'GET /openapi.json', async () => ({
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
