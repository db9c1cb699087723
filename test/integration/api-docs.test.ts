/**
 * The API reference page (GET /docs): Scalar's renderer served by this API (no CDN) under a CSP that
 * allows only this origin, checked in a real headless Chromium (test/helpers/browser-docs-journey.ts):
 * the operations listed by tag, one operation with its body and try-it, the named component schemas,
 * no console error (a CSP refusal is one) and no request to another origin. Screenshots in
 * docs/screenshots/api-docs-*.png.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { api, apiUrl } from '../helpers/api.js';

const root = path.resolve(__dirname, '../..');

describe('GET /docs', () => {
  it('is a page that loads the renderer from this API, under a CSP that allows only this origin', async () => {
    const response = await api('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/https?:|\*/);
    expect([...response.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1].trim())).toEqual([
      expect.stringMatching(/^id="api-reference" type="application\/json" data-url="\/openapi\.json"/),
      'src="/docs/api-reference.js"',
    ]);
  });

  it('serves the renderer\'s pinned script itself', async () => {
    const response = await api('GET', '/docs/api-reference.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(response.text.length).toBeGreaterThan(1_000_000);
    expect(response.text).toContain('api-reference');
  });

  it('renders in a browser: operations by tag, an operation with try-it, the models; no console error, nothing from elsewhere', async () => {
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/browser-docs-journey.ts', apiUrl(), path.join(root, 'docs/screenshots')], {
      cwd: root, maxBuffer: 16 * 1024 * 1024,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    expect(seen.sidebarOperations).toEqual(expect.arrayContaining(['POST /orders', 'GET /orders/{id}', 'GET /admin/orders']));
    expect(seen.operation).toContain('addressId');
    expect(seen.operation).toContain('CART_CHANGED');
    expect(seen.models).toEqual(expect.arrayContaining(['Order', 'Cart', 'Product', 'Variant', 'Payment', 'Address', 'Error']));
  });
});
