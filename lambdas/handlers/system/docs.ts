import { DOCS_CSP, renderDocsPage } from '#http/docs-page.js';
import { publicHttp } from '#http/public.js';
import { systemRoutes } from '../../routes/system.js';

const page = renderDocsPage('Big E-Commerce API');

export const handler = publicHttp(systemRoutes, 'GET /docs', async () => ({
  body: page,
  rawContentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'public, max-age=300', 'content-security-policy': DOCS_CSP },
}));
