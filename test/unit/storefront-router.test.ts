/** The storefront's CloudFront Function (lib/storefront-site.ts): client routes get index.html, files stay files. */
import { SPA_ROUTER_CODE } from '../../lib/storefront-site.js';

type Handler = (event: { request: { uri: string; querystring: Record<string, unknown> } }) => { uri: string };
// The function's own source, as CloudFront runs it (plain ES5, no imports).
const handler = new Function(`${SPA_ROUTER_CODE}; return handler;`)() as Handler;
const route = (uri: string) => handler({ request: { uri, querystring: {} } }).uri;

test.each([
  '/store/',
  '/store/busca',
  '/store/produto/01JABCDEF0123456789ABCDEFG',
  '/store/pedidos/01JABCDEF0123456789ABCDEFG/pagamento',
  '/store/admin',
  '/store/admin/pedidos/',
])('the client route %s gets the app', (uri) => {
  expect(route(uri)).toBe('/store/index.html');
});

test.each([
  '/store/index.html',
  '/store/assets/index-DYpDyW3S.js',
  '/store/assets/index-DWlTMSap.css',
  '/store/assets/missing-abc123.js',
  '/store/config.js',
  '/store/favicon.ico',
])('the file %s goes to S3 as it is (a missing one stays an error)', (uri) => {
  expect(route(uri)).toBe(uri);
});
