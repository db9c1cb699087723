/**
 * The storefront in a real headless Chromium against the local stack: home with the Black Friday
 * banner, an accent-insensitive search from the header, sort in the URL and the back button, a
 * product page with variant choice, axe-core on each page. Screenshots (desktop and mobile) go to
 * docs/screenshots/, which the README shows. The app is built first (Vite, a few seconds) into web/dist, which the stack's
 * gateway serves under /store/; the journey runs in a child process (see browser-journey.ts).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiUrl } from '../helpers/api.js';
import { localStorefrontHeaders } from '../../local/storefront.js';

const run = promisify(execFile);
/** `npm start`'s second origin, where only the storefront is (global-setup.ts). */
const storefrontUrl = () => {
  const url = process.env.STOREFRONT_URL;
  if (!url) throw new Error('STOREFRONT_URL is not set: the stack was not started by test/helpers/global-setup.ts');
  return url;
};
const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }
interface Journey {
  home: { path: string; banner: string; units: string | null; cards: number; axe: AxeViolation[] };
  search: { path: string; heading: string; names: string[]; prices: string[]; axe: AxeViolation[] };
  sorted: { path: string; prices: string[] };
  afterBack: { path: string; selectedSort: string };
  facet: { label: string; path: string; cards: number; pressed: string };
  pages: { firstPage: string[]; secondPage: { path: string; names: string[] }; backToFirst: string[] };
  product: { path: string; name: string; price: string; stock: string; chips: number; skuBefore: string; skuAfter: string; delivery: string[]; axe: AxeViolation[] };
  consoleErrors: string[];
  ownOrigin?: { path: string; names: string[]; apiOrigins: string[]; consoleErrors: string[] };
}

const BRL = /^(a partir de )?R\$\s\d{1,3}(\.\d{3})*,\d{2}$/;
const cents = (price: string) => Number(price.replace(/[^\d,]/g, '').replace(',', '.'));
const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

let journey: Journey;

beforeAll(async () => {
  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
  const { stdout } = await run(tsx, ['test/helpers/browser-journey.ts', `${apiUrl()}/store/`, path.join(root, 'docs/screenshots'), `${storefrontUrl()}/store/`], {
    cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 110_000,
  });
  journey = JSON.parse(stdout.trim().split('\n').at(-1)!) as Journey;
}, 120_000);

test('the home page shows the Black Friday banner with the live window and best sellers', () => {
  expect(journey.home.path).toBe('/store/');
  expect(journey.home.banner).toContain('Black Friday');
  expect(journey.home.banner.replace(/\u00a0/g, ' ')).toContain('R$ 1,00'); // Intl puts a no-break space after R$
  // The seeded sale runs every hour, on the hour: either units left now or the next window's countdown.
  expect(journey.home.banner).toMatch(/unidades restantes|Próxima rodada/);
  expect(journey.home.cards).toBeGreaterThan(0);
});

test('searching "cafe" from the header finds the Café products, with pt-BR prices, and the URL holds the query', () => {
  expect(journey.search.path).toBe('/store/busca?q=cafe');
  expect(journey.search.names.length).toBeGreaterThan(0);
  expect(journey.search.names.some((name) => name.includes('Café'))).toBe(true);
  for (const price of journey.search.prices) expect(price).toMatch(BRL);
});

test('sorting goes into the URL and the back button restores the previous results', () => {
  expect(journey.sorted.path).toBe('/store/busca?q=cafe&sort=-price');
  const prices = journey.sorted.prices.map(cents);
  expect(prices).toEqual([...prices].sort((a, b) => b - a));
  expect(journey.afterBack).toEqual({ path: '/store/busca?q=cafe', selectedSort: 'relevance' });
});

test('a brand facet of the results is a filter in the URL: as many products as it counted, its button pressed', () => {
  const [, brand, count] = /^(.+) \((\d+)\)$/.exec(journey.facet.label) ?? [];
  expect(brand).toBeDefined();
  expect(journey.facet.path).toBe(`/store/busca?q=cafe&brand=${encodeURIComponent(brand).replace(/%20/g, '+')}`);
  expect(journey.facet.cards).toBe(Math.min(Number(count), 24));
  expect(journey.facet.pressed).toBe(journey.facet.label);
});

test('the next page of results is a link with its cursor, and back returns to the first page', () => {
  expect(journey.pages.firstPage).toHaveLength(24);
  expect(journey.pages.secondPage.path).toMatch(/^\/store\/busca\?cursor=.+/);
  expect(journey.pages.secondPage.names.length).toBeGreaterThan(0);
  expect(journey.pages.secondPage.names.filter((name) => journey.pages.firstPage.includes(name))).toEqual([]);
  expect(journey.pages.backToFirst).toEqual(journey.pages.firstPage);
});

test('the product page shows the price, the stock, the delivery date for a CEP and lets the shopper pick another variant', () => {
  expect(journey.product.path).toMatch(/^\/store\/produto\/.+/);
  expect(journey.product.name).not.toBe('');
  expect(journey.product.price).toMatch(BRL);
  expect(journey.product.stock).toMatch(/Em estoque|Últimas \d+ unidades|Esgotado/);
  expect(journey.product.chips).toBeGreaterThan(1);
  expect(journey.product.skuAfter).not.toBe(journey.product.skuBefore);
  // The delivery date for a CEP in Rio de Janeiro: a weekday, with the service and its price.
  expect(journey.product.delivery).toEqual([expect.stringMatching(/^Receba até [a-zç]+-feira, \d{2}\/\d{2} — Entrega padrão, (frete grátis|R\$\s[\d.]+,\d{2}) \(RJ\)$/)]);
});

test('axe-core finds no serious or critical violations, and the pages log no errors', () => {
  expect({ home: serious(journey.home.axe), search: serious(journey.search.axe), product: serious(journey.product.axe) })
    .toEqual({ home: [], search: [], product: [] });
  expect(journey.consoleErrors).toEqual([]);
});

test('the gateway serves the app with the storefront\'s CSP and security headers (lib/storefront-headers.ts)', async () => {
  const response = await fetch(`${apiUrl()}/store/`);
  const received = Object.fromEntries(Object.keys(localStorefrontHeaders(apiUrl())).map((name) => [name, response.headers.get(name)]));
  // The stack also names its S3 emulator (MEDIA_BASE_URL, unknown to this process) in img-src, and in
  // connect-src for the console's photo uploads.
  received['content-security-policy'] = received['content-security-policy']
    ?.replace(/ http:\/\/[\w.]+:\d+ http: https:;/, ' http: https:;')
    .replace(/(connect-src [^;]*) http:\/\/[\w.]+:\d+;/, '$1;') ?? null;
  expect(received).toEqual(localStorefrontHeaders(apiUrl()));
  expect(received['content-security-policy']).toContain("script-src 'self';");
});

test('on its own origin the app calls the API across origins, allowed by its CSP and the API\'s CORS', async () => {
  const own = journey.ownOrigin;
  expect(own?.path).toBe(`${storefrontUrl()}/store/busca?q=cafe`);
  expect(own?.names.some((name) => name.includes('Café'))).toBe(true);
  expect(own?.apiOrigins).toEqual([new URL(apiUrl()).origin]);
  expect(own?.consoleErrors).toEqual([]);
  const csp = (await fetch(`${storefrontUrl()}/store/`)).headers.get('content-security-policy');
  expect(csp).toContain(`connect-src 'self' ${apiUrl()} ${apiUrl().replace('http', 'ws')}`);
  expect(await (await fetch(`${storefrontUrl()}/store/config.js`)).text()).toContain(`"apiUrl":"${apiUrl()}"`);
});
