import { renderDocsPage } from '#http/docs-page.js';
import { buildOpenApiDocument } from '#http/openapi.js';
import { publicHttp } from '#http/public.js';
import { systemRoutes } from '../../routes/system.js';

const page = renderDocsPage(buildOpenApiDocument());

export const handler = publicHttp(systemRoutes, 'GET /docs', async () => ({
  body: page,
  rawContentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'public, max-age=300', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
}));
