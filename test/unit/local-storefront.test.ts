/** The local gateway's storefront serving: files, the app's routes, no escape from its folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { localStorefrontHeaders, serveStorefront, startStorefrontServer } from '../../local/storefront.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'storefront-'));
const dist = path.join(root, 'dist');
mkdirSync(path.join(dist, 'assets'), { recursive: true });
writeFileSync(path.join(dist, 'index.html'), '<html>app</html>');
writeFileSync(path.join(dist, 'assets/app-1.js'), 'console.log(1)');
writeFileSync(path.join(root, 'secret.txt'), 'secret');

let server: http.Server;
let base = '';
let dir = dist;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    void serveStorefront(req, res, new URL(req.url ?? '/', 'http://x').pathname, { dir }).then((served) => {
      if (!served) res.writeHead(404).end('api');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (p: string) => {
  const response = await fetch(base + p, { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type'), location: response.headers.get('location'), text: await response.text() };
};

test('serves built files, and index.html for the app routes', async () => {
  expect(await get('/store/assets/app-1.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', text: 'console.log(1)' });
  expect(await get('/store/busca?q=cafe')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', text: '<html>app</html>' });
  expect(await get('/store/')).toMatchObject({ status: 200, text: '<html>app</html>' });
});

test('text files are gzipped when the browser accepts it, as CloudFront compresses them; raw otherwise', async () => {
  const raw = (acceptEncoding?: string) => new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
    http.get(`${base}/store/assets/app-1.js`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  const gzipped = await raw('gzip, deflate, br');
  expect(gzipped.encoding).toBe('gzip');
  expect(gunzipSync(gzipped.body).toString()).toBe('console.log(1)');
  const plain = await raw();
  expect(plain).toEqual({ encoding: undefined, vary: 'accept-encoding', body: Buffer.from('console.log(1)') });
});

test('redirects / to the store and leaves other paths to the API', async () => {
  expect(await get('/')).toMatchObject({ status: 302, location: '/store/' });
  expect(await get('/products')).toMatchObject({ status: 404, text: 'api' });
});

test('an encoded ../ does not leave the build folder', async () => {
  // The URL parser resolves %2e%2e itself (the path leaves /store/ and goes to the API); %2f is decoded by us.
  expect((await get('/store/%2e%2e/secret.txt')).text).not.toBe('secret');
  expect((await get('/store/..%2fsecret.txt')).text).toBe('<html>app</html>');
  expect((await get('/store/..%2f..%2fdist/../secret.txt')).text).not.toBe('secret');
});

test('says how to build the app when it is not built', async () => {
  dir = path.join(root, 'missing');
  expect(await get('/store/')).toMatchObject({ status: 503, text: expect.stringContaining('npm run web:build') });
  dir = dist;
});

test('every file carries the storefront\'s CSP and security headers, with the page\'s own WebSocket origin', async () => {
  const expected = localStorefrontHeaders(base);
  for (const p of ['/store/', '/store/assets/app-1.js', '/store/busca']) {
    const response = await fetch(base + p);
    for (const [name, value] of Object.entries(expected)) expect([p, name, response.headers.get(name)]).toEqual([p, name, value]);
  }
  expect(expected['content-security-policy']).toContain(`connect-src 'self' ${base.replace('http', 'ws')}`);
  expect(localStorefrontHeaders(base, 'http://127.0.0.1:3000')['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:3000 ws://127.0.0.1:3000");
});

test('npm start\'s own storefront origin: config.js points the app at the API, whose origins the CSP allows', async () => {
  process.env.STOREFRONT_DIR = dist;
  const own = await startStorefrontServer({ port: 0, apiUrl: 'http://127.0.0.1:3000' });
  try {
    const config = await fetch(`${own.url}/store/config.js`);
    expect(await config.text()).toBe('window.STORE_CONFIG = {"apiUrl":"http://127.0.0.1:3000","websocketUrl":"ws://127.0.0.1:3000/ws"};\n');
    expect(config.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const page = await fetch(`${own.url}/store/produto/abc`);
    expect(await page.text()).toBe('<html>app</html>');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:3000 ws://127.0.0.1:3000;");
    expect((await fetch(`${own.url}/products`)).status).toBe(404);
  } finally {
    await own.stop();
    delete process.env.STOREFRONT_DIR;
  }
});
